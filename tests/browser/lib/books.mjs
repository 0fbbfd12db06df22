// Books for the browser tests: run the qbook binary, build a book into a temporary folder,
// serve it on loopback with a browser to look at it.

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { qbookBin } from './env.mjs';
import { launchBrowser } from './browser.mjs';
import { startServer } from './server.mjs';

const run = promisify(execFile);

/** Runs the qbook binary; resolves to { stdout, stderr }, rejects with its stderr on failure. */
export async function qbook(args, options = {}) {
  try {
    return await run(qbookBin(), args, { maxBuffer: 64 * 1024 * 1024, timeout: 240_000, ...options });
  } catch (err) {
    throw new Error(`qbook ${args.join(' ')} failed: ${err.stderr || err.message}`);
  }
}

/** A fresh temporary folder and a function that removes it. */
export function tempDir(prefix = 'qbook-book-') {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Builds the book at `root` (with more `build` arguments, if any) into a new temporary
 * folder: { site, remove }. */
export async function buildBook(root, args = []) {
  const tmp = tempDir();
  const site = path.join(tmp.dir, 'site');
  await qbook(['build', '--root', root, '--out', site, ...args]);
  return { site, remove: tmp.remove };
}

/** Builds the book at `root`, serves it on loopback and starts Chromium: { built, server, browser }. */
export async function serveBook(root) {
  const built = await buildBook(root);
  const server = await startServer(built.site);
  const browser = await launchBrowser();
  return { built, server, browser };
}

/** Stops what `serveBook` started and removes the built site. */
export async function closeBook({ built, server, browser } = {}) {
  await browser?.close();
  await server?.close();
  built?.remove();
}
