// Gate: loading the key pages in Chromium requests nothing from any host but the local
// server (no CDN, font service or analytics), and the home page opened from file://
// requests nothing outside file://. Non-local requests are aborted before they leave the
// machine (lib/browser.mjs) and reported here.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { siteDir } from './lib/env.mjs';
import { launchBrowser, newContext } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { forEachKeyPage, keyPages } from './lib/site.mjs';
import { checkRequests, report } from './lib/gates.mjs';

let server;
let browser;
let context;

before(async () => {
  server = await startServer(siteDir());
  browser = await launchBrowser();
  context = await newContext(browser);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('key pages over http request nothing from other hosts', async (t) => {
  await forEachKeyPage(t, server.root, async (_st, page) => {
    const problems = await checkRequests(context, server.url(page.rel), { label: page.rel });
    assert.equal(problems.length, 0, report(`requests from ${page.rel}`, problems));
  });
});

test('the 404 page served for a missing deep URL loads its assets', async () => {
  const url = server.url('no/such/page/here/');
  const problems = await checkRequests(context, url, { label: '404.html (served at /no/such/page/here/)' });
  assert.equal(problems.length, 0, report('requests from the 404 page at a deep URL', problems));
});

test('the home page from file:// requests nothing outside file://', async () => {
  const url = pathToFileURL(path.join(server.root, 'index.html')).href;
  const problems = await checkRequests(context, url, { label: 'index.html (file://)' });
  assert.equal(problems.length, 0, report('requests from the home page opened as a file', problems));
});

test('the search page with a query from file:// requests nothing outside file://', async (t) => {
  const search = keyPages(server.root).find((p) => p.name === 'search results');
  if (search.missing && !search.required) return t.skip(`PENDING feature, page not built yet: ${search.missing}`);
  assert.equal(search.missing, null, search.missing);
  const [file, query] = search.rel.split('?');
  const url = `${pathToFileURL(path.join(server.root, file)).href}?${query}`;
  const problems = await checkRequests(context, url, { label: `${search.rel} (file://)` });
  assert.equal(problems.length, 0, report('requests from the search page opened as a file', problems));
});
