// Size of search, measured in headless Chromium: the bytes a browser downloads before the
// first result (search scripts and index files, gzip) for the shipped book (< 30 kB) and a
// synthetic 10,000-question book from examples/gen_book.rs (< 100 kB); and that every query
// of the synthetic set runs at that size. Prints the numbers for the report. Query latency
// is a speed target: tests/browser/bench-search.mjs measures it (a timed assertion here
// would fail on a busy machine, not on slow code).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, newContext } from './lib/browser.mjs';
import { siteDir } from './lib/env.mjs';
import { startServer } from './lib/server.mjs';
import { buildBook } from './lib/books.mjs';
import { SYNTHETIC_QUERIES, fileSizes, generateBook, openPage, typeQuery } from './lib/search-tools.mjs';

// The last three show a follow-up under a result (a text shard t<k>.js loads for it).
const SHIPPED_QUERIES = ['генераторами', 'GIL', 'N+1', 'транзакции postgresql', 'utythfnjh', 'декоратр', 'interning', 'пандас', 'хэширование'];

let browser;
let synthetic;
let built;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  built?.remove();
  synthetic?.cleanup();
});

/** Raw and gzip bytes of the whole index of a site (search/*.js). */
function indexSizes(site) {
  const dir = path.join(site, 'search');
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  const sum = files.map((f) => fileSizes(path.join(dir, f))).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), { raw: 0, gzip: 0 });
  return { files: files.length, ...sum, first: fileSizes(path.join(dir, 'index.js')) };
}

/** Types `query` on the home page; the search files fetched until the first result shows
 * (by the page's resource timing: what started before the results were drawn; the texts of
 * follow-ups that load after them do not count). */
async function bytesBeforeFirstResult(context, server, query) {
  const page = await openPage(context, server.url('index.html'));
  // Paths relative to the site: the shipped book is served under its own prefix (/qbook/).
  const sitePath = (url) => '/' + new URL(url).pathname.slice(server.basePath.length);
  // The scripts the page loads with its own <script> tags, before the box is used.
  const pageScripts = await page.$$eval('script[src]', (els) => els.map((el) => el.src));
  await page.evaluate(() => {
    const list = document.getElementById('search-listbox');
    new MutationObserver(() => {
      if (!window.__firstResultAt && list.querySelector('.sr-title')) window.__firstResultAt = performance.now();
    }).observe(list, { childList: true, subtree: true });
  });
  await typeQuery(page, query);
  await page.waitForSelector('#search-listbox [role=option] .sr-title', { timeout: 15_000 });
  const urls = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.startTime <= window.__firstResultAt).map((e) => e.name));
  const fetched = new Set([...pageScripts, ...urls].map(sitePath));
  const files = [...fetched].filter((p) => isSearchScript(p) || p.startsWith('/search/'));
  const total = files.map((p) => fileSizes(path.join(server.root, p))).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), { raw: 0, gzip: 0 });
  assert.deepEqual(page.errors, []);
  await page.close();
  return { query, requests: files.length, ...total };
}

/** The scripts search runs on: the shared helpers (qbook.js) and static/search.js (the
 * theme's static/search/*.js, bundled by the build). */
function isSearchScript(p) {
  return p === '/static/qbook.js' || p === '/static/search.js';
}

async function measureDownloads(site, queries) {
  const server = await startServer(site);
  const context = await newContext(browser);
  const rows = [];
  for (const q of queries) rows.push(await bytesBeforeFirstResult(context, server, q));
  await context.close();
  await server.close();
  return rows;
}

/** Gzip bytes of the search scripts, each file compressed alone as a static host serves it. */
function scriptsGzip(site) {
  const files = [path.join(site, 'static', 'qbook.js'), path.join(site, 'static', 'search.js')];
  return files.map((f) => fileSizes(f).gzip).reduce((a, b) => a + b, 0);
}

function report(label, site, rows) {
  const ix = indexSizes(site);
  const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
  console.log(`${label}: index ${ix.files} files, ${kb(ix.raw)} raw, ${kb(ix.gzip)} gzip; index.js ${kb(ix.first.raw)} raw, ${kb(ix.first.gzip)} gzip; search scripts ${kb(scriptsGzip(site))} gzip`);
  for (const r of rows) console.log(`  before first result «${r.query}»: ${r.requests} files, ${kb(r.raw)} raw, ${kb(r.gzip)} gzip`);
  return Math.max(...rows.map((r) => r.gzip));
}

test('the shipped book: under 30 kB (gzip) before the first result', async () => {
  const site = siteDir();
  const max = report('shipped book', site, await measureDownloads(site, SHIPPED_QUERIES));
  assert.ok(max < 30 * 1024, `${max} bytes`);
});

test('10,000 questions: under 100 kB before the first result, and every query finds questions', async () => {
  synthetic = generateBook(10_000);
  built = await buildBook(synthetic.root, ['--base-url', '/']);
  const max = report('10,000 questions', built.site, await measureDownloads(built.site, SYNTHETIC_QUERIES));
  assert.ok(max < 100 * 1024, `${max} bytes`);

  const server = await startServer(built.site);
  const context = await newContext(browser);
  const page = await openPage(context, server.url('search/index.html'));
  const runs = await page.evaluate(async (queries) => {
    const s = window.qbook.search;
    const out = [];
    for (const q of queries) {
      const loaded = await s.find(q, { limit: 8 }); // loads the shards the query needs
      const again = s.runNow(q, {}); // runs on what is loaded, without waiting
      out.push({ q, docs: loaded.docs, again: again && again.docs, top: s.ids({ docs: loaded.docs.slice(0, 8) }), fallback: loaded.fallback });
    }
    return out;
  }, SYNTHETIC_QUERIES);
  assert.deepEqual(page.errors, []);
  await context.close();
  await server.close();
  for (const r of runs) {
    console.log(`  «${r.q}»: ${r.docs.length} results${r.fallback ? ' (any word)' : ''}, first ${r.top[0]}`);
    assert.ok(r.docs.length > 0, `«${r.q}» finds nothing in 10,000 questions`);
    assert.ok(r.top.every((id) => typeof id === 'string' && id.length > 0), `«${r.q}»: the first results have no display data: ${r.top}`);
    assert.deepEqual(r.again, r.docs, `«${r.q}»: a second run on the loaded shards ranks differently`);
  }
  // The wrong keyboard layout and a typo find what the word itself finds.
  const docsOf = (q) => runs.find((r) => r.q === q).docs;
  assert.deepEqual(docsOf('utythfnjh'), docsOf('генераторами'));
  assert.deepEqual(docsOf('транзакцыи'), docsOf('транзакции'));
});
