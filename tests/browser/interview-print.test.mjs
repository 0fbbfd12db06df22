// Printing interview sets in real headless Chromium (issue 18): Ctrl+P of interview/ prints
// the set and none of the form; the page's copy-link button and its confirmation (http, and
// the fallback where the Clipboard API is missing); the set numbered 1…N; hints that hide
// while boxes are ticked. The print pages: a set's compact layout and score sheet, a reading
// view at 390 px that still prints A4, question numbers that hang. The book is the
// repository's own (QBOOK_ROOT), built here with QBOOK_BIN.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { REPO_ROOT, requireFile } from './lib/env.mjs';
import { newContext } from './lib/browser.mjs';
import { closeBook, serveBook, tempDir } from './lib/books.mjs';
import { PHONE } from './lib/gates.mjs';
import { watchErrors } from './lib/study.mjs';

const run = promisify(execFile);
let browser;
let built;
let server;

before(async () => {
  ({ built, server, browser } = await serveBook(REPO_ROOT));
});

after(() => closeBook({ built, server, browser }));

/** Text with every white space taken out: PDF text wraps and spaces lines its own way. */
const squeeze = (text) => text.replace(/\s+/g, '');

/** The text of a PDF (its bytes), by pdftotext. */
async function pdfText(bytes) {
  requireFile('/usr/bin/pdftotext', 'poppler-utils (apt-get install poppler-utils), as tests/run.sh does');
  const tmp = tempDir('qbook-print-pdf-');
  try {
    const file = path.join(tmp.dir, 'page.pdf');
    writeFileSync(file, bytes);
    const { stdout: text } = await run('pdftotext', ['-layout', file, '-']);
    const { stdout: info } = await run('pdfinfo', [file]);
    return { text, pages: Number(/^Pages:\s+(\d+)/m.exec(info)[1]), size: /^Page size:\s+(.*)$/m.exec(info)[1] };
  } finally {
    tmp.remove();
  }
}

/** Opens the interview page at `query` and waits for its set. */
async function openInterview(context, base, query) {
  const page = await context.newPage();
  const errors = [];
  watchErrors(page, errors);
  await page.goto(`${base}interview/index.html${query}`);
  await page.locator('#set-list > li').first().waitFor();
  return { page, errors };
}

/** The set on show: [{ position, number, title, followUps }] in page order. */
function shownSet(page) {
  return page.$$eval('#set-list > li', (items) =>
    items.map((li) => ({
      position: li.value,
      number: Number(li.dataset.number),
      title: li.querySelector('.question-title').textContent,
      followUps: [...li.querySelectorAll('.follow-ups li')].map((f) => f.textContent),
    })),
  );
}

/** Asserts that `texts` appear in `text` in this order (white space aside). */
function assertInOrder(text, texts, what) {
  const all = squeeze(text);
  let at = 0;
  for (const t of texts) {
    const found = all.indexOf(squeeze(t), at);
    assert.ok(found >= 0, `${what}: «${t}» missing or out of order in:\n${text}`);
    at = found + squeeze(t).length;
  }
}

describe('the interview page', () => {
  test('Ctrl+P prints the set, numbered 1…N with its follow-ups, and none of the form', async () => {
    const context = await newContext(browser);
    try {
      const { page, errors } = await openInterview(context, server.url(''), '?seed=print-check&n=10&levels=osnovy-python,veb-razrabotka-api');
      const set = await shownSet(page);
      assert.equal(set.length, 10);
      const form = await page.evaluate(() => ({
        lead: document.querySelector('.lead').textContent,
        hints: [...document.querySelectorAll('#set-form .hint')].map((h) => h.textContent),
        boxes: [...document.querySelectorAll('#set-form label.check')].map((l) => l.textContent),
        buttons: [...document.querySelectorAll('#interview button, #interview .set-actions a')].map((b) => b.textContent),
        link: document.querySelector('label[for=set-url]').textContent,
        url: document.querySelector('#set-url').value,
      }));
      const { text } = await pdfText(await page.pdf({ format: 'A4' }));
      const expected = set.flatMap((q) => [`${q.position}.`, q.title, ...q.followUps]);
      assertInOrder(text, expected, 'the printed set');
      const all = squeeze(text);
      for (const shown of [form.lead, ...form.hints, ...form.boxes, ...form.buttons, form.link, form.url]) {
        assert.ok(!all.includes(squeeze(shown)), `the print shows the form's «${shown.trim()}»:\n${text}`);
      }
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('numbers the set 1…N and keeps each question\'s number in the book', async () => {
    const context = await newContext(browser);
    try {
      const { page } = await openInterview(context, server.url(''), '?seed=numbers&n=7');
      const set = await shownSet(page);
      assert.deepEqual(set.map((q) => q.position), [1, 2, 3, 4, 5, 6, 7]);
      const numbers = set.map((q) => q.number);
      assert.ok(numbers.every((n, i) => n >= 1 && n <= 130 && (i === 0 || n > numbers[i - 1])), `book numbers in book order: ${numbers}`);
    } finally {
      await context.close();
    }
  });

  test('the "none checked" hints hide while a level or section is ticked', async () => {
    const context = await newContext(browser);
    try {
      const { page } = await openInterview(context, server.url(''), '?seed=hints&n=3');
      const hidden = () => page.evaluate(() => [document.getElementById('levels-hint').hidden, document.getElementById('sections-hint').hidden]);
      assert.deepEqual(await hidden(), [false, false], 'nothing ticked: both hints');
      await page.locator('input[name=levels][value=osnovy-python]').check();
      assert.deepEqual(await hidden(), [true, false], 'a level ticked');
      await page.locator('#set-sections summary').click();
      await page.locator('input[name=sections]').first().check();
      assert.deepEqual(await hidden(), [true, true], 'a section ticked too');
      await page.locator('input[name=levels][value=osnovy-python]').uncheck();
      assert.deepEqual(await hidden(), [false, true], 'the level unticked');
      const fromUrl = await openInterview(context, server.url(''), '?seed=hints&n=3&levels=osnovy-python');
      assert.equal(await fromUrl.page.locator('#levels-hint').isHidden(), true, 'levels given by the URL');
    } finally {
      await context.close();
    }
  });

  test('copies the link over http and says so', async () => {
    const context = await newContext(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
    try {
      const { page, errors } = await openInterview(context, server.url(''), '?seed=copy-me&n=4');
      const note = page.locator('#set-copied');
      assert.equal(await note.isVisible(), false, 'no confirmation before a click');
      await page.locator('#set-copy').click();
      await note.filter({ hasText: 'Ссылка скопирована' }).waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await page.locator('#set-url').inputValue());
      assert.match(await page.evaluate(() => navigator.clipboard.readText()), /interview\/index\.html\?seed=copy-me&n=4$/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('copies the link without the Clipboard API (plain http), and from file://', async () => {
    const context = await newContext(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
    try {
      // Plain http (not localhost) has no navigator.clipboard: the field is selected and copied.
      const reader = await context.newPage();
      await reader.goto(server.url('index.html'));
      const page = await context.newPage();
      await page.addInitScript(() => {
        Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined });
      });
      await page.goto(server.url('interview/index.html?seed=no-api&n=4'));
      await page.locator('#set-list > li').first().waitFor();
      await page.locator('#set-copy').click();
      await page.locator('#set-copied').filter({ hasText: 'Ссылка скопирована' }).waitFor();
      assert.match(await reader.evaluate(() => navigator.clipboard.readText()), /seed=no-api&n=4$/);
      // file://
      const file = await context.newPage();
      await file.goto(`${pathToFileURL(built.site).href}/interview/index.html?seed=from-file&n=4`);
      await file.locator('#set-list > li').first().waitFor();
      await file.locator('#set-copy').click();
      await file.locator('#set-copied').filter({ hasText: 'Ссылка скопирована' }).waitFor();
      assert.match(await reader.evaluate(() => navigator.clipboard.readText()), /^file:.*seed=from-file&n=4$/);
    } finally {
      await context.close();
    }
  });
});

describe('print pages', () => {
  test('a set prints compactly: no title page or contents, numbers 1…N, the score sheet', async () => {
    const context = await newContext(browser);
    try {
      const { page } = await openInterview(context, server.url(''), '?seed=sheet&n=6');
      const set = await shownSet(page);
      const href = await page.locator('#set-print-interviewer').getAttribute('href');
      const print = await context.newPage();
      await print.goto(new URL(href, page.url()).href);
      await print.locator('body.paged').waitFor({ state: 'attached' });
      const shown = await print.evaluate(() => ({
        title: !!document.querySelector('.title-page, .print-toc, .toc-entry'),
        numbers: [...document.querySelectorAll('.pq-number')].map((n) => n.textContent),
        bookNumbers: [...document.querySelectorAll('.pq-number')].map((n) => Number(n.dataset.number)),
        head: document.querySelector('.sheet .set-head')?.innerText ?? '',
        fields: [...document.querySelectorAll('.set-head .sheet-label')].map((l) => l.textContent),
        scores: document.querySelectorAll('.score-grid li').length,
        max: document.querySelector('.score-max')?.textContent,
        total: !!document.querySelector('.score-total-box'),
        sources: !!document.querySelector('.print-sources, .source-entry'),
        firstSheetHeader: getComputedStyle(document.querySelector('.sheet .sheet-header')).display,
      }));
      assert.equal(shown.title, false, 'no title page or contents');
      assert.deepEqual(shown.numbers, ['1.', '2.', '3.', '4.', '5.', '6.']);
      assert.deepEqual(shown.bookNumbers, set.map((q) => q.number));
      assert.match(shown.head, /Ключ: sheet/);
      assert.deepEqual(shown.fields, ['Кандидат', 'Дата', 'Интервьюер', 'Позиция']);
      assert.equal(shown.scores, 6);
      assert.equal(shown.max, '18');
      assert.ok(shown.total, 'a box for the total');
      assert.equal(shown.sources, false, 'no answer cites a source, so no sources');
      assert.equal(shown.firstSheetHeader, 'none', 'the head stands for the running header on the first sheet');
    } finally {
      await context.close();
    }
  });

  test(`print pages are readable at ${PHONE.width} px and still print on A4 sheets`, async () => {
    const context = await newContext(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
    try {
      for (const rel of ['print/index.html', 'print/interviewer/index.html?ids=gil,solid,slots&seed=phone']) {
        const page = await context.newPage();
        await page.goto(server.url(rel));
        await page.locator('body.paged').waitFor({ state: 'attached' });
        // (A phone browser zooms a page wider than the screen out to fit: the widths are
        // compared with the screen's, and the type is measured as the zoom shows it.)
        const view = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          font: parseFloat(getComputedStyle(document.querySelector('.pq-title')).fontSize) * window.visualViewport.scale,
          sheets: Number(document.body.dataset.pages),
        }));
        assert.ok(view.scrollWidth <= PHONE.width, `${rel}: ${view.scrollWidth}px wide on a ${PHONE.width}px screen`);
        assert.ok(view.font >= 14, `${rel}: question text shows at ${view.font.toFixed(1)}px on a phone`);
        const pdf = await pdfText(await page.pdf({ preferCSSPageSize: true }));
        assert.match(pdf.size, /\(A4\)/, `${rel}: printed on ${pdf.size}`);
        assert.equal(pdf.pages, view.sheets, `${rel}: one printed page a sheet`);
        await page.close();
      }
    } finally {
      await context.close();
    }
  });

  test('a wrapped question title hangs after its number', async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(server.url('print/index.html'));
      await page.locator('body.paged').waitFor({ state: 'attached' });
      const titles = await page.evaluate(() =>
        [...document.querySelectorAll('.pq-title')].map((title) => {
          const number = title.querySelector('.pq-number').getBoundingClientRect();
          const range = document.createRange();
          range.setStartAfter(title.querySelector('.pq-number'));
          range.setEnd(title, title.childNodes.length);
          const lines = [...range.getClientRects()].filter((r) => r.width > 0);
          const tops = new Set(lines.map((r) => Math.round(r.top)));
          return { text: title.textContent, lines: tops.size, left: Math.min(...lines.map((r) => r.left)), numberRight: number.right };
        }),
      );
      const wrapped = titles.filter((t) => t.lines > 1);
      assert.ok(wrapped.length > 0, 'some title of the book wraps on A4');
      for (const t of wrapped) assert.ok(t.left >= t.numberRight, `«${t.text}»: a line starts under the number`);
    } finally {
      await context.close();
    }
  });
});
