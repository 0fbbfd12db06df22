// Finds the pages of a built site: every file of a kind, the model in questions.json, and
// the "key pages" (one of each kind of page) that the browser gates load.
//
// ┌──────────────────────────────────────────────────────────────────────────────────┐
// │ KEY_PAGES below is the one list of page kinds. `required` pages must exist; a     │
// │ PENDING page that does not exist yet is skipped with a printed reason, and tested │
// │ like any other once it exists. When a feature lands, flip it to `required: true`. │
// └──────────────────────────────────────────────────────────────────────────────────┘

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const REQUIRED = true;
const PENDING = false;

/**
 * One entry per kind of page: `find(site, model)` returns its site-relative path (or null
 * when the site has none to offer).
 */
export const KEY_PAGES = [
  { name: 'home', required: REQUIRED, find: () => 'index.html' },
  { name: 'level', required: REQUIRED, find: (site, model) => firstLevelPage(site, model) },
  { name: 'question', required: REQUIRED, find: (site, model) => firstQuestionPage(site, model) },
  { name: 'tags', required: REQUIRED, find: () => 'tags/index.html' },
  { name: 'tag', required: REQUIRED, find: (site) => firstFile(site, 'tags', 'index.html') },
  { name: 'sources', required: REQUIRED, find: () => 'sources/index.html' },
  { name: '404', required: REQUIRED, find: () => '404.html' },
  { name: 'search', required: REQUIRED, find: () => 'search/index.html' },
  { name: 'search results', required: REQUIRED, find: () => 'search/index.html?q=GIL' },
  { name: 'print (book)', required: REQUIRED, find: () => 'print/index.html' },
  { name: 'print (interviewer)', required: REQUIRED, find: () => 'print/interviewer/index.html' },
  { name: 'print (level)', required: REQUIRED, find: (site, model) => printLevelPage(site, model) },
  // ---- PENDING: features not built yet. Move each to REQUIRED when it lands. ----
  { name: 'study', required: REQUIRED, find: () => 'study/index.html' },
  { name: 'interview', required: REQUIRED, find: () => 'interview/index.html' },
];

/** The site-relative paths of every level page, in book order. */
export function levelPages(site) {
  return levelSlugs(site, readModel(site)).map((slug) => `${slug}/index.html`).filter((rel) => existsSync(path.join(site, rel)));
}

/** Top-level folders that are not levels. */
const NOT_LEVELS = new Set(['q', 'tags', 'sources', 'search', 'print', 'study', 'interview', 'assets', 'static', 'fonts', 'img', 'css', 'js']);

/** Every file under `dir` whose name ends with `ext`, as sorted site-relative paths with '/'. */
export function listFiles(dir, ext) {
  const out = [];
  const walk = (rel) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith(ext)) out.push(child);
    }
  };
  walk('');
  return out.sort();
}

/** The parsed questions.json, or null when the site has none (discovery then globs). */
export function readModel(site) {
  const file = path.join(site, 'questions.json');
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The levels of the model, tolerant of its exact shape. */
export function modelLevels(model) {
  if (!model) return [];
  if (Array.isArray(model)) return model;
  return Array.isArray(model.levels) ? model.levels : [];
}

/** Every question of the model, in order. */
export function modelQuestions(model) {
  const out = [];
  for (const level of modelLevels(model)) {
    for (const section of level.sections || []) out.push(...(section.questions || []));
    out.push(...(level.questions || []));
  }
  return out;
}

function exists(site, rel) {
  return rel && existsSync(path.join(site, rel)) ? rel : null;
}

function firstFile(site, folder, leaf) {
  const dir = path.join(site, folder);
  if (!existsSync(dir)) return null;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isDirectory() && existsSync(path.join(dir, entry.name, leaf))) return `${folder}/${entry.name}/${leaf}`;
  }
  return null;
}

/** The first `.html` file directly in `folder` (question pages are `q/<id>.html`). */
function firstPage(site, folder) {
  const dir = path.join(site, folder);
  if (!existsSync(dir)) return null;
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => e.name)
    .sort();
  return names.length ? `${folder}/${names[0]}` : null;
}

function levelSlugs(site, model) {
  const fromModel = modelLevels(model).map((l) => l.slug).filter(Boolean);
  if (fromModel.length) return fromModel;
  return readdirSync(site, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !NOT_LEVELS.has(e.name) && existsSync(path.join(site, e.name, 'index.html')))
    .map((e) => e.name)
    .sort();
}

function firstLevelPage(site, model) {
  const slug = levelSlugs(site, model)[0];
  return slug ? `${slug}/index.html` : null;
}

function printLevelPage(site, model) {
  const slug = levelSlugs(site, model)[0];
  return slug ? `print/${slug}/index.html` : null;
}

/** The page of a model question: its `url` when that is site-relative, else q/<id>.html. */
function questionPage(q) {
  if (typeof q.url === 'string' && !/^[a-z]+:/i.test(q.url)) {
    const rel = q.url.replace(/^\.?\/+/, '').replace(/#.*$/, '');
    return rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel;
  }
  return q.id ? `q/${q.id}.html` : null;
}

function firstQuestionPage(site, model) {
  const q = modelQuestions(model)[0];
  return exists(site, q && questionPage(q)) || firstPage(site, 'q');
}

/**
 * The key pages of `site`: [{ name, rel, required, missing }] where `missing` says why a
 * page cannot be tested (null when it exists).
 */
export function keyPages(site) {
  const model = readModel(site);
  return KEY_PAGES.map(({ name, required, find }) => {
    const rel = find(site, model);
    const file = rel && rel.replace(/[?#].*$/, '');
    let missing = null;
    if (!rel) missing = `no ${name} page could be found in ${site}`;
    else if (!existsSync(path.join(site, file))) missing = `${file} does not exist in ${site}`;
    return { name, rel, required, missing };
  });
}

/**
 * Registers one node:test subtest per key page (optionally filtered by name), calling
 * `fn(t, page)` for each existing page. A missing required page fails; a missing pending
 * page is skipped with its reason.
 */
export async function forEachKeyPage(t, site, fn, { only } = {}) {
  for (const page of keyPages(site)) {
    if (only && !only.includes(page.name)) continue;
    await t.test(`${page.name} (${page.rel ?? '?'})`, async (st) => {
      if (page.missing && page.required) throw new Error(`required page missing: ${page.missing}`);
      if (page.missing) return st.skip(`PENDING feature, page not built yet: ${page.missing}`);
      await fn(st, page);
    });
  }
}
