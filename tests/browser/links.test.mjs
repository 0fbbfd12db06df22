// Gate: every internal href/src of every page (crawled over http from the home page, and
// every .html file of the output besides) resolves to an existing file, every #fragment
// names an id on its target page, and nothing is loaded from another host. Plain <a href>
// links to other sites (the book's sources) are allowed.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { siteDir } from './lib/env.mjs';
import { launchBrowser, newContext } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { listFiles } from './lib/site.mjs';
import { checkLinks, report, summarize } from './lib/gates.mjs';

let server;
let browser;

before(async () => {
  server = await startServer(siteDir());
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('no broken links, missing anchors or external resources', async (t) => {
  const context = await newContext(browser, { javaScriptEnabled: false });
  const parser = await context.newPage();
  const { problems, warnings, pages } = await checkLinks(server, parser);
  await context.close();
  t.diagnostic(`checked ${pages.length} pages`);
  for (const line of summarize(warnings)) t.diagnostic(`warning: ${line}`);
  const htmlFiles = listFiles(server.root, '.html');
  assert.ok(pages.length >= htmlFiles.length, `checked ${pages.length} pages, but the site has ${htmlFiles.length} .html files`);
  assert.equal(problems.length, 0, report('link problems', problems));
});
