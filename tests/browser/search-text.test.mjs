// The search's text rules in the browser (static/search/tokenize.js, stem*.js, query.js, run
// here outside a browser) against the Rust side: the token and term tables are the ones
// src/search/tokenize.rs's unit tests pin, and the stems are what rust-stemmers 1.2 (which
// builds the index) gives for the same words. A query word must meet the index's term.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { REPO_ROOT } from './lib/env.mjs';

const SCRIPTS = ['qbook.js', 'search/stem-ru.js', 'search/stem-en.js', 'search/tokenize.js', 'search/index.js', 'search/query.js'];

/** qbook.search with the scripts above loaded, in the order base.html loads them. */
function loadSearch() {
  const context = {};
  context.window = context;
  vm.createContext(context);
  for (const file of SCRIPTS) {
    vm.runInContext(readFileSync(path.join(REPO_ROOT, 'themes/default/static', file), 'utf8'), context, { filename: file });
  }
  return context.qbook.search;
}

test('tokenizes like tokenize.rs', () => {
  const { tokenize } = loadSearch();
  const cases = [
    ['Что такое GIL?', ['что', 'такое', 'gil']],
    ['`__slots__` и N+1', ['__slots__', 'и', 'n+1']],
    ['async/await, select_related', ['async/await', 'select_related']],
    ['Python 3.10+ и str | None', ['python', '3.10+', 'и', 'str', '|', 'none']],
    ['`is` и `==`: C++ и C#', ['is', 'и', '==', 'c++', 'и', 'c#']],
    ['Ёлка — os.path.join().', ['елка', 'os.path.join']],
    ['a -> b: x', ['a', '->', 'b', 'x']],
  ];
  for (const [text, expected] of cases) {
    assert.deepEqual([...tokenize(text).map((tok) => tok.t)], expected, text);
  }
});

test('gives each token the offsets of its text, for highlighting', () => {
  const { tokenize } = loadSearch();
  const text = 'Ёлка и 😀 N+1';
  assert.deepEqual([...tokenize(text)].map(({ t, s, e }) => [t, s, e, text.slice(s, e)]), [
    ['елка', 0, 4, 'Ёлка'],
    ['и', 5, 6, 'и'],
    ['n+1', 10, 13, 'N+1'],
  ]);
});

test('keys technical tokens with their parts like tokenize.rs', () => {
  const { termKeys } = loadSearch();
  const cases = [
    ['select_related', ['select_related', 'select', 'relat']],
    ['__slots__', ['__slots__', 'slot']],
    ['3.10+', ['3.10+', '3.10', '10']],
    ['n+1', ['n+1']],
    ['==', ['==']],
    ['x', []],
    ['256', ['256']],
  ];
  for (const [token, expected] of cases) assert.deepEqual([...termKeys(token)], expected, token);
});

test('stems Russian and English words as rust-stemmers does', () => {
  const { stem } = loadSearch();
  // word, rust-stemmers 1.2 (Russian for Cyrillic, English for Latin)
  const cases = STEMS.trim().split('\n').map((line) => line.split('\t'));
  assert.ok(cases.length >= 60, `${cases.length} cases`);
  for (const [word, expected] of cases) assert.equal(stem(word), expected, word);
  assert.equal(stem('gil'), 'gil');
  assert.equal(stem('mixedсlass'), 'mixedсlass'); // two alphabets: left as is, like stem() in Rust
});

test('reads a word typed on the wrong keyboard layout', () => {
  const { swapLayout } = loadSearch();
  assert.equal(swapLayout('utythfnjh'), 'генератор');
  assert.equal(swapLayout('ьшпкфешщт'), 'migration');
  assert.equal(swapLayout('генератор'), 'utythfnjh');
});

// Made by a throwaway program over rust-stemmers 1.2: Stemmer::create(Algorithm::Russian or
// English).stem(word) for each word.
const STEMS = `
генератор	генератор
генераторы	генератор
генераторами	генератор
генератора	генератор
транзакция	транзакц
транзакции	транзакц
декораторов	декоратор
асинхронные	асинхрон
многопоточность	многопоточн
наследование	наследован
наследования	наследован
метаклассы	метакласс
итерируемый	итерируем
итераторами	итератор
сериализатор	сериализатор
оптимизировать	оптимизирова
производительность	производительн
пагинацией	пагинац
кэширование	кэширован
использовать	использова
используется	использ
работает	работа
важнейшие	важн
вагонов	вагон
красивейший	красив
бегущий	бегущ
дескрипторы	дескриптор
является	явля
объектами	объект
decorators	decor
decorator	decor
generators	generat
running	run
connection	connect
happiness	happi
caresses	caress
ponies	poni
agreed	agre
hopping	hop
hoping	hope
relational	relat
conditional	condit
consolingly	consol
generously	generous
communication	communic
skies	sky
dying	die
news	news
inning	inning
succeeded	succeed
sized	size
optimization	optim
serializer	serial
caching	cach
transactions	transact
queries	queri
microservices	microservic
kubernetes	kubernet
async	async
await	await
yield	yield
`;
