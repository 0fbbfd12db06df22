// Study mode in real headless Chromium: marking cards, the schedule, progress that survives
// a reload and shows on the home, level and question pages, export / reset / import,
// filters, keyboard-only use, reduced motion and file://; the keys after mouse clicks (never
// a mark on a card not revealed), the buttons on a phone's screen, the folded filters. Runs
// on the fixture book with answers (built here with QBOOK_BIN) and smoke-tests the site under
// test (QBOOK_SITE).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { siteDir } from './lib/env.mjs';
import { newContext } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { closeBook, qbook, serveBook, tempDir } from './lib/books.mjs';
import { PHONE } from './lib/gates.mjs';
import { BASIC_BOOK, cardId, storedProgress, summaryCounts, watchErrors } from './lib/study.mjs';

let browser;
let built;
let server;

before(async () => {
  ({ built, server, browser } = await serveBook(BASIC_BOOK));
});

after(() => closeBook({ built, server, browser }));

/** A fresh profile (empty localStorage) with a page on the study page. */
async function openStudy(query = '', options = {}) {
  const context = await newContext(browser, options);
  const page = await context.newPage();
  const errors = [];
  watchErrors(page, errors);
  await page.goto(server.url(`study/index.html${query}`));
  await page.locator('#card').waitFor({ state: 'visible' });
  return { context, page, errors };
}

describe('study mode', () => {
  test('marks cards, brings "don\'t know" back after two cards, and finds the progress after a reload', async () => {
    const { context, page, errors } = await openStudy();
    try {
      const a = await cardId(page);
      await page.keyboard.press('Space');
      assert.equal(await page.locator('#card-back').isVisible(), true, 'Space reveals the back of the card');
      assert.equal(await page.locator('#card-reveal').getAttribute('aria-expanded'), 'true');
      await page.keyboard.press('1'); // don't know
      const b = await cardId(page);
      assert.notEqual(b, a, 'a new card follows a mark');
      assert.equal(await page.locator('#card-back').isVisible(), false, 'a new card starts hidden');
      assert.match(await page.locator('#study-live').textContent(), /Marked: Don't know\./, 'the live region announces the mark');
      await page.keyboard.press('Space');
      await page.keyboard.press('2'); // unsure
      const c = await cardId(page);
      await page.keyboard.press('Enter');
      await page.keyboard.press('3'); // know
      assert.equal(await cardId(page), a, "a card marked don't know comes back after two other cards");
      assert.equal(new Set([a, b, c]).size, 3);

      const stored = await storedProgress(page);
      assert.deepEqual(
        Object.fromEntries(Object.entries(stored.cards).map(([id, card]) => [id, card.m])),
        { [a]: 'dontknow', [b]: 'unsure', [c]: 'know' },
      );
      assert.equal(stored.step, 3);
      assert.ok(stored.cards[c].due > stored.cards[b].due && stored.cards[b].due > stored.cards[a].due, 'know is due last, don\'t know first');

      await page.reload();
      await page.locator('#card').waitFor({ state: 'visible' });
      assert.deepEqual(await summaryCounts(page), { know: 1, unsure: 1, dontknow: 1, new: 1 });
      assert.equal(await cardId(page), a, 'after a reload the due card comes first');
      assert.match(await page.locator('#card-meta').textContent(), /Don't know/, 'the card shows its last mark');

      // Home: counts; level page: counts and a mark on each marked question; question page: its mark.
      await page.goto(server.url('index.html'));
      assert.deepEqual(await summaryCounts(page), { know: 1, unsure: 1, dontknow: 1, new: 1 });
      await page.goto(server.url('basics/index.html'));
      const marks = await page.$$eval('.question-item[data-qid]', (items) =>
        Object.fromEntries(items.map((li) => [li.dataset.qid, li.querySelector('.progress-mark')?.className.replace('progress-mark pm-', '') ?? null])));
      for (const [id, m] of [[a, 'dontknow'], [b, 'unsure'], [c, 'know']]) {
        if (id in marks) assert.equal(marks[id], m, `level page marks ${id}`);
      }
      const levelCounts = await summaryCounts(page);
      assert.equal(Object.values(levelCounts).reduce((x, y) => x + y, 0), Object.keys(marks).length, 'level counts cover its questions');
      await page.goto(server.url(`q/${c}.html`));
      assert.match(await page.locator('#progress-mark').textContent(), /Marked: Know/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('shows the answer where there is one, loaded on reveal', async () => {
    const { context, page, errors } = await openStudy('?section=basics/data');
    try {
      assert.equal(await cardId(page), 'dict');
      await page.locator('#card-reveal').click();
      await page.locator('#card-answer pre').waitFor({ state: 'visible' });
      assert.match(await page.locator('#card-answer').textContent(), /Python 3\.7/);
      assert.equal(await page.locator('#card-link').getAttribute('href'), '../q/dict.html');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('exports the progress to a file, resets it after a confirmation, and imports it back', async () => {
    const { context, page, errors } = await openStudy('', { acceptDownloads: true });
    try {
      await page.keyboard.press('Space');
      await page.keyboard.press('3');
      await page.keyboard.press('Space');
      await page.keyboard.press('2');
      const before = await storedProgress(page);
      assert.equal(Object.keys(before.cards).length, 2);

      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#progress-export').click()]);
      assert.match(download.suggestedFilename(), /^qbook-progress-.*\.json$/);
      const file = await download.path();
      const exported = JSON.parse(readFileSync(file, 'utf8'));
      assert.equal(exported.format, 'qbook-progress');
      assert.deepEqual(exported.cards, before.cards);

      await page.locator('#progress-reset').click();
      assert.equal(await page.locator('#progress-confirm').isVisible(), true, 'reset asks first');
      await page.locator('#progress-reset-no').click();
      assert.equal(Object.keys((await storedProgress(page)).cards).length, 2, 'cancel keeps the progress');
      await page.locator('#progress-reset').click();
      await page.locator('#progress-reset-yes').click();
      assert.equal(await storedProgress(page), null, 'reset removes the progress');
      assert.equal(await page.locator('#progress-summary').isVisible(), false, 'after a reset there is no progress line');

      await page.locator('#progress-import').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"nope": 1}') });
      await page.locator('#progress-message').filter({ hasText: 'not a qbook progress file' }).waitFor();
      await page.locator('#progress-import').setInputFiles(file);
      await page.locator('#progress-message').filter({ hasText: 'imported' }).waitFor();
      assert.deepEqual((await storedProgress(page)).cards, before.cards, 'import gives the progress back');
      await page.reload();
      assert.deepEqual(await summaryCounts(page), { know: 1, unsure: 1, dontknow: 0, new: 2 });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('filters by level, section, tag and "only unsure", kept in the URL', async () => {
    const { context, page, errors } = await openStudy();
    try {
      await page.locator('#study-filters-box').evaluate((d) => { d.open = true; });
      await page.locator('#f-level').selectOption('web');
      await page.locator('#study-filters button[type=submit]').click();
      assert.match(page.url(), /\?level=web$/);
      assert.equal(await cardId(page), 'rest');
      assert.match(await page.locator('#study-counts').textContent(), /: 1 of 4/);

      await page.goto(server.url('study/index.html'));
      await page.keyboard.press('Space');
      await page.keyboard.press('2'); // the first card: unsure
      const unsure = (await storedProgress(page)) && Object.keys((await storedProgress(page)).cards)[0];
      await page.goto(server.url('study/index.html?only=unsure'));
      assert.equal(await page.locator('#f-only').inputValue(), 'unsure', 'the form shows the URL\'s filter');
      assert.equal(await cardId(page), unsure);
      await page.keyboard.press('ArrowRight');
      assert.equal(await cardId(page), unsure, 'only the unsure card is in the selection');
      await page.keyboard.press('Space');
      await page.keyboard.press('3');
      assert.equal(await page.locator('#study-empty').isVisible(), true, 'once known, nothing is left to show');

      const tags = await page.$$eval('#f-tag option', (o) => o.map((x) => x.value).filter(Boolean));
      if (tags.length) {
        await page.goto(server.url(`study/index.html?tag=${tags[0]}`));
        assert.ok(await cardId(page));
      }
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('works with the keyboard alone, with visible focus', async () => {
    const { context, page, errors } = await openStudy();
    try {
      const first = await cardId(page);
      await page.keyboard.press('ArrowRight');
      const second = await cardId(page);
      assert.notEqual(second, first, '→ moves to the next card');
      await page.keyboard.press('ArrowLeft');
      assert.equal(await cardId(page), first, '← goes back');

      // Tab to every control of the card and use it with Enter / Space.
      const reached = new Set();
      for (let i = 0; i < 40 && reached.size < 6; i++) {
        await page.keyboard.press('Tab');
        const info = await page.evaluate(() => {
          const el = document.activeElement;
          const style = getComputedStyle(el);
          return { id: el.id || el.getAttribute('data-mark') || '', outline: style.outlineStyle, width: style.outlineWidth };
        });
        if (['card-reveal', 'dontknow', 'unsure', 'know', 'card-next', 'progress-export'].includes(info.id)) {
          reached.add(info.id);
          assert.notEqual(info.outline, 'none', `${info.id} shows its focus`);
          if (info.id === 'card-reveal') {
            await page.keyboard.press('Enter');
            assert.equal(await page.locator('#card-back').isVisible(), true, 'Enter on the reveal button reveals');
          }
          if (info.id === 'know') {
            const id = await cardId(page);
            await page.keyboard.press('Space');
            assert.equal((await storedProgress(page)).cards[id].m, 'know', 'Space on a mark button marks');
          }
        }
      }
      assert.ok(reached.has('card-reveal') && reached.has('know') && reached.has('card-next'), `reached ${[...reached]}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('respects prefers-reduced-motion', async () => {
    const { context, page } = await openStudy('', { reducedMotion: 'reduce' });
    try {
      await page.keyboard.press('ArrowRight');
      assert.equal(await page.locator('#card').evaluate((el) => getComputedStyle(el).animationName), 'none');
    } finally {
      await context.close();
    }
    const moving = await openStudy('', { reducedMotion: 'no-preference' });
    try {
      await moving.page.keyboard.press('ArrowRight');
      assert.notEqual(await moving.page.locator('#card').evaluate((el) => getComputedStyle(el).animationName), 'none');
    } finally {
      await moving.context.close();
    }
  });

  test('works from file:// (data and answers are scripts, not fetched JSON)', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = [];
    watchErrors(page, errors);
    try {
      await page.goto(`${pathToFileURL(path.join(built.site, 'study', 'index.html')).href}?section=basics/data`);
      await page.locator('#card').waitFor({ state: 'visible' });
      await page.keyboard.press('Space');
      await page.locator('#card-answer pre').waitFor({ state: 'visible' });
      await page.keyboard.press('3');
      assert.equal((await storedProgress(page)).cards.dict.m, 'know');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});

describe('study mode as a reader uses it (mouse, keys, a phone)', () => {
  test('after mouse clicks the keys act on the card in view, and never mark a card not revealed', async () => {
    const { context, page, errors } = await openStudy();
    try {
      assert.equal(await page.locator('.marks').isVisible(), false, 'no mark buttons before the card is revealed');
      await page.locator('#card-reveal').click();
      const a = await cardId(page);
      await page.locator('[data-mark="unsure"]').click();
      const b = await cardId(page);
      assert.notEqual(b, a);
      assert.equal((await storedProgress(page)).cards[a].m, 'unsure', 'the click marks the card the reader saw');

      await page.keyboard.press('Space');
      assert.equal(await cardId(page), b, 'Space after a click does not move on');
      assert.equal(await page.locator('#card-back').isVisible(), true, 'Space after a click reveals the next card');
      assert.equal((await storedProgress(page)).cards[b], undefined, 'Space after a click never marks the next card');
      await page.keyboard.press('Enter');
      assert.equal(await page.locator('#card-back').isVisible(), false, 'Enter hides it again');
      assert.equal((await storedProgress(page)).cards[b], undefined, 'Enter after a click never marks');

      for (const key of ['1', '2', '3']) await page.keyboard.press(key);
      assert.equal(await cardId(page), b, 'a number on a hidden card does nothing');
      assert.equal((await storedProgress(page)).cards[b], undefined, 'a number never marks a card not revealed');
      assert.match(await page.locator('#study-live').textContent(), /Reveal the card first/);

      await page.locator('#card-next').click();
      const c = await cardId(page);
      assert.notEqual(c, b, 'the → button moves on');
      await page.keyboard.press('Enter');
      assert.equal(await cardId(page), c, 'Enter after clicking → acts on the card, not the button');
      assert.equal(await page.locator('#card-back').isVisible(), true);
      await page.keyboard.press('ArrowLeft');
      assert.equal(await cardId(page), b, '← after a click goes back');
      await page.keyboard.press('Space');
      await page.keyboard.press('2');
      assert.equal((await storedProgress(page)).cards[b].m, 'unsure', 'a revealed card is marked with its key');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the reveal button names what the card will show', async () => {
    const { context, page, errors } = await openStudy('?section=basics/data');
    try {
      assert.equal(await cardId(page), 'dict');
      assert.equal(await page.locator('#card-reveal-label').textContent(), 'Show follow-ups and answer');
      await page.goto(server.url('study/index.html?level=web'));
      await page.locator('#card').waitFor({ state: 'visible' });
      assert.equal(await cardId(page), 'rest', 'rest has follow-ups and no answer');
      assert.equal(await page.locator('#card-reveal-label').textContent(), 'Show follow-ups');
      await page.keyboard.press('Space');
      assert.equal(await page.locator('#card-reveal-label').textContent(), 'Hide follow-ups');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('filters fold away once chosen, the summary saying what is chosen', async () => {
    const { context, page, errors } = await openStudy();
    try {
      const box = page.locator('#study-filters-box');
      assert.equal(await box.evaluate((d) => d.open), false, 'the filters start folded: the card comes first');
      assert.match(await box.locator('summary').textContent(), /Which cards: all cards/);
      await box.locator('summary').click();
      await page.locator('#f-level').selectOption('web');
      await page.locator('#study-filters button[type=submit]').click();
      assert.equal(await box.evaluate((d) => d.open), false, 'applying folds them');
      assert.match(await box.locator('summary').textContent(), /Which cards: .*Web/);
      await page.keyboard.press('Space');
      assert.equal(await page.locator('#card-back').isVisible(), true, 'after applying, Space reveals the card');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('on a phone the buttons stay on screen after revealing a long card, and the next title shows after a mark', async () => {
    const long = await buildLongAnswerBook();
    const site = await startServer(long.site);
    const context = await newContext(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const errors = [];
    watchErrors(page, errors);
    try {
      await page.goto(site.url('study/index.html'));
      await page.locator('#card').waitFor({ state: 'visible' });
      assert.equal(await cardId(page), 'gil', 'the card with the long answer comes first');
      assert.equal(await page.locator('#card-reveal kbd').isVisible(), false, 'no keyboard hints on a touch screen');
      assert.equal(await page.locator('.study-keys').isVisible(), false, 'no list of keys on a touch screen');
      await page.locator('#card-reveal').tap();
      await page.locator('#card-answer pre').waitFor({ state: 'visible' });
      const card = await page.locator('#card').boundingBox();
      assert.ok(card.height > PHONE.height * 2, `the card runs far below the screen (${card.height}px)`);
      for (const scrollTo of [0, 600, 1400]) {
        await page.evaluate((y) => window.scrollTo(0, y), scrollTo);
        for (const button of ['#card-reveal', '[data-mark="dontknow"]', '[data-mark="unsure"]', '[data-mark="know"]']) {
          const box = await page.locator(button).boundingBox();
          assert.ok(box && box.y >= 0 && box.y + box.height <= PHONE.height && box.x >= 0 && box.x + box.width <= PHONE.width,
            `${button} is on screen at scroll ${scrollTo}: ${JSON.stringify(box)}`);
        }
      }
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), PHONE.width, 'no sideways scrolling');
      await page.locator('[data-mark="know"]').tap();
      assert.notEqual(await cardId(page), 'gil');
      const title = await page.locator('#card-title').boundingBox();
      const header = await page.locator('#site-header').boundingBox();
      assert.ok(title.y >= header.y + header.height && title.y + title.height <= PHONE.height,
        `the next card's title is on screen below the header: title ${JSON.stringify(title)}, header ${JSON.stringify(header)}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      await site.close();
      long.remove();
    }
  });

  test('shows keyboard hints with a mouse and keyboard', async () => {
    const { context, page } = await openStudy('', { viewport: { width: 1280, height: 800 } });
    try {
      assert.equal(await page.locator('#card-reveal kbd').isVisible(), true);
      assert.equal(await page.locator('.study-keys').isVisible(), true);
    } finally {
      await context.close();
    }
  });
});

/** The fixture book with a long answer (60 paragraphs and code) on its first question. */
async function buildLongAnswerBook() {
  const tmp = tempDir();
  const root = path.join(tmp.dir, 'book');
  cpSync(BASIC_BOOK, root, { recursive: true });
  const gil = path.join(root, 'content', '01-basics', '01-core', '010-gil.md');
  const paragraphs = Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1} of a long answer about the GIL and threads.`);
  writeFileSync(gil, `${readFileSync(gil, 'utf8')}\n${paragraphs.join('\n\n')}\n`);
  const site = path.join(tmp.dir, 'site');
  await qbook(['build', '--root', root, '--out', site]);
  return { site, remove: tmp.remove };
}

describe('study mode on the site under test', () => {
  test('shows a card, marks it and keeps the mark', async () => {
    const site = await startServer(siteDir());
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = [];
    watchErrors(page, errors);
    try {
      await page.goto(site.url('study/index.html'));
      await page.locator('#card').waitFor({ state: 'visible' });
      const id = await cardId(page);
      assert.ok(id);
      await page.keyboard.press('Space');
      await page.keyboard.press('3');
      await page.reload();
      assert.equal((await storedProgress(page)).cards[id].m, 'know');
      assert.equal((await summaryCounts(page)).know, 1);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      await site.close();
    }
  });
});

describe('study and interview pages are accessible in every state', () => {
  for (const colorScheme of ['light', 'dark']) {
    test(`no axe-core violation with a revealed card, marks and a drawn set (${colorScheme})`, async () => {
      const { AXE_JS } = await import('./lib/env.mjs');
      const { AXE_TAGS } = await import('./lib/gates.mjs');
      const context = await newContext(browser, { colorScheme, reducedMotion: 'reduce' });
      const page = await context.newPage();
      const problems = [];
      const axe = async (label) => {
        await page.addScriptTag({ path: AXE_JS });
        // Highlighted code is left out: its palette is highlight.css's (the pipeline's), and
        // the question pages' gate checks it; everything study mode draws is checked here.
        const result = await page.evaluate((tags) => window.axe.run({ exclude: [['pre.code']] }, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS);
        for (const v of result.violations) problems.push(`${label} [${colorScheme}]: ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      };
      try {
        await page.goto(server.url('study/index.html'));
        await page.keyboard.press('Space');
        await axe('study, revealed');
        await page.keyboard.press('1');
        for (const key of ['2', '3']) {
          await page.keyboard.press('Space');
          await page.keyboard.press(key);
        }
        await page.locator('#progress-reset').click();
        await axe('study, marked, reset asked');
        await page.goto(server.url('basics/index.html'));
        await axe('level page with marks');
        await page.goto(server.url('index.html'));
        await axe('home with progress');
        await page.goto(server.url('interview/index.html?seed=a11y&n=3'));
        await page.locator('#set-sections summary').click();
        await axe('interview, set drawn');
        assert.deepEqual(problems, [], problems.join('\n'));
      } finally {
        await context.close();
      }
    });
  }
});
