// Helpers for the study and interview tests: build a book with the qbook binary into a
// temporary folder, run qbook, read a page's study state.

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, qbookBin } from './env.mjs';

const run = promisify(execFile);

/** The fixture book with answers (4 questions, 2 levels, English). */
export const BASIC_BOOK = path.join(REPO_ROOT, 'tests', 'fixtures', 'books', 'basic');

/** Runs the qbook binary; resolves to { stdout, stderr }, rejects with its stderr on failure. */
export async function qbook(args, options = {}) {
  try {
    return await run(qbookBin(), args, { maxBuffer: 64 * 1024 * 1024, timeout: 240_000, ...options });
  } catch (err) {
    throw new Error(`qbook ${args.join(' ')} failed: ${err.stderr || err.message}`);
  }
}

/** A fresh temporary folder and a function that removes it. */
export function tempDir(prefix = 'qbook-study-') {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Builds the book at `root` into a new temporary folder: { site, remove }. */
export async function buildBook(root) {
  const tmp = tempDir();
  const site = path.join(tmp.dir, 'site');
  await qbook(['build', '--root', root, '--out', site]);
  return { site, remove: tmp.remove };
}

/** The stored progress of the page's book (parsed), or null. */
export async function storedProgress(page) {
  return page.evaluate(() => {
    const key = `${document.documentElement.getAttribute('data-storage-key')}:progress`;
    const raw = localStorage.getItem(key);
    return raw ? JSON.parse(raw) : null;
  });
}

/** The id of the card on show in study mode. */
export async function cardId(page) {
  return page.locator('#card').getAttribute('data-qid');
}

/** The counts of the progress summary on the page: { know, unsure, dontknow, new }. */
export async function summaryCounts(page) {
  return page.evaluate(() => {
    const out = {};
    for (const span of document.querySelectorAll('#progress-summary [data-count]')) {
      out[span.getAttribute('data-count')] = Number(span.textContent.replace(/^.*:\s*/, ''));
    }
    return out;
  });
}

/** Collects uncaught page errors and console errors into `errors`. */
export function watchErrors(page, errors) {
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
}
