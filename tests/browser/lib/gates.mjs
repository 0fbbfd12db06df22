// The quality gates as plain functions, shared by the real tests and by the self-test
// that proves each gate fails on a broken site. Each returns a list of problems, one
// string per problem, each naming the page (site-relative path) and what is wrong; an
// empty list means the gate passes. A missing tool throws: it never passes silently.

import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AXE_JS, VNU_JAR, requireFile } from './env.mjs';
import { isLocalUrl } from './browser.mjs';
import { listFiles } from './site.mjs';

const run = promisify(execFile);

// ───────────────────────────── valid HTML (Nu Html Checker) ─────────────────────────────

/**
 * Runs vnu over every .html file under `dir`. Returns { errors, warnings }: lists of
 * "page:line:col: message" strings (page relative to `dir`).
 */
export async function checkHtml(dir) {
  requireFile(VNU_JAR, 'npm ci in tests/ (tests/run.sh does it)');
  const root = path.resolve(dir);
  const files = listFiles(root, '.html');
  if (files.length === 0) throw new Error(`no .html files under ${root}`);
  let stderr;
  try {
    ({ stderr } = await run('java', ['-jar', VNU_JAR, '--format', 'json', '--skip-non-html', root], {
      maxBuffer: 256 * 1024 * 1024,
    }));
  } catch (err) {
    if (err.code === 'ENOENT') throw new Error('java not found: the Nu Html Checker needs Java 17+ on PATH');
    if (typeof err.stderr !== 'string' || !err.stderr.trim().startsWith('{')) {
      throw new Error(`vnu failed to run: ${err.message}\n${err.stderr ?? ''}`);
    }
    stderr = err.stderr; // vnu exits 1 when it found errors; its JSON is still there
  }
  const { messages } = JSON.parse(stderr);
  const errors = [];
  const warnings = [];
  for (const m of messages) {
    const where = vnuLocation(root, m);
    const extract = (m.extract ?? '').replace(/\s+/g, ' ').trim();
    const shown = extract.length > 120 ? `${extract.slice(0, 117)}…` : extract;
    const line = `${where}: ${m.message}${shown ? ` — «${shown}»` : ''}`;
    if (m.type === 'info') warnings.push(line);
    else errors.push(line); // 'error' and 'non-document-error' (could not read the file)
  }
  return { errors: errors.sort(), warnings: warnings.sort(), fileCount: files.length };
}

function vnuLocation(root, m) {
  let page = m.url || '?';
  if (page.startsWith('file:')) page = path.relative(root, fileURLToPath(page)).split(path.sep).join('/');
  const line = m.lastLine ?? m.firstLine;
  return line ? `${page}:${line}:${m.lastColumn ?? m.firstColumn ?? 1}` : page;
}

// ───────────────────────────── accessibility (axe-core) ─────────────────────────────

/** The axe rule sets every page must pass. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * Loads `url` in a new page of `context` with the given color scheme, runs axe-core, and
 * returns one problem per violation: "page [mode]: rule (impact): help — targets".
 */
export async function checkA11y(context, url, { label, colorScheme = 'light' } = {}) {
  requireFile(AXE_JS, 'npm ci in tests/ (tests/run.sh does it)');
  const page = await context.newPage();
  try {
    await page.emulateMedia({ colorScheme });
    await page.goto(url, { waitUntil: 'load' });
    await page.addScriptTag({ path: AXE_JS });
    const result = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
      AXE_TAGS,
    );
    const name = label ?? url;
    return result.violations.map((v) => {
      const targets = v.nodes.map((n) => n.target.join(' ')).slice(0, 8);
      const more = v.nodes.length > targets.length ? ` (+${v.nodes.length - targets.length} more)` : '';
      const summary = (v.nodes[0]?.failureSummary ?? '').replace(/\s+/g, ' ');
      const detail = summary ? ` | ${summary.length > 240 ? `${summary.slice(0, 240)}…` : summary}` : '';
      return `${name} [${colorScheme}]: ${v.id} (${v.impact}): ${v.help} — ${targets.join(', ')}${more}${detail}`;
    });
  } finally {
    await page.close();
  }
}

// ───────────────────────────── links ─────────────────────────────

/** <link rel> values that make the browser fetch something: never external. */
const FETCHING_RELS = new Set(['stylesheet', 'icon', 'shortcut', 'apple-touch-icon', 'apple-touch-icon-precomposed', 'mask-icon', 'preload', 'modulepreload', 'prefetch', 'preconnect', 'dns-prefetch', 'prerender', 'manifest', 'import']);

/** Tags whose href is a link a person follows (external ones allowed). */
const NAVIGATION_TAGS = new Set(['a', 'area']);

/** Parses an HTML document in the browser: its ids and every URL it references. */
function extractRefs({ html }) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const ids = [...doc.querySelectorAll('[id]')].map((e) => e.id);
  const names = [...doc.querySelectorAll('a[name]')].map((e) => e.getAttribute('name'));
  const refs = [];
  const add = (el, attr, value, extra = {}) => refs.push({ tag: el.localName, attr, value, ...extra });
  for (const el of doc.querySelectorAll('[href], [src], [srcset], [action], [poster], [data]')) {
    const tag = el.localName;
    if (el.hasAttribute('href')) add(el, 'href', el.getAttribute('href'), { rel: (el.getAttribute('rel') || '').toLowerCase() });
    for (const attr of ['src', 'poster', 'action']) if (el.hasAttribute(attr)) add(el, attr, el.getAttribute(attr));
    if (tag === 'object' && el.hasAttribute('data')) add(el, 'data', el.getAttribute('data'));
    if (el.hasAttribute('srcset')) {
      for (const part of el.getAttribute('srcset').split(',')) {
        const candidate = part.trim().split(/\s+/)[0];
        if (candidate) add(el, 'srcset', candidate);
      }
    }
  }
  for (const el of doc.querySelectorAll('[*|href]:not([href])')) {
    add(el, 'xlink:href', el.getAttributeNS('http://www.w3.org/1999/xlink', 'href'));
  }
  const styles = [...doc.querySelectorAll('style')].map((s) => s.textContent);
  for (const el of doc.querySelectorAll('[style]')) styles.push(el.getAttribute('style'));
  const base = doc.querySelector('base[href]')?.getAttribute('href') ?? null;
  return { ids: [...ids, ...names], refs, styles, base };
}

/** url(...) and @import references in a style sheet or style attribute. */
export function cssUrls(css) {
  const out = [];
  const re = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')/g;
  for (const m of css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(re)) {
    const value = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5];
    if (value) out.push(value);
  }
  return out;
}

/**
 * Crawls the site served at `server` from its home page and also visits every .html file
 * of `server.root`; checks every reference of every page and every style sheet. `parser`
 * is a Playwright page used to parse HTML (DOMParser). Returns { problems, warnings,
 * pages } where problems name page(:line) and link.
 */
export async function checkLinks(server, parser) {
  const problems = [];
  const warnings = [];
  const origin = new URL(server.origin).origin;
  const base = server.basePath ?? '/';
  const fetched = new Map(); // url without hash -> { status, type, text, url }
  const parsed = new Map(); // url without hash -> extractRefs result

  const get = async (url) => {
    if (!fetched.has(url)) {
      const res = await fetch(url, { redirect: 'follow' });
      const type = res.headers.get('content-type') || '';
      const text = type.startsWith('text/') || type.includes('json') || type.includes('xml') ? await res.text() : '';
      if (!text) await res.arrayBuffer().catch(() => {});
      fetched.set(url, { status: res.status, type, text, url: res.url });
    }
    return fetched.get(url);
  };
  const parse = async (url) => {
    if (!parsed.has(url)) {
      const { text } = await get(url);
      parsed.set(url, await parser.evaluate(extractRefs, { html: text }));
    }
    return parsed.get(url);
  };
  const pageName = (url) => {
    let p = decodeURIComponent(new URL(url).pathname);
    p = p.startsWith(base) ? p.slice(base.length) : `(outside the site's base path ${base}) ${p}`;
    return p === '' || p.endsWith('/') ? `${p}index.html` : p;
  };
  const lineCursor = new Map(); // "page\0value" -> index after the last occurrence reported
  const lineOf = (page, text, needle) => {
    const key = `${page}\0${needle}`;
    let i = text.indexOf(needle, lineCursor.get(key) ?? 0);
    if (i < 0) i = text.indexOf(needle);
    if (i < 0) return null;
    lineCursor.set(key, i + needle.length);
    return text.slice(0, i).split('\n').length;
  };

  // Pages: the crawl from home, then every .html file of the output.
  const queue = [];
  const seen = new Set(); // page names, so that q/x/ and q/x/index.html are one page
  const pages = [];
  const visit = (url) => {
    if (!seen.has(pageName(url))) {
      seen.add(pageName(url));
      queue.push(url);
    }
  };
  const siteUrl = (rel) => `${origin}${base}${rel.split('/').map(encodeURIComponent).join('/')}`;
  visit(`${origin}${base}`);
  for (const rel of listFiles(server.root, '.html')) visit(siteUrl(rel));

  const checkRef = async ({ pageUrl, name, text, ref, ids, baseHref }) => {
    const { value, tag, attr, rel } = ref;
    const line = lineOf(name, text, value);
    const where = line ? `${name}:${line}` : name;
    const desc = `<${tag} ${attr}="${value}">`;
    const trimmed = (value ?? '').trim();
    if (trimmed === '') {
      if (attr !== 'action') problems.push(`${where}: empty ${attr} in ${desc}`);
      return;
    }
    if (/^(mailto|tel|javascript|data|blob|about):/i.test(trimmed)) return;
    let target;
    try {
      target = new URL(trimmed, baseHref ? new URL(baseHref, pageUrl) : pageUrl);
    } catch {
      problems.push(`${where}: unparsable URL in ${desc}`);
      return;
    }
    const navigation = NAVIGATION_TAGS.has(tag) || (tag === 'link' && !rel.split(/\s+/).some((r) => FETCHING_RELS.has(r))) || tag === 'form';
    if (target.origin !== origin) {
      if (!/^https?:$/.test(target.protocol)) problems.push(`${where}: unexpected URL scheme in ${desc}`);
      else if (!navigation) problems.push(`${where}: external resource (the site must load nothing from other hosts): ${desc}`);
      return;
    }
    if (trimmed.startsWith('/') && name !== '404.html') {
      problems.push(`${where}: root-relative URL breaks file:// and sub-path hosting: ${desc}`);
    }
    const fragment = target.hash ? decodeURIComponent(target.hash.slice(1)) : '';
    const sameDoc = trimmed.startsWith('#');
    target.hash = '';
    target.search = '';
    const bare = target.href;
    if (sameDoc) {
      if (fragment && fragment !== 'top' && !ids.includes(fragment)) problems.push(`${where}: no element with id="${fragment}" on this page for ${desc}`);
      return;
    }
    const res = await get(bare);
    if (res.status >= 400) {
      problems.push(`${where}: broken link ${desc} → ${pageName(bare)} (HTTP ${res.status})`);
      return;
    }
    if (NAVIGATION_TAGS.has(tag) && new URL(res.url).pathname.endsWith('/') && !new URL(bare).pathname.endsWith('.html')) {
      warnings.push(`${where}: ${desc} links to a folder; from file:// that opens a directory listing, not its index.html`);
    }
    if (res.type.startsWith('text/html')) {
      if (NAVIGATION_TAGS.has(tag)) visit(res.url);
      if (fragment) {
        const targetIds = (await parse(res.url)).ids;
        if (!targetIds.includes(fragment)) problems.push(`${where}: no element with id="${fragment}" on ${pageName(res.url)} for ${desc}`);
      }
    }
  };

  while (queue.length) {
    const pageUrl = queue.shift();
    const res = await get(pageUrl);
    const name = pageName(res.url);
    if (res.status >= 400) {
      problems.push(`${name}: page answers HTTP ${res.status}`);
      continue;
    }
    if (!res.type.startsWith('text/html')) continue;
    pages.push(name);
    const { ids, refs, styles, base: baseHref } = await parse(res.url);
    const duplicates = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
    for (const id of duplicates) problems.push(`${name}: duplicate id="${id}"`);
    const cssRefs = styles.flatMap(cssUrls).map((value) => ({ tag: 'style', attr: 'url', value, rel: '' }));
    for (const ref of [...refs, ...cssRefs]) await checkRef({ pageUrl: res.url, name, text: res.text, ref, ids, baseHref });
  }

  // Style sheets: their url()s and @imports (fonts, images) must be local and exist.
  for (const rel of listFiles(server.root, '.css')) {
    const cssUrl = siteUrl(rel);
    const { text } = await get(cssUrl);
    for (const value of cssUrls(text)) {
      await checkRef({ pageUrl: cssUrl, name: rel, text, ref: { tag: 'css', attr: 'url', value, rel: 'stylesheet' }, ids: [], baseHref: null });
    }
  }
  return { problems, warnings: [...new Set(warnings)], pages };
}

// ───────────────────────────── network ─────────────────────────────

/**
 * Loads `url` in a new page of `context` (made by browser.mjs's newContext) and returns
 * one problem per request that left the allowed origin: for http pages anything but the
 * local server; for file:// pages anything but file:, data:, blob:. Also reports local
 * responses >= 400, failed file:// loads, and uncaught JavaScript errors.
 */
export async function checkRequests(context, url, { label } = {}) {
  const name = label ?? url;
  const page = await context.newPage();
  const problems = [];
  const fromFile = url.startsWith('file:');
  const onRequest = (req) => {
    const owner = safeFramePage(req);
    if (owner && owner !== page) return; // another page of the same context
    const u = req.url();
    const allowed = fromFile ? /^(file|data|blob|about):/.test(u) : isLocalUrl(u);
    if (!allowed) problems.push(`${name}: request to another host: ${req.method()} ${u} (${req.resourceType()})`);
  };
  const onResponse = (res) => {
    if (res.status() >= 400 && !(res.url() === url && res.status() === 404)) {
      problems.push(`${name}: ${res.request().resourceType()} ${res.url()} answered HTTP ${res.status()}`);
    }
  };
  const onFailed = (req) => {
    if (fromFile && req.url().startsWith('file:')) problems.push(`${name}: could not load ${req.url()} (${req.failure()?.errorText})`);
  };
  context.on('request', onRequest);
  page.on('response', onResponse);
  page.on('requestfailed', onFailed);
  page.on('pageerror', (err) => problems.push(`${name}: JavaScript error: ${err.message}`));
  try {
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
    await page.waitForTimeout(200);
  } finally {
    context.off('request', onRequest);
    await page.close();
  }
  return [...new Set(problems)];
}

function safeFramePage(req) {
  try {
    return req.frame().page();
  } catch {
    return null; // service worker: counts for every page
  }
}

// ───────────────────────────── horizontal overflow ─────────────────────────────

/** A phone's viewport. */
export const PHONE = { width: 390, height: 844 };

/**
 * Loads `url` at the phone viewport and returns [] when the page does not scroll
 * sideways, else one problem naming the widest overflowing element.
 */
export async function checkOverflow(context, url, { label } = {}) {
  const name = label ?? url;
  const page = await context.newPage();
  try {
    await page.setViewportSize(PHONE);
    await page.goto(url, { waitUntil: 'load' });
    const r = await page.evaluate(() => {
      const vw = window.innerWidth;
      const scrollWidth = document.documentElement.scrollWidth;
      const describe = (el) => {
        let s = el.localName;
        if (el.id) s += `#${el.id}`;
        for (const c of el.classList) s += `.${c}`;
        const text = (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 60);
        return text ? `${s} «${text}»` : s;
      };
      let widest = null;
      for (const el of document.body.querySelectorAll('*')) {
        const rect = el.getBoundingClientRect();
        if (rect.right > vw + 0.5 && (!widest || rect.right > widest.right)) widest = { right: rect.right, width: rect.width, el };
      }
      return {
        vw,
        scrollWidth,
        widest: widest && `${describe(widest.el)} (right edge ${Math.round(widest.right)}px, width ${Math.round(widest.width)}px)`,
      };
    });
    if (r.scrollWidth <= r.vw) return [];
    return [`${name}: scrolls sideways at ${PHONE.width}×${PHONE.height}: scrollWidth ${r.scrollWidth}px > innerWidth ${r.vw}px; widest overflowing element: ${r.widest ?? '(none found)'}`];
  } finally {
    await page.close();
  }
}

/**
 * Groups "page[:line[:col]]: message" strings by message: ["N× message (page, page, …)"],
 * most frequent first, so that a problem in a shared template reads as one line.
 */
export function summarize(problems, { maxPages = 4 } = {}) {
  const groups = new Map();
  for (const p of problems) {
    const m = /^(\S+?)(?::\d+(?::\d+)?)?:\s(.*)$/s.exec(p);
    const [page, full] = m ? [m[1], m[2]] : ['?', p];
    const message = full.replace(/ — «[\s\S]*»$/, ''); // vnu's extract differs per page
    if (!groups.has(message)) groups.set(message, []);
    groups.get(message).push(page);
  }
  return [...groups]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([message, pages]) => {
      const shown = [...new Set(pages)];
      const more = shown.length > maxPages ? `, +${shown.length - maxPages} more` : '';
      return `${pages.length}× ${message} (${shown.slice(0, maxPages).join(', ')}${more})`;
    });
}

/** An assertion message: the problems grouped by message, then each one (up to `limit`). */
export function report(title, problems, { limit = 100 } = {}) {
  const listed = problems.slice(0, limit);
  const cut = problems.length > limit ? `\n  … and ${problems.length - limit} more` : '';
  return `${title}: ${problems.length} problem(s)\ngrouped by message:\n  ${summarize(problems).join('\n  ')}\n` +
    `each:\n  ${listed.join('\n  ')}${cut}`;
}
