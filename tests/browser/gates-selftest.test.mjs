// Proves the gates can fail: copies the built site, breaks one page on purpose (an
// unclosed element, an <img> without alt, a dead link, a missing anchor, a root-relative
// link, an external script, an element wider than a phone) and checks that each gate reports its problem
// and names that page. The gate functions are the ones the real tests use.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { siteDir } from './lib/env.mjs';
import { launchBrowser, newContext } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { keyPages } from './lib/site.mjs';
import { checkA11y, checkHtml, checkLinks, checkOverflow, checkRequests } from './lib/gates.mjs';

/** What is injected, just before </main> (or </body>), into the victim page. */
const BREAKAGE = [
  '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="1" height="1">',
  '<p><a href="../../no-such-page-selftest/">dead link</a> <a href="#no-such-anchor-selftest">dead anchor</a> <a href="/root-relative-selftest/">root-relative</a></p>',
  '<script src="https://cdn.example.invalid/selftest.js"></script>',
  '<div style="width:2000px">selftest-too-wide</div>',
  '<section class="selftest-unclosed"><p>unclosed section',
].join('\n');

let broken;
let victim;
let server;
let browser;

before(async () => {
  const site = siteDir();
  broken = mkdtempSync(path.join(os.tmpdir(), 'qbook-gates-selftest-'));
  cpSync(site, broken, { recursive: true });
  victim = keyPages(broken).find((p) => p.name === 'question' && !p.missing) ?? keyPages(broken)[0];
  const file = path.join(broken, victim.rel);
  const html = readFileSync(file, 'utf8');
  const at = html.lastIndexOf('</main>') >= 0 ? html.lastIndexOf('</main>') : html.lastIndexOf('</body>');
  assert.ok(at >= 0, `${victim.rel} has neither </main> nor </body>`);
  writeFileSync(file, html.slice(0, at) + BREAKAGE + '\n' + html.slice(at));
  server = await startServer(broken);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (broken) rmSync(broken, { recursive: true, force: true });
});

/** Asserts that some problem names the victim page and matches `pattern`. */
function assertReported(problems, pattern, what) {
  const hit = problems.find((p) => p.includes(victim.rel) && pattern.test(p));
  assert.ok(hit, `the gate did not report ${what} on ${victim.rel}; it reported:\n  ${problems.join('\n  ') || '(nothing)'}`);
}

test('the HTML gate reports an unclosed element and an img without alt', async () => {
  const { errors } = await checkHtml(broken);
  assertReported(errors, /unclosed element|open elements/i, 'the unclosed <section>');
  assertReported(errors, /img.*alt/i, 'the <img> without alt');
  assert.ok(errors.every((e) => /^\S+:\d+:\d+: /.test(e)), `errors must read page:line:col: message:\n${errors.join('\n')}`);
});

test('the accessibility gate reports an img without alt, in both modes', async () => {
  const context = await newContext(browser);
  for (const colorScheme of ['light', 'dark']) {
    const problems = await checkA11y(context, server.url(victim.rel), { label: victim.rel, colorScheme });
    assertReported(problems, new RegExp(`\\[${colorScheme}\\]: image-alt`), `axe's image-alt (${colorScheme})`);
  }
  await context.close();
});

test('the link gate reports a dead link, a missing anchor, a root-relative link and an external script', async () => {
  const context = await newContext(browser, { javaScriptEnabled: false });
  const { problems } = await checkLinks(server, await context.newPage());
  await context.close();
  assertReported(problems, /broken link .*no-such-page-selftest/, 'the dead link');
  assertReported(problems, /no element with id="no-such-anchor-selftest"/, 'the missing anchor');
  assertReported(problems, /external resource.*cdn\.example\.invalid/, 'the external script');
  assertReported(problems, /root-relative URL .*root-relative-selftest/, 'the root-relative link');
});

test('the network gate reports the request to another host, without letting it out', async () => {
  const context = await newContext(browser);
  const problems = await checkRequests(context, server.url(victim.rel), { label: victim.rel });
  assertReported(problems, /request to another host: GET https:\/\/cdn\.example\.invalid\/selftest\.js/, 'the external request');
  assert.ok(context.blockedRequests.some((r) => r.url.includes('cdn.example.invalid')), 'the external request must be aborted');
  await context.close();
});

test('the overflow gate names the too-wide element', async () => {
  const context = await newContext(browser);
  const problems = await checkOverflow(context, server.url(victim.rel), { label: victim.rel });
  assertReported(problems, /scrolls sideways.*selftest-too-wide/, 'the 2000px wide element');
  await context.close();
});
