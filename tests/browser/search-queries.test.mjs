// The query set: realistic queries against the shipped book (QBOOK_SITE), run in headless
// Chromium through the site's own search engine. The expected question must be in the top
// 5 for at least 95% of them. Kinds: morphology, English terms, symbols and technical
// tokens, several words, typos, wrong keyboard layout.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newContext } from './lib/browser.mjs';
import { siteDir } from './lib/env.mjs';
import { startServer } from './lib/server.mjs';
import { openPage, scoreQueries } from './lib/search-tools.mjs';

/** [query, expected question id, kind]. */
export const QUERIES = [
  // morphology: word forms, including forms that occur nowhere in the book
  ['генераторами', 'generatory-ekonomiat-pamiat', 'morphology'],
  ['генератору csv', 'generatory-ekonomiat-pamiat', 'morphology'],
  ['транзакциями django', 'django-sqlalchemy', 'morphology'],
  ['изоляция транзакции', 'acid', 'morphology'],
  ['декоратором с параметрами', 'closures', 'morphology'],
  ['сборщиком мусора', 'sborshchika-musora', 'morphology'],
  ['дескриптором', 'deskriptory', 'morphology'],
  ['кортежей', 'spiskami-vs-kortezhami', 'morphology'],
  ['замыканиях', 'closures', 'morphology'],
  ['метаклассом', 'metaklassy', 'morphology'],
  ['миксинами', 'miksiny', 'morphology'],
  ['шардингом', 'sharding-replikatsiiu-bd', 'morphology'],
  ['репликации', 'sharding-replikatsiiu-bd', 'morphology'],
  ['корутиной', 'korutiny', 'morphology'],
  ['миграциями бд', 'migratsii-bd', 'morphology'],
  ['пирамида тестирования', 'piramidu-testirovaniia', 'morphology'],
  ['многопоточности', 'gil', 'morphology'],
  // English terms
  ['GIL', 'gil', 'english'],
  ['decorator pattern', 'decorator', 'english'],
  ['defaultdict', 'defaultdict', 'english'],
  ['weak references', 'weak-references', 'english'],
  ['dependency injection', 'dependency-injection', 'english'],
  ['CORS', 'cors', 'english'],
  ['event loop', 'asyncio', 'english'],
  ['WebSocket', 'websocket', 'english'],
  ['serverless lambda', 'serverless', 'english'],
  ['celery dask', 'raspredelennye-vychisleniia', 'english'],
  ['MRO', 'mnozhestvennoe-nasledovanie', 'english'],
  ['StopIteration', 'protokol-iteratora', 'english'],
  ['dataclass', 'data-classes', 'english'],
  ['pagination cursor', 'rest-api-paginatsiiu', 'english'],
  // symbols and technical tokens
  ['__slots__', 'slots', 'symbols'],
  ['N+1', 'django-orm', 'symbols'],
  ['select_related', 'django-orm', 'symbols'],
  ['async/await django', 'asinkhronnoe-programmirovanie', 'symbols'],
  ['Python 3.10+', 'union-optional', 'symbols'],
  ['str | None', 'union-optional', 'symbols'],
  ['is ==', 'is-vs-eq', 'symbols'],
  ['__new__ __init__', 'proiskhodit-kapotom-sozdanii', 'symbols'],
  ['**kwargs', 'args-kwargs', 'symbols'],
  ['@contextmanager', 'kontekstnye-menedzhery', 'symbols'],
  ['pytest-asyncio', 'testirovat-asinkhronnyi-kod', 'symbols'],
  ['__getattribute__', 'getattr-getattribute-setattr', 'symbols'],
  // several words
  ['как работает GIL', 'gil', 'several'],
  ['обработка исключений в веб-приложениях', 'obrabatyvat-iskliucheniia-veb', 'several'],
  ['кэширование redis memcached', 'strategii-keshirovaniia-veb', 'several'],
  ['хранить пароли bcrypt', 'khranit-paroli-sekrety', 'several'],
  ['sql инъекции', 'predotvratit-sql-inektsii', 'several'],
  ['индексы производительность', 'indeksy-vliiaiut', 'several'],
  ['csrf токен django', 'csrf', 'several'],
  ['jwt авторизация', 'autentifikatsiiu-avtorizatsiiu', 'several'],
  // typos (one per word of five letters or more)
  ['генератры', 'generatory-ekonomiat-pamiat', 'typo'],
  ['дескрипоры', 'deskriptory', 'typo'],
  ['многопоточнось', 'gil', 'typo'],
  ['транзакцыи django', 'django-sqlalchemy', 'typo'],
  ['pagintion', 'rest-api-paginatsiiu', 'typo'],
  ['singelton', 'singleton-thread-safe', 'typo'],
  ['метакласы', 'metaklassy', 'typo'],
  // wrong keyboard layout
  ['utythfnjhs', 'generatory-ekonomiat-pamiat', 'layout'],
  ['пшд', 'gil', 'layout'],
  ['кувшы', 'redis', 'layout'],
  ['rjhenbys', 'korutiny', 'layout'],
  ['vtnfrkfccs', 'metaklassy', 'layout'],
  ['вщслук', 'konteinerizirovat-prilozhenie', 'layout'],
];

let server;
let browser;
let page;

before(async () => {
  server = await startServer(siteDir());
  browser = await launchBrowser();
  const context = await newContext(browser);
  page = await openPage(context, server.url('search/index.html'));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the query set has at least 40 queries of every kind', () => {
  assert.ok(QUERIES.length >= 40, `${QUERIES.length} queries`);
  for (const kind of ['morphology', 'english', 'symbols', 'several', 'typo', 'layout']) {
    assert.ok(QUERIES.some((q) => q[2] === kind), `no ${kind} query`);
  }
});

test('the expected question is in the top 5 for at least 95% of the queries', async () => {
  const { rate, misses } = await scoreQueries(page, 'search query set', QUERIES);
  assert.deepEqual(page.errors, []);
  assert.ok(rate >= 0.95, `hit rate ${(rate * 100).toFixed(1)}% < 95%:\n${misses.join('\n')}`);
});
