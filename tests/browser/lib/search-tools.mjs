// Helpers of the search tests: generate books, open a page with the
// search engine loaded, run queries through it (window.qbook.search), and measure what a
// browser downloads before the first result.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT } from './env.mjs';

/** Queries for books from examples/gen_book.rs: words in several forms, symbols, several
 * words, a typo and the wrong keyboard layout. */
export const SYNTHETIC_QUERIES = [
  'генераторами', 'транзакции', 'декоратор', 'N+1', 'select_related', 'async/await', 'utythfnjh',
  'кэширование redis', 'user_session', 'pytest', 'производительность', 'как оптимизировать запросы',
  'Python 3.10+', 'str | None', 'асинхронные генераторы', 'сериализатор', 'kubernetes helm', 'дескрипторы',
  'микросервисы очереди', 'пагинацией', 'транзакцыи', 'ьшпкфешщт',
];

/**
 * Generates a synthetic book of `n` questions with examples/gen_book.rs (through cargo, or
 * the binary QBOOK_GEN_BIN names); returns { root, cleanup }.
 */
export function generateBook(n) {
  const root = mkdtempSync(path.join(tmpdir(), `qbook-gen-${n}-`));
  const args = ['--questions', String(n), '--out', root];
  if (process.env.QBOOK_GEN_BIN) execFileSync(process.env.QBOOK_GEN_BIN, args, { stdio: 'pipe' });
  else execFileSync('cargo', ['run', '--quiet', '--release', '--example', 'gen_book', '--', ...args], { cwd: REPO_ROOT, stdio: 'pipe' });
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Raw and gzip (level 6, as static hosts serve) sizes of a file. */
export function fileSizes(file) {
  const bytes = readFileSync(file);
  return { raw: statSync(file).size, gzip: gzipSync(bytes, { level: 6 }).length };
}

/** Opens `url` in a new page of `context`, recording JavaScript errors in page.errors. */
export async function openPage(context, url) {
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (err) => page.errors.push(err.message));
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

/** The ids of the first `limit` results of `query`, through the page's search engine. */
export async function queryIds(page, query, limit = 5) {
  return page.evaluate(
    async ({ q, n }) => {
      const r = await window.qbook.search.find(q, { limit: n });
      return window.qbook.search.ids({ docs: r.docs.slice(0, n) });
    },
    { q: query, n: limit },
  );
}

/** Types `text` into the header search box, as a person would. */
export async function typeQuery(page, text) {
  await page.click('#search-input');
  await page.fill('#search-input', '');
  await page.keyboard.type(text, { delay: 5 });
}

/** The results shown in the header's listbox, once there are some: [{ id, href, html }]. */
export async function listboxResults(page) {
  await page.waitForSelector('#search-listbox [role=option] .sr-title', { timeout: 10_000 });
  return page.$$eval('#search-listbox [role=option]:not(.sr-all)', (items) =>
    items.map((li) => ({ href: li.dataset.href, html: li.querySelector('.sr-title').innerHTML, id: li.id })),
  );
}

/**
 * Runs a query set through the page's search engine: each entry is [query, expected id or
 * ids (any of them is a hit), kind]. Logs the hit count per kind and every miss, and returns
 * the share of queries with an expected question in the top 5 and the misses, one line each.
 */
export async function scoreQueries(page, name, queries) {
  const misses = [];
  const perKind = new Map();
  for (const [query, expected, kind] of queries) {
    const ids = await queryIds(page, query, 5);
    const wanted = [].concat(expected);
    const counts = perKind.get(kind) ?? [0, 0];
    counts[1]++;
    if (wanted.some((id) => ids.includes(id))) counts[0]++;
    else misses.push(`${kind}: «${query}» expected ${wanted.join(' | ')}, got [${ids.join(', ')}]`);
    perKind.set(kind, counts);
  }
  const rate = (queries.length - misses.length) / queries.length;
  console.log(`${name}: ${queries.length - misses.length}/${queries.length} in top 5 (${(rate * 100).toFixed(1)}%)`);
  for (const [kind, [hits, all]] of perKind) console.log(`  ${kind}: ${hits}/${all}`);
  for (const m of misses) console.log(`  miss: ${m}`);
  return { rate, misses };
}
