// Gate: on a phone (390×844) the home page, every level page (they hold every question
// title and follow-up) and a question page do not scroll sideways.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { siteDir } from './lib/env.mjs';
import { launchBrowser, newContext } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { forEachKeyPage, levelPages } from './lib/site.mjs';
import { PHONE, checkOverflow } from './lib/gates.mjs';

let server;
let browser;
let context;

before(async () => {
  server = await startServer(siteDir());
  browser = await launchBrowser();
  context = await newContext(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test(`pages fit a ${PHONE.width}px wide phone screen`, async (t) => {
  await forEachKeyPage(
    t,
    server.root,
    async (_st, page) => {
      const problems = await checkOverflow(context, server.url(page.rel), { label: page.rel });
      assert.equal(problems.length, 0, problems.join('\n'));
    },
    { only: ['home', 'level', 'question'] },
  );
});

test(`every level page fits a ${PHONE.width}px wide phone screen`, async () => {
  const pages = levelPages(server.root);
  assert.ok(pages.length > 0, 'the site has no level pages');
  const problems = [];
  for (const rel of pages) problems.push(...(await checkOverflow(context, server.url(rel), { label: rel })));
  assert.equal(problems.length, 0, problems.join('\n'));
});
