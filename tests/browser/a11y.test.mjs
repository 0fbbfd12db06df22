// Gate: axe-core (WCAG 2.0/2.1 A and AA, plus best practices) finds no violation on any
// key page (see KEY_PAGES in lib/site.mjs), in light and in dark mode.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { siteDir } from './lib/env.mjs';
import { launchBrowser, newContext } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { forEachKeyPage } from './lib/site.mjs';
import { checkA11y, report } from './lib/gates.mjs';

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

for (const colorScheme of ['light', 'dark']) {
  test(`axe-core finds no violations on the key pages in ${colorScheme} mode`, async (t) => {
    await forEachKeyPage(t, server.root, async (_st, page) => {
      const problems = await checkA11y(context, server.url(page.rel), { label: page.rel, colorScheme });
      assert.equal(problems.length, 0, report(`axe-core violations on ${page.rel} (${colorScheme})`, problems));
    });
  });
}
