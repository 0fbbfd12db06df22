// The reader's way around the site, in real headless Chromium on a phone (390×844) and a
// laptop (1280×800): the header that stays on top and its menu, the end of a level page,
// ← and → on question pages, a question without an answer, the 404 page from a host, a plain
// local server and file://, the three-state theme choice, the search page's focus, and the
// home page's entries and progress line. The fixture book with answers is built here with
// QBOOK_BIN; the menu's layout is also checked on the site under test (QBOOK_SITE), whose
// level titles are long.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { siteDir } from './lib/env.mjs';
import { newContext } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { closeBook, serveBook } from './lib/books.mjs';
import { PHONE } from './lib/gates.mjs';
import { levelPages } from './lib/site.mjs';
import { BASIC_BOOK, storedProgress, watchErrors } from './lib/study.mjs';

const LAPTOP = { width: 1280, height: 800 };
const phone = { viewport: PHONE, isMobile: true, hasTouch: true };
const laptop = { viewport: LAPTOP };

let browser;
let built;
let server;
let shipped;

before(async () => {
  ({ built, server, browser } = await serveBook(BASIC_BOOK));
  shipped = await startServer(siteDir());
});

after(async () => {
  await shipped?.close();
  await closeBook({ built, server, browser });
});

/** A fresh profile with a page at `url`; `errors` collects JavaScript errors. */
async function open(url, options = {}) {
  const context = await newContext(browser, options);
  const page = await context.newPage();
  const errors = [];
  watchErrors(page, errors);
  await page.goto(url);
  return { context, page, errors };
}

/** Whether the box of `locator` lies inside the viewport. */
async function onScreen(page, locator) {
  const box = await locator.boundingBox();
  const { width, height } = page.viewportSize();
  return !!box && box.x >= 0 && box.y >= 0 && box.x + box.width <= width + 0.5 && box.y + box.height <= height + 0.5;
}

describe('the header and its menu', () => {
  test('on a phone the header stays on top, small, with the menu button and the search', async () => {
    const level = levelPages(shipped.root)[0];
    const { context, page, errors } = await open(shipped.url(level), phone);
    try {
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
      const header = await page.locator('#site-header').boundingBox();
      assert.ok(header.y + header.height > 0 && header.y + header.height <= 64, `the header's visible part is small: ${JSON.stringify(header)}`);
      assert.ok(await onScreen(page, page.locator('#menu-toggle')), 'the menu button stays reachable');
      assert.ok(await onScreen(page, page.locator('#search-input')), 'the search stays reachable');
      assert.ok(await onScreen(page, page.locator('#theme-toggle')), 'the theme choice stays reachable');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('on a phone the menu opens with every level on screen, the current one marked, and closes with Escape', async () => {
    const levels = levelPages(shipped.root);
    const { context, page, errors } = await open(shipped.url(levels[levels.length - 1]), phone);
    try {
      const links = page.locator('#site-menu .level-nav a');
      assert.equal(await links.count(), levels.length);
      assert.equal(await links.first().isVisible(), false, 'the menu starts closed');
      assert.match(await page.locator('#menu-toggle').textContent(), new RegExp(`${levels.length}\\s*$`), 'the button shows the current level');
      await page.locator('#menu-toggle').tap();
      assert.equal(await page.locator('#menu-toggle').getAttribute('aria-expanded'), 'true');
      for (let i = 0; i < levels.length; i++) assert.ok(await onScreen(page, links.nth(i)), `level ${i + 1} is on screen, not cut`);
      const current = page.locator('#site-menu a[aria-current="page"]');
      assert.equal(await current.count(), 1, 'one level is marked current');
      assert.equal(await current.getAttribute('href'), `../${levels[levels.length - 1]}`, 'the current level is this page');
      assert.ok(await onScreen(page, current), 'the current level is visible');
      for (const text of ['Тренировка', 'Собеседование', 'Печать']) {
        assert.ok(await onScreen(page, page.locator('#site-menu .tool-nav a', { hasText: text })), `${text} is in the menu`);
      }
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), PHONE.width, 'no sideways scrolling');
      await page.keyboard.press('Escape');
      assert.equal(await links.first().isVisible(), false, 'Escape closes the menu');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'menu-toggle', 'and gives the focus back to its button');
      await page.locator('#menu-toggle').tap();
      assert.equal(await links.first().isVisible(), true);
      await page.touchscreen.tap(PHONE.width / 2, PHONE.height - 20); // below the open menu
      await page.waitForTimeout(100);
      assert.equal(await links.first().isVisible(), false, 'a tap elsewhere closes the menu');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('on a laptop the levels are one row, with the current one marked, and no menu button', async () => {
    const levels = levelPages(shipped.root);
    const { context, page, errors } = await open(shipped.url(levels[1]), laptop);
    try {
      assert.equal(await page.locator('#menu-toggle').isVisible(), false);
      const tops = await page.$$eval('#site-menu .level-nav a', (as) => as.map((a) => Math.round(a.getBoundingClientRect().top)));
      assert.equal(tops.length, levels.length);
      assert.equal(new Set(tops).size, 1, `every level on one line: tops ${tops}`);
      const current = page.locator('#site-menu a[aria-current="page"]');
      assert.equal(await current.count(), 1);
      assert.match(await current.textContent(), /^\s*2\b/);
      assert.ok(await onScreen(page, current));
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});

describe('pages', () => {
  test('a level page ends with the next level and a way back to the top; the last with the way home', async () => {
    const { context, page, errors } = await open(server.url('basics/index.html'), phone);
    try {
      const next = page.locator('.level-end a[rel="next"]');
      assert.equal(await next.getAttribute('href'), '../web/index.html');
      assert.match(await next.textContent(), /Next level.*2\. Web/s);
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.locator('.level-end a[href="#top"]').tap();
      await page.waitForFunction(() => window.scrollY === 0);
      await page.goto(server.url('web/index.html'));
      assert.equal(await page.locator('.level-end a[rel="next"]').count(), 0, 'the last level has no next');
      assert.equal(await page.locator('.level-end a[href="../index.html"]').count(), 1, 'the last level leads home');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('← and → go to the previous and next question, not while typing or with a modifier', async () => {
    const { context, page, errors } = await open(server.url('q/is-vs-eq.html'), laptop);
    try {
      await page.keyboard.press('ArrowRight');
      await page.waitForURL(/q\/dict\.html$/);
      await page.keyboard.press('ArrowLeft');
      await page.waitForURL(/q\/is-vs-eq\.html$/);
      await page.keyboard.press('Alt+ArrowRight');
      await page.keyboard.press('Shift+ArrowRight');
      await page.locator('#search-input').fill('gil');
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('Escape');
      await page.waitForTimeout(300);
      assert.match(page.url(), /q\/is-vs-eq\.html$/, 'modifiers and the search field keep the page');
      await page.goto(server.url('q/gil.html'));
      await page.keyboard.press('ArrowLeft'); // the first question: nothing before it
      await page.waitForTimeout(200);
      assert.match(page.url(), /q\/gil\.html$/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('a question without an answer says so and links to writing one in the repository', async () => {
    const { context, page, errors } = await open(server.url('q/rest.html'), phone);
    try {
      const box = page.locator('#no-answer');
      assert.match(await box.textContent(), /no answer to this question yet/);
      const link = box.locator('a', { hasText: 'Write an answer' });
      assert.equal(await link.getAttribute('href'), 'https://github.com/example/book/edit/main/content/02-web/01-http/010-rest.md');
      assert.match(await box.textContent(), /content\/02-web\/01-http\/010-rest\.md/);
      await page.goto(server.url('q/gil.html'));
      assert.equal(await page.locator('#no-answer').count(), 0, 'an answered question shows its answer');
      assert.equal(await page.locator('.answer pre').count(), 1);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the search page opens with its box focused', async () => {
    const { context, page, errors } = await open(server.url('search/index.html'), laptop);
    try {
      await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'search-input');
      await page.keyboard.type('gil');
      assert.equal(await page.locator('#search-input').inputValue(), 'gil');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the home page offers study, interview sets and print as entries, and no progress line before the first mark', async () => {
    const { context, page, errors } = await open(server.url('index.html'), phone);
    try {
      for (const href of ['study/index.html', 'interview/index.html', 'print/index.html']) {
        const entry = page.locator(`.tool-cards a[href="${href}"]`);
        const box = await entry.boundingBox();
        assert.ok(box && box.height >= 44 && box.width >= 200, `${href} is a large entry: ${JSON.stringify(box)}`);
      }
      assert.equal(await page.locator('#progress-summary').isVisible(), false, 'nothing to report before the first mark');
      await page.goto(server.url('study/index.html'));
      assert.equal(await page.locator('#progress-summary').isVisible(), false, 'nor on the study page');
      assert.doesNotMatch(await page.locator('#study-counts').textContent(), /Know/);
      await page.locator('#card-reveal').tap();
      await page.locator('[data-mark="know"]').tap();
      assert.match(await page.locator('#study-counts').textContent(), /Know: 1/);
      await page.goto(server.url('index.html'));
      assert.match(await page.locator('#progress-summary').textContent(), /Know: 1/, 'after a mark, the home page shows it');
      await page.reload();
      assert.match(await page.locator('#progress-summary').textContent(), /Know: 1/, 'and still after a reload');
      assert.equal(Object.keys((await storedProgress(page)).cards).length, 1);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});

describe('the theme choice', () => {
  test('goes round system, light and dark with a distinct icon each, and is remembered', async () => {
    const { context, page, errors } = await open(server.url('index.html'), { ...laptop, colorScheme: 'dark' });
    try {
      const state = () => page.evaluate(() => {
        const icons = [...document.querySelectorAll('#theme-toggle svg')].filter((s) => getComputedStyle(s).display !== 'none');
        return {
          choice: document.documentElement.getAttribute('data-theme-choice'),
          theme: document.documentElement.getAttribute('data-theme'),
          stored: localStorage.getItem('qbook:theme'),
          icon: icons.map((s) => s.getAttribute('class')).join(','),
          label: document.getElementById('theme-toggle').textContent.trim(),
          background: getComputedStyle(document.body).backgroundColor,
        };
      });
      const system = await state();
      assert.deepEqual([system.choice, system.theme, system.stored, system.icon], ['system', null, null, 'icon-system']);
      assert.equal(system.label, 'Theme: as the system');
      assert.equal(system.background, 'rgb(17, 20, 24)', 'the system is dark here');
      const toggle = page.locator('#theme-toggle');
      await toggle.click();
      const light = await state();
      assert.deepEqual([light.choice, light.theme, light.stored, light.icon, light.label], ['light', 'light', 'light', 'icon-light', 'Theme: light']);
      assert.equal(light.background, 'rgb(255, 255, 255)');
      await page.reload();
      assert.equal((await state()).choice, 'light', 'remembered after a reload');
      await toggle.click();
      const dark = await state();
      assert.deepEqual([dark.choice, dark.theme, dark.stored, dark.icon, dark.label], ['dark', 'dark', 'dark', 'icon-dark', 'Theme: dark']);
      await toggle.click();
      const back = await state();
      assert.deepEqual([back.choice, back.theme, back.stored, back.icon], ['system', null, null, 'icon-system'], 'back to following the system');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});

describe('the 404 page', () => {
  /** The 404 page's look: its header is styled and its links lead into the site. */
  async function looksStyled(page) {
    return page.evaluate(() => ({
      header: getComputedStyle(document.querySelector('.site-header')).backgroundColor,
      home: document.querySelector('.brand').href,
      theme: typeof window.qbook?.t === 'function',
    }));
  }

  test('is styled when served for a missing deep URL, from a plain local server and from file://', async () => {
    const plain = await startServer(built.site, { basePath: '/' });
    const cases = [
      ['a host, at a missing deep URL', server.url('no/such/page/'), `${server.origin}${server.basePath}index.html`],
      ['a plain local server, as /404.html', plain.url('404.html'), `${plain.origin}/index.html`],
      ['file://', pathToFileURL(path.join(built.site, '404.html')).href, pathToFileURL(path.join(built.site, 'index.html')).href],
    ];
    try {
      for (const [where, url, home] of cases) {
        for (const viewport of [phone, laptop]) {
          const { context, page, errors } = await open(url, viewport);
          // The page itself answers 404 on a host (the console says so); nothing else may.
          const ownStatus = /the server responded with a status of 404/;
          const failed = [];
          page.on('response', (res) => { if (res.status() >= 400 && res.url() !== url) failed.push(`${res.status()} ${res.url()}`); });
          try {
            const look = await looksStyled(page);
            assert.equal(look.header, 'rgb(244, 246, 250)', `${where}: the header has the theme's background`);
            assert.equal(look.home, home, `${where}: the title leads home`);
            assert.ok(look.theme, `${where}: the scripts load`);
            assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), viewport.viewport.width, `${where}: no sideways scrolling`);
            await page.locator('.skip-link').focus();
            await page.keyboard.press('Enter');
            assert.equal(await page.evaluate(() => document.activeElement.id), 'main', `${where}: the skip link stays on the page`);
            assert.deepEqual(failed, [], `${where}: every asset loads`);
            assert.deepEqual(errors.filter((e) => !ownStatus.test(e)), [], where);
          } finally {
            await context.close();
          }
        }
      }
    } finally {
      await plain.close();
    }
  });
});
