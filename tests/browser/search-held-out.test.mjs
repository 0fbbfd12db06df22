// The held-out query set (issue 16): 150+ queries written from the questions alone, before
// reading the glossary, as a candidate types them: prefixes cut mid-word, English words for
// Russian questions, Russian spellings of tool names, spelling variants, short natural
// questions, typos and the wrong keyboard layout both ways. Run against the shipped book
// (QBOOK_SITE) through the site's own search engine: one of the expected questions must be
// in the top 5 for at least 95 % of them, and the misses are listed in the failure message.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launchBrowser, newContext } from './lib/browser.mjs';
import { siteDir } from './lib/env.mjs';
import { startServer } from './lib/server.mjs';
import { listboxResults, openPage, scoreQueries, typeQuery } from './lib/search-tools.mjs';

/** [query, expected question id or ids (any of them is a hit), kind]. */
export const HELD_OUT = JSON.parse(readFileSync(new URL('./fixtures/search-held-out.json', import.meta.url), 'utf8'));
const KINDS = ['prefix', 'english', 'tool', 'spelling', 'natural', 'typo', 'layout'];

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

test('the held-out set has at least 120 queries, 20 of every kind', () => {
  assert.ok(HELD_OUT.length >= 120, `${HELD_OUT.length} queries`);
  for (const kind of KINDS) {
    const n = HELD_OUT.filter((q) => q[2] === kind).length;
    assert.ok(n >= 20, `${n} ${kind} queries`);
  }
});

test('an expected question is in the top 5 for at least 95% of the held-out queries', async () => {
  const { rate, misses } = await scoreQueries(page, 'held-out set', HELD_OUT);
  assert.deepEqual(page.errors, []);
  assert.ok(rate >= 0.95, `hit rate ${(rate * 100).toFixed(1)}% < 95%, misses:\n${misses.join('\n')}`);
});

/** Types `query` in the header box and waits for its own results (not those of a part typed). */
async function typeAndList(home, query) {
  await typeQuery(home, query);
  await home.waitForFunction(
    (q) => document.querySelector('#search-listbox .sr-all')?.dataset.href.endsWith('?q=' + encodeURIComponent(q)),
    query,
  );
  return listboxResults(home);
}

/** The follow-up the first result shows for `query` typed in the header box. */
async function firstSnippet(home, query) {
  const results = await typeAndList(home, query);
  await home.waitForSelector('#search-opt-0 .sr-snippet');
  return { href: results[0].href, html: await home.$eval('#search-opt-0 .sr-snippet', (el) => el.innerHTML) };
}

test('a follow-up found through the glossary or the other layout is shown with the words of the page marked', async () => {
  const home = await openPage(page.context(), server.url('index.html'));
  // A Russian spelling of an English phrase: the page's "Event loop" is marked.
  assert.deepEqual(await firstSnippet(home, 'ивент луп'), {
    href: 'q/asyncio.html',
    html: '<mark>Event</mark> <mark>loop</mark> vs threading в производительности',
  });
  // "мокирование" typed on the Latin layout.
  assert.deepEqual(await firstSnippet(home, 'vjrbhjdfybt'), {
    href: 'q/testirovat-asinkhronnyi-kod.html',
    html: '<mark>Мокирование</mark> асинхронных операций',
  });
  // "JWT" typed on the Russian layout, in capitals.
  assert.deepEqual(await firstSnippet(home, 'ОЦЕ'), {
    href: 'q/autentifikatsiiu-avtorizatsiiu.html',
    html: '<mark>JWT</mark> vs session-based authentication',
  });
  // A glossary phrase whose last word is still being typed.
  const results = await typeAndList(home, 'garbage coll');
  assert.equal(results[0].href, 'q/sborshchika-musora.html');
  assert.equal(results[0].html, 'Объясните принцип работы <mark>сборщика</mark> <mark>мусора</mark> в Python');
  assert.deepEqual(home.errors, []);
  await home.close();
});
