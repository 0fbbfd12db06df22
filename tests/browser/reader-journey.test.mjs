// What a reader met walking the shipped book (QBOOK_SITE) on a phone, a laptop and the
// widths between, with mouse, fingers and keys, that the other tests did not catch: → in
// study mode swinging between the first two cards, the menu opened from the keyboard
// leaving the focus behind the search box, Space and Enter pressing a control that
// was clicked with the mouse instead of acting on the card, the level menu wrapping onto a
// second row between a phone and a wide laptop (and at any width for a book with long level
// titles, built here from the fixture book with QBOOK_BIN), a reveal on a phone held sideways showing
// nothing of what it revealed, the header's search results running off the right of the
// screen, and the 404 page fetching "null".

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AXE_JS, siteDir } from './lib/env.mjs';
import { launchBrowser, newContext } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { AXE_TAGS, PHONE } from './lib/gates.mjs';
import { levelPages } from './lib/site.mjs';
import { BASIC_BOOK, cardId, storedProgress, watchErrors } from './lib/study.mjs';
import { buildBook, tempDir } from './lib/books.mjs';

const phone = { viewport: PHONE, isMobile: true, hasTouch: true };
const laptop = { viewport: { width: 1280, height: 800 } };

let browser;
let server;

before(async () => {
  browser = await launchBrowser();
  server = await startServer(siteDir());
});

after(async () => {
  await browser?.close();
  await server?.close();
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

/** The display number of the card on show ("№ 3" -> 3). */
async function cardNumber(page) {
  return Number((await page.locator('.card-number').textContent()).replace(/\D+/g, ''));
}

describe('study mode', () => {
  test('→ goes on through the book, and a card passed over comes back only once nothing else is left', async () => {
    const { context, page, errors } = await open(server.url('study/index.html'), phone);
    try {
      const seen = [await cardNumber(page)];
      for (let i = 0; i < 4; i++) {
        await page.keyboard.press('ArrowRight');
        seen.push(await cardNumber(page));
      }
      assert.deepEqual(seen, [1, 2, 3, 4, 5], '→ with the key');
      await page.locator('#card-next').tap();
      assert.equal(await cardNumber(page), 6, '→ with a finger');
      await page.keyboard.press('ArrowLeft');
      assert.equal(await cardNumber(page), 5, '← goes back the way it came');

      // A section of five: the sixth → comes round to the first card passed over.
      const section = await page.evaluate(() => {
        const level = window.__qbookStudy.levels[0];
        return `${level.slug}/${level.sections[0].slug}`;
      });
      await page.goto(server.url(`study/index.html?section=${encodeURIComponent(section)}`));
      const round = [await cardNumber(page)];
      for (let i = 0; i < 5; i++) {
        await page.keyboard.press('ArrowRight');
        round.push(await cardNumber(page));
      }
      assert.deepEqual(round, [1, 2, 3, 4, 5, 1]);

      // A mark still follows the schedule: the next card is a new one not yet passed over.
      await page.keyboard.press('Space');
      await page.keyboard.press('3');
      assert.equal(await cardNumber(page), 2);
      assert.equal(await storedProgress(page).then((p) => Object.keys(p.cards).length), 1, 'passing over marks nothing');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('Space and Enter after a mouse click on a control outside the card act on the card; a control reached with Tab keeps them', async () => {
    const { context, page, errors } = await open(server.url('study/index.html'), laptop);
    try {
      const a = await cardId(page);
      const theme = () => page.evaluate(() => document.documentElement.getAttribute('data-theme-choice'));

      await page.locator('#theme-toggle').click();
      assert.equal(await theme(), 'light');
      await page.keyboard.press('Space');
      assert.equal(await theme(), 'light', 'Space after clicking the theme button does not press it again');
      assert.equal(await page.locator('#card-back').isVisible(), true, 'Space reveals the card instead');
      await page.keyboard.press('Enter');
      assert.equal(await page.locator('#card-back').isVisible(), false, 'Enter hides it again');

      await page.locator('#study-filters-box summary').click();
      assert.equal(await page.locator('#study-filters-box').evaluate((d) => d.open), true);
      await page.keyboard.press('Space');
      assert.equal(await page.locator('#study-filters-box').evaluate((d) => d.open), true, 'Space leaves the clicked filters open');
      assert.equal(await page.locator('#card-back').isVisible(), true, 'and reveals the card');
      assert.equal(await cardId(page), a, 'on the same card');
      assert.equal(await storedProgress(page), null, 'nothing marked');

      // Reached with the keyboard, the theme button keeps Space.
      await page.locator('#theme-toggle').click();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Shift+Tab');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'theme-toggle');
      const before = await theme();
      await page.keyboard.press('Space');
      assert.notEqual(await theme(), before, 'Space presses a button reached with Tab');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('on a phone held sideways (844×390) a reveal brings the card up: its title and follow-ups above the buttons', async () => {
    const { context, page, errors } = await open(server.url('study/index.html'), { viewport: { width: 844, height: 390 }, isMobile: true, hasTouch: true });
    try {
      await page.locator('#card-reveal').tap();
      const bar = await page.locator('#card-actions').boundingBox();
      assert.ok(bar.y + bar.height <= 390.5, 'the buttons are on screen');
      const title = await page.locator('#card-title').boundingBox();
      assert.ok(title.y >= 0, `the title is not scrolled off the top (${title.y})`);
      const first = await page.locator('#card-follow-ups li').first().boundingBox();
      assert.ok(first.y + first.height <= bar.y, `the first follow-up shows above the buttons (${first.y + first.height} > ${bar.y})`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});

describe('the level menu between a phone and a wide laptop', () => {
  for (const width of [800, 1024, 1180]) {
    test(`at ${width} px the levels never wrap onto a second row, and the menu shows them all, the current one marked`, async () => {
      const levels = levelPages(server.root);
      const { context, page, errors } = await open(server.url(levels[2]), { viewport: { width, height: 800 } });
      try {
        const nav = page.locator('#site-menu .level-nav');
        const rows = () => page.evaluate(() => new Set([...document.querySelectorAll('#site-menu .level-nav li')]
          .map((li) => Math.round(li.getBoundingClientRect().top))).size);
        const button = page.locator('#menu-toggle');
        if (await nav.isVisible()) {
          assert.equal(await rows(), 1, 'the levels are one row');
        } else {
          assert.equal(await button.isVisible(), true, 'a menu button stands for the levels');
          await button.click();
          assert.equal(await button.getAttribute('aria-expanded'), 'true');
          const links = page.locator('#site-menu .level-nav a');
          assert.equal(await links.count(), levels.length);
          for (let i = 0; i < levels.length; i++) {
            const box = await links.nth(i).boundingBox();
            assert.ok(box && box.y >= 0 && box.y + box.height <= 800 && box.x >= 0 && box.x + box.width <= width, `level ${i + 1} on screen`);
          }
          const current = page.locator('#site-menu .level-nav a[aria-current="page"]');
          assert.match(await current.textContent(), /^\s*3\s/);
          assert.equal(await page.locator('#site-menu .tool-nav').isVisible(), true, 'study, interview sets and print in the menu');
          for (const colorScheme of ['light', 'dark']) {
            await page.emulateMedia({ colorScheme });
            await page.addScriptTag({ path: AXE_JS });
            const found = await page.evaluate((tags) => window.axe.run('#site-header', { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS);
            assert.deepEqual(found.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `axe on the open menu [${colorScheme}]`);
          }
          await page.keyboard.press('Escape');
          assert.equal(await nav.isVisible(), false, 'Escape closes it');
        }
        const header = await page.locator('.header-inner').boundingBox();
        assert.ok(header.height <= 80, `the header is one compact row (${header.height} px)`);
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width, 'no sideways scrolling');
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }
});

describe('a book whose levels need a second row on a wide screen', () => {
  test('folds them behind the menu button at 1280 and 1600 px, the panel on screen', async () => {
    const book = tempDir('qbook-long-levels-');
    let built;
    try {
      cpSync(BASIC_BOOK, book.dir, { recursive: true });
      const long = {
        '01-basics': 'Level 1: The basics of the language, its data model, its types and its standard library in depth',
        '02-web': 'Level 2: Web development, HTTP, frameworks, APIs, security and everything around them',
      };
      for (const [folder, title] of Object.entries(long)) {
        const file = path.join(book.dir, 'content', folder, '_level.md');
        writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, `title: "${title}"`));
      }
      built = await buildBook(book.dir);
      const longServer = await startServer(built.site);
      try {
        for (const width of [1280, 1600]) {
          const { context, page, errors } = await open(longServer.url(levelPages(built.site)[0]), { viewport: { width, height: 800 } });
          try {
            assert.equal(await page.locator('#site-menu .level-nav').isVisible(), false, `${width} px: the levels do not show as two rows`);
            await page.locator('#menu-toggle').click();
            for (const link of await page.locator('#site-menu a').all()) {
              const box = await link.boundingBox();
              assert.ok(box && box.x >= 0 && box.x + box.width <= width && box.y + box.height <= 800, `${width} px: ${await link.textContent()} on screen`);
            }
            assert.equal(await page.locator('#site-menu a[aria-current="page"]').count(), 1, 'the current level marked');
            const header = await page.locator('.header-inner').boundingBox();
            assert.ok(header.height <= 80, `${width} px: the header is one compact row (${header.height} px)`);
            assert.deepEqual(errors, []);
          } finally {
            await context.close();
          }
        }
      } finally {
        await longServer.close();
      }
    } finally {
      built?.remove();
      book.remove();
    }
  });
});

describe('the menu from the keyboard', () => {
  test('on a phone Enter on the menu button takes the focus into the menu, to the current level; Tab out of it closes it', async () => {
    const levels = levelPages(server.root);
    const { context, page, errors } = await open(server.url(levels[1]), phone);
    try {
      await page.locator('#menu-toggle').focus();
      await page.keyboard.press('Enter');
      assert.equal(await page.locator('#site-menu').isVisible(), true);
      assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-current')), 'page', 'the focus is on the current level');
      const links = await page.locator('#site-menu a').count();
      const current = await page.evaluate(() => [...document.querySelectorAll('#site-menu a')].indexOf(document.activeElement));
      for (let i = current; i < links; i++) await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => !!document.activeElement.closest('#site-header')), false, 'Tab went on past the menu');
      assert.equal(await page.locator('#site-menu').isVisible(), false, 'and the menu closed behind it');
      assert.equal(await page.locator('#menu-toggle').getAttribute('aria-expanded'), 'false');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});

describe('the header search', () => {
  test('its results open within the screen at every width, with no sideways scrolling', async () => {
    for (const width of [390, 800, 1024, 1280]) {
      const options = width < 700 ? phone : { viewport: { width, height: 800 } };
      const { context, page, errors } = await open(server.url('q/gil.html'), options);
      try {
        await page.locator('#search-input').click();
        await page.keyboard.type('монго');
        const popup = page.locator('.search-popup');
        await popup.waitFor({ state: 'visible' });
        await page.locator('.search-popup [role="option"]').first().waitFor();
        const box = await popup.boundingBox();
        assert.ok(box.x >= 0 && box.x + box.width <= width + 0.5, `${width} px: the results lie within the screen (${box.x}..${box.x + box.width})`);
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width, `${width} px: no sideways scrolling`);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    }
  });
});

describe('the 404 page', () => {
  test('runs its own script (the service worker over http) and asks for nothing that is not there', async () => {
    const cases = [
      ['a host, at a missing deep URL', server.url('no/such/page.html')],
      ['file://', pathToFileURL(path.join(server.root, '404.html')).href],
    ];
    for (const [where, url] of cases) {
      const context = await newContext(browser, phone);
      const page = await context.newPage();
      const asked = [];
      page.on('request', (req) => asked.push(req.url()));
      try {
        await page.goto(url);
        await page.waitForLoadState('load');
        assert.deepEqual(asked.filter((u) => /\/null$/.test(u)), [], `${where}: no request for "null"`);
        if (url.startsWith('http')) {
          const scope = await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.scope));
          assert.equal(scope, server.url(''), `${where}: the service worker is registered for the site`);
        }
      } finally {
        await context.close();
      }
    }
  });
});
