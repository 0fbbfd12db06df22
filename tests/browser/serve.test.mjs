// `qbook serve` in a real browser: an open page reloads by itself after an edit, shows the
// build error while the file is broken, and comes back when it is fixed. Reports the time
// from saving a file to the page showing the change.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';

import { launchBrowser, newContext } from './lib/browser.mjs';
import { REPO_ROOT, qbookBin } from './lib/env.mjs';

// How long the test waits for the page to change after a save. Generous: CI runs other
// work on the same two cores; the time it took is printed, and the benchmark measures
// rebuilds.
const RELOAD_WAIT_MS = 15_000;

/** Starts `qbook serve --port 0` on a copy of a book; resolves with { url, stop }. */
async function serveCopy(book) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qbook-serve-'));
  cpSync(book, dir, { recursive: true });
  const child = spawn(qbookBin(), ['serve', '--port', '0', '--root', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no address:\n${log}`)), 20_000);
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited (${code}):\n${log}`)));
  });
  const stop = async () => {
    child.kill('SIGINT');
    await once(child, 'exit');
    rmSync(dir, { recursive: true, force: true });
  };
  return { url, dir, stop };
}

test('an open page reloads by itself after an edit, through a broken build and back', async () => {
  const book = path.join(REPO_ROOT, 'tests/fixtures/books/basic');
  const server = await serveCopy(book);
  const browser = await launchBrowser();
  try {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}q/gil.html`);
    assert.match(await page.textContent('h1'), /What is the GIL/);
    const file = path.join(server.dir, 'content/01-basics/01-core/010-gil.md');
    const original = readFileSync(file, 'utf8');
    await page.waitForTimeout(300); // let the event stream connect

    const saved = Date.now();
    writeFileSync(file, original.replace('What is the GIL', 'What exactly is the GIL'));
    await page.waitForFunction(() => document.querySelector('h1')?.textContent.includes('What exactly'), null, { timeout: RELOAD_WAIT_MS });
    console.log(`save -> page shows the change: ${Date.now() - saved} ms`);

    writeFileSync(file, '---\ntitle: "broken\n---\n');
    await page.waitForSelector('#qbook-error', { timeout: RELOAD_WAIT_MS });
    // The error page shows the diagnostic as `check` prints it: ` --> path:line:col`.
    assert.match(await page.textContent('#qbook-error'), /--> content\/01-basics\/01-core\/010-gil\.md:2:8\n/);

    writeFileSync(file, original);
    await page.waitForFunction(() => document.querySelector('h1')?.textContent.includes('What is the GIL'), null, { timeout: RELOAD_WAIT_MS });
    assert.deepEqual(context.blockedRequests, [], 'no request leaves the machine');
  } finally {
    await browser.close();
    await server.stop();
  }
});
