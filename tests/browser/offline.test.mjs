// Offline after one visit (issue 16): the shipped book (QBOOK_SITE) served over http on
// loopback registers its service worker, which keeps every file of the build; with the
// network cut, a page never visited opens and search finds questions. A new build gets a
// new cache and the old one is deleted. The web app manifest names the book and its icons.
// From file:// no worker is registered and search works as before.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchBrowser, newContext } from './lib/browser.mjs';
import { tempDir } from './lib/books.mjs';
import { siteDir } from './lib/env.mjs';
import { startServer } from './lib/server.mjs';
import { listboxResults, openPage, typeQuery } from './lib/search-tools.mjs';

let browser;
let copy;
let server;
const site = siteDir();

before(async () => {
  browser = await launchBrowser();
  // A copy of the site, so that the test can make a "new build" of it.
  copy = tempDir('qbook-offline-');
  cpSync(site, path.join(copy.dir, 'site'), { recursive: true });
  server = await startServer(path.join(copy.dir, 'site'));
});

after(async () => {
  await browser?.close();
  await server?.close();
  copy?.remove();
});

/** Waits until the page is controlled by an active service worker; its cache names. */
async function waitForWorker(page) {
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
    return reg.active.state;
  });
  return page.evaluate(() => caches.keys());
}

test('after one visit, a page never visited opens and searches offline', async () => {
  const context = await newContext(browser, { viewport: { width: 390, height: 844 } });
  const page = await openPage(context, server.url('index.html'));
  const names = await waitForWorker(page);
  assert.equal(names.length, 1, names.join(', '));
  const kept = await page.evaluate(async (name) => (await (await caches.open(name)).keys()).map((r) => r.url), names[0]);
  const sw = readFileSync(path.join(server.root, 'sw.js'), 'utf8');
  const listed = JSON.parse(sw.slice('const BUILD = '.length, sw.indexOf(';\n'))).files;
  assert.equal(kept.length, listed.length, 'every listed file is cached');
  for (const file of ['q/gil.html', 'search/index.js', 'static/search.js', 'static/style.css', 'search/index.html']) {
    assert.ok(listed.includes(file), `${file} is not kept offline`);
  }

  await context.setOffline(true);
  await page.goto(server.url('q/pandas.html'));
  assert.match(await page.textContent('h1'), /pandas/);
  await page.goto(server.url('search/?q=' + encodeURIComponent('интернирование')));
  await page.waitForSelector('#search-results .search-result', { timeout: 15_000 });
  assert.match(await page.getAttribute('#search-results .search-result a', 'href'), /proiskhodit-kapotom-sozdanii\.html$/);
  await page.goto(server.url('sources/index.html'));
  await typeQuery(page, 'монго');
  const results = await listboxResults(page);
  assert.ok(results.some((r) => r.href.endsWith('q/mongodb.html')), JSON.stringify(results));
  assert.deepEqual(page.errors, []);
  assert.deepEqual(context.blockedRequests, []);
  await context.close();
});

test('a new build replaces the cached copy', async () => {
  const context = await newContext(browser);
  const page = await openPage(context, server.url('index.html'));
  const [first] = await waitForWorker(page);
  // A new build: one page changed, so sw.js names a new cache.
  const root = server.root;
  const gil = path.join(root, 'q', 'gil.html');
  writeFileSync(gil, readFileSync(gil, 'utf8').replace('</h1>', ' (v2)</h1>'));
  const swFile = path.join(root, 'sw.js');
  const sw = readFileSync(swFile, 'utf8');
  writeFileSync(swFile, sw.replace(/"hash":"([0-9a-f]+)"/, '"hash":"$1-v2"'));
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  // The new worker fills its cache, then deletes the old one (a liveness wait, not a timing).
  let names = [first];
  for (let i = 0; i < 300 && (names.length !== 1 || names[0] === first); i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    names = await page.evaluate(() => caches.keys());
  }
  assert.equal(names.length, 1, names.join(', '));
  assert.notEqual(names[0], first);
  await context.setOffline(true);
  await page.goto(server.url('q/gil.html'));
  assert.match(await page.textContent('h1'), /\(v2\)/);
  await context.close();
});

test('the manifest names the book and icons that exist', async () => {
  const manifest = JSON.parse(readFileSync(path.join(site, 'manifest.webmanifest'), 'utf8'));
  assert.ok(manifest.name.length > 0);
  assert.equal(manifest.start_url, './');
  assert.equal(manifest.display, 'standalone');
  const png = manifest.icons.find((i) => i.type === 'image/png' && i.sizes === '512x512');
  assert.ok(png, JSON.stringify(manifest.icons));
  for (const icon of manifest.icons) assert.ok(existsSync(path.join(site, icon.src)), icon.src);
  const context = await newContext(browser);
  const page = await openPage(context, server.url('q/gil.html'));
  const href = await page.$eval('link[rel=manifest]', (l) => l.href);
  const res = await page.request.get(href);
  assert.equal(res.status(), 200);
  await context.close();
});

test('from file:// no service worker is registered and search still works', async () => {
  const context = await newContext(browser);
  const page = await openPage(context, pathToFileURL(path.join(site, 'index.html')).href);
  await typeQuery(page, 'пандас');
  const results = await listboxResults(page);
  assert.ok(results.some((r) => r.href.endsWith('q/pandas.html')), JSON.stringify(results));
  assert.equal(await page.evaluate(() => navigator.serviceWorker?.controller ?? null), null);
  assert.deepEqual(page.errors, []);
  await context.close();
});
