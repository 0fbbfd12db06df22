// Interview sets in real headless Chromium: a URL with a seed shows the same set after a
// reload and in a fresh browser; the page draws exactly the set `qbook pdf --sample N --seed
// S [--level L]` prints (checked in the PDF's text); the print pages keep only a set's
// questions; the form works with the keyboard alone. The book is the repository's own
// (QBOOK_ROOT), built here with QBOOK_BIN, so the site and the PDF come from one book.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, requireFile } from './lib/env.mjs';
import { launchBrowser, newContext } from './lib/browser.mjs';
import { closeBook, qbook, serveBook, tempDir } from './lib/books.mjs';
import { watchErrors } from './lib/study.mjs';

const run = promisify(execFile);
let browser;
let built;
let server;

before(async () => {
  ({ built, server, browser } = await serveBook(REPO_ROOT));
});

after(() => closeBook({ built, server, browser }));

/** The set on show: [{ id, number (in the book), title }] in page order. */
async function shownSet(page) {
  await page.locator('#set-list > li').first().waitFor();
  return page.$$eval('#set-list > li', (items) =>
    items.map((li) => ({ id: li.dataset.qid, number: Number(li.dataset.number), title: li.querySelector('.question-title').textContent })),
  );
}

async function openSet(b, query) {
  const context = await newContext(b);
  const page = await context.newPage();
  const errors = [];
  watchErrors(page, errors);
  await page.goto(server.url(`interview/index.html${query}`));
  return { context, page, errors, set: await shownSet(page) };
}

describe('interview sets', () => {
  test('a set URL with a seed shows the same questions after a reload and in a fresh browser', async () => {
    const query = '?seed=team-42&n=12&levels=osnovy-python,veb-razrabotka-api';
    const first = await openSet(browser, query);
    try {
      assert.equal(first.set.length, 12);
      const levels = await first.page.$$eval('#set-list .set-where', (ps) => ps.map((p) => p.textContent));
      assert.ok(levels.every((l) => /Основы Python|Веб-разработка/.test(l)), levels.join('\n'));
      const sections = new Set(levels);
      assert.ok(sections.size >= 8, `a set spreads over sections (${sections.size})`);
      await first.page.reload();
      assert.deepEqual(await shownSet(first.page), first.set, 'same set after a reload');
      assert.deepEqual(first.errors, []);
    } finally {
      await first.context.close();
    }
    const other = await launchBrowser(); // a new browser with a new, empty profile
    try {
      const second = await openSet(other, query);
      assert.deepEqual(second.set, first.set, 'same set in a fresh browser profile');
      await second.context.close();
    } finally {
      await other.close();
    }
    const different = await openSet(browser, query.replace('team-42', 'team-43'));
    assert.notDeepEqual(different.set, first.set, 'another seed draws another set');
    await different.context.close();
  });

  test('without a seed, draws a random one and puts it in the URL', async () => {
    const { context, page, set } = await openSet(browser, '');
    try {
      const seed = new URL(page.url()).searchParams.get('seed');
      assert.match(seed, /^[a-z0-9]{6}$/);
      assert.equal(set.length, 10, 'ten questions by default');
      assert.equal(await page.locator('#set-seed').inputValue(), seed);
      assert.ok((await page.locator('#set-url').inputValue()).endsWith(`seed=${seed}&n=10`));
      await page.reload();
      assert.deepEqual(await shownSet(page), set);
    } finally {
      await context.close();
    }
  });

  test('draws exactly the set that `qbook pdf --sample N --seed S [--level L]` prints', async () => {
    requireFile('/usr/bin/pdftotext', "poppler-utils (apt-get install poppler-utils), as tests/run.sh does");
    const tmp = tempDir('qbook-sample-pdf-');
    try {
      for (const { args, query } of [
        { args: ['--sample', '7', '--seed', 'pdf-check'], query: '?seed=pdf-check&n=7' },
        { args: ['--sample', '5', '--seed', 'Собеседование 1', '--level', '2'], query: `?seed=${encodeURIComponent('Собеседование 1')}&n=5&levels=oop-patterny-proektirovaniia` },
      ]) {
        const pdf = path.join(tmp.dir, 'set.pdf');
        const { stderr } = await qbook(['pdf', '--root', REPO_ROOT, ...args, '--out', pdf]);
        assert.match(stderr, /interview set of \d+ questions, seed /);
        const { stdout: text } = await run('pdftotext', ['-layout', pdf, '-']);
        const printed = [...text.matchAll(/^\s*(\d+)\.\s+\S/gm)].map((m) => Number(m[1]));
        const { context, set } = await openSet(browser, query);
        await context.close();
        assert.deepEqual(printed, set.map((_, i) => i + 1), `qbook pdf ${args.join(' ')} numbers the set 1…N`);
        const squeezed = text.replace(/\s+/g, '');
        let at = 0;
        for (const q of set) {
          const found = squeezed.indexOf(q.title.replace(/\s+/g, ''), at);
          assert.ok(found >= at, `qbook pdf ${args.join(' ')} prints the page's set: «${q.title}» missing or out of order`);
          at = found;
        }
      }
    } finally {
      tmp.remove();
    }
  });

  test('"print this set" opens print pages holding only the set, with its seed', async () => {
    const { context, page, set } = await openSet(browser, '?seed=print-me&n=6');
    try {
      for (const [link, variant] of [['#set-print', 'candidate'], ['#set-print-interviewer', 'interviewer']]) {
        const href = await page.locator(link).getAttribute('href');
        assert.match(href, /print\/(interviewer\/)?index\.html\?ids=[^&]+&seed=print-me$/);
        const print = await context.newPage();
        await print.goto(new URL(href, page.url()).href);
        await print.locator('body.paged').waitFor({ state: 'attached' });
        const ids = await print.$$eval('.print-question', (qs) => qs.map((q) => q.id.replace(/^pq-/, '')));
        assert.deepEqual(ids, set.map((q) => q.id), `${variant} print page keeps the set, in book order`);
        assert.match(await print.locator('.set-head').textContent(), /print-me/);
        assert.equal(await print.locator('body').getAttribute('data-set-size'), String(set.length));
        assert.equal(await print.locator('.title-page, .print-toc').count(), 0, 'a set has no title page or contents');
        await print.close();
      }
    } finally {
      await context.close();
    }
  });

  test('works with the keyboard alone', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    try {
      await page.goto(server.url('interview/index.html?seed=keys&n=3'));
      await shownSet(page);
      await page.locator('input[name=levels][value=prodvinutye-temy]').focus();
      await page.keyboard.press('Space');
      await page.locator('#set-n').focus();
      await page.keyboard.press('Control+A');
      await page.keyboard.type('4');
      await Promise.all([page.waitForURL(/n=4/), page.keyboard.press('Enter')]);
      const url = new URL(page.url());
      assert.equal(url.searchParams.get('seed'), 'keys');
      assert.equal(url.searchParams.get('levels'), 'prodvinutye-temy');
      const set = await shownSet(page);
      assert.equal(set.length, 4);
      const where = await page.$$eval('#set-list .set-where', (ps) => ps.map((p) => p.textContent));
      assert.ok(where.every((w) => w.startsWith('Продвинутые темы')), where.join('\n'));
      // Sections of levels not chosen are disabled, and the rest can be reached by Tab.
      await page.locator('#set-sections summary').focus();
      await page.keyboard.press('Enter');
      assert.equal(await page.locator('#set-sections').evaluate((d) => d.open), true);
      assert.equal(await page.locator('fieldset[data-level=osnovy-python]').evaluate((f) => f.disabled), true);
      assert.equal(await page.locator('fieldset[data-level=prodvinutye-temy]').evaluate((f) => f.disabled), false);
    } finally {
      await context.close();
    }
  });
});
