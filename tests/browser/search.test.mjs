// Search in real headless Chromium against the shipped book (QBOOK_SITE): results as you
// type with highlighted words, the ARIA combobox and its keys, `/` from anywhere, the
// results page with ?q= and the level filter, file://, the "any word" fallback, typo and
// keyboard-layout tolerance, and that the JavaScript stemmer agrees with the Rust one on
// every word of the book.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchBrowser, newContext } from './lib/browser.mjs';
import { siteDir } from './lib/env.mjs';
import { startServer } from './lib/server.mjs';
import { listboxResults, openPage, typeQuery } from './lib/search-tools.mjs';

let server;
let browser;
let context;
const site = siteDir();

before(async () => {
  server = await startServer(site);
  browser = await launchBrowser();
  context = await newContext(browser);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('typing shows results with the matched words highlighted', async () => {
  const page = await openPage(context, server.url('index.html'));
  await typeQuery(page, 'генераторами');
  const results = await listboxResults(page);
  assert.ok(results.some((r) => r.href === 'q/generatory-ekonomiat-pamiat.html'), JSON.stringify(results));
  assert.match(results[0].html, /<mark>генератор[а-я]*<\/mark>/);
  assert.equal(await page.getAttribute('#search-input', 'aria-expanded'), 'true');
  assert.equal(await page.getAttribute('#search-input', 'role'), 'combobox');
  const where = await page.textContent('#search-listbox .sr-where');
  assert.match(where, / · /, 'level and section are shown');
  assert.match(await page.textContent('.search-live'), /\d/, 'the count is announced');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the last word is a prefix while typing', async () => {
  const page = await openPage(context, server.url('index.html'));
  await typeQuery(page, 'дескрип');
  const results = await listboxResults(page);
  assert.equal(results[0].href, 'q/deskriptory.html');
  await page.close();
});

test('/ focuses search; arrows move, Enter opens, Escape closes', async () => {
  const page = await openPage(context, server.url('q/slots.html'));
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search-input');
  await page.keyboard.type('GIL', { delay: 5 });
  await listboxResults(page);
  await page.keyboard.press('ArrowDown');
  const active = await page.getAttribute('#search-input', 'aria-activedescendant');
  assert.equal(active, 'search-opt-0');
  assert.equal(await page.getAttribute('#search-opt-0', 'aria-selected'), 'true');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.getAttribute('#search-input', 'aria-activedescendant'), 'search-opt-0');
  await page.keyboard.press('Escape');
  assert.equal(await page.getAttribute('#search-input', 'aria-expanded'), 'false');
  assert.ok(await page.$eval('.search-popup', (el) => el.hidden));
  await page.keyboard.type(' ', { delay: 5 });
  await listboxResults(page);
  await page.keyboard.press('ArrowDown');
  await Promise.all([page.waitForURL(/\/q\/gil\.html$/), page.keyboard.press('Enter')]);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('Enter without a chosen result opens the results page', async () => {
  const page = await openPage(context, server.url('index.html'));
  await typeQuery(page, 'N+1');
  await listboxResults(page);
  await Promise.all([page.waitForURL(/search\/index\.html\?q=N%2B1$/), page.keyboard.press('Enter')]);
  await page.waitForSelector('#search-results li');
  const first = await page.getAttribute('#search-results li a', 'href');
  assert.equal(first, '../q/django-orm.html');
  await page.close();
});

test('the results page reads ?q= and filters by level', async () => {
  const page = await openPage(context, server.url('search/index.html?q=' + encodeURIComponent('транзакции')));
  await page.waitForSelector('#search-results li');
  assert.equal(await page.inputValue('#search-input'), 'транзакции');
  const all = await page.$$eval('#search-results li', (lis) => lis.length);
  const levels = await page.$$eval('#search-level option', (os) => os.map((o) => o.value).filter(Boolean));
  assert.ok(levels.length >= 2);
  await page.selectOption('#search-level', levels[3]);
  await page.waitForFunction((n) => document.querySelectorAll('#search-results li').length < n, all);
  const wheres = await page.$$eval('#search-results .sr-where', (els) => els.map((e) => e.textContent));
  const levelTitle = await page.$eval('#search-level', (s) => s.selectedOptions[0].textContent.replace(/^\d+\.\s*/, ''));
  assert.ok(wheres.length > 0 && wheres.every((w) => w.startsWith(levelTitle)), `${levelTitle}: ${wheres}`);
  assert.match(page.url(), /level=/);
  const linked = await openPage(context, page.url());
  await linked.waitForSelector('#search-results li');
  assert.equal(await linked.inputValue('#search-level'), levels[3]);
  assert.deepEqual([...page.errors, ...linked.errors], []);
  await page.close();
  await linked.close();
});

test('says so when it falls back to any word', async () => {
  const page = await openPage(context, server.url('search/index.html?q=' + encodeURIComponent('генераторы kubernetes')));
  await page.waitForSelector('#search-results li');
  const fallback = await page.getAttribute('form.search-box', 'data-fallback');
  assert.ok(fallback.length > 10);
  assert.ok((await page.textContent('#search-status')).includes(fallback));
  await page.close();
});

test('tolerates a typo and the wrong keyboard layout', async () => {
  const page = await openPage(context, server.url('index.html'));
  await typeQuery(page, 'генератры ');
  let results = await listboxResults(page);
  assert.ok(results.some((r) => r.href.includes('generatory-ekonomiat-pamiat')), JSON.stringify(results));
  await typeQuery(page, 'utythfnjh');
  results = await listboxResults(page);
  assert.ok(results.some((r) => r.href.includes('generatory-ekonomiat-pamiat')));
  assert.match(await page.textContent('.search-note'), /генератор/);
  await typeQuery(page, 'пшд');
  results = await listboxResults(page);
  assert.equal(results[0].href, 'q/gil.html');
  await page.close();
});

test('works from file://, with links relative to the page', async () => {
  const page = await openPage(context, pathToFileURL(path.join(site, 'q', 'slots.html')).href);
  await typeQuery(page, 'GIL');
  await listboxResults(page);
  await page.keyboard.press('ArrowDown');
  await Promise.all([page.waitForURL(/\/q\/gil\.html$/), page.keyboard.press('Enter')]);
  assert.ok(page.url().startsWith('file://'));
  const results = await openPage(context, pathToFileURL(path.join(site, 'search', 'index.html')).href + '?q=slots');
  await results.waitForSelector('#search-results li');
  assert.deepEqual(context.blockedRequests, []);
  assert.deepEqual([...page.errors, ...results.errors], []);
  await page.close();
  await results.close();
});

test('the JavaScript stemmer finds every word of every question and follow-up in the index', async () => {
  const model = JSON.parse(readFileSync(path.join(site, 'questions.json'), 'utf8'));
  const titles = [];
  const walk = (x) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      if (Array.isArray(x.follow_ups)) titles.push(x.title, ...x.follow_ups.map((f) => (typeof f === 'string' ? f : f.text)));
      Object.values(x).forEach(walk);
    }
  };
  walk(model);
  assert.ok(titles.length >= 3 * 130, `${titles.length} texts`);
  const page = await openPage(context, server.url('search/index.html'));
  const missing = await page.evaluate(async (texts) => {
    await window.qbook.search.find('x', { limit: 0 });
    const { index, termKeys } = window.qbook.search;
    const tokenize = (text) => window.qbook.search.tokenize(text).map((tok) => tok.t);
    const known = new Set(index.terms);
    const stop = new Set(index.meta.stop.split(' '));
    // A token is found by its main term, or (a compound split across code spans) by its parts.
    const found = (tok) => {
      const keys = termKeys(tok);
      return keys.length === 0 || known.has(keys[0]) || (keys.length > 1 && keys.slice(1).every((k) => known.has(k)));
    };
    return texts.flatMap((t) => tokenize(t).filter((tok) => !stop.has(tok) && !found(tok)));
  }, titles);
  assert.deepEqual(missing, []);
  await page.close();
});
