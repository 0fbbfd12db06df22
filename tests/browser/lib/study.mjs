// Helpers for the study and interview tests: the fixture book, a page's study state.

import path from 'node:path';
import { REPO_ROOT } from './env.mjs';

/** The fixture book with answers (4 questions, 2 levels, English). */
export const BASIC_BOOK = path.join(REPO_ROOT, 'tests', 'fixtures', 'books', 'basic');

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
