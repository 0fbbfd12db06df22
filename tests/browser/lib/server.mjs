// A tiny static file server on 127.0.0.1 with an ephemeral port, serving a built site
// the way a static host does: under the site's base path (e.g. /qbook/ for a GitHub Pages
// project site, read from sitemap.xml), content types by extension, index.html for
// folders (with a redirect that adds the trailing slash), and 404.html with status 404
// for anything else.

import http from 'node:http';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
};

/** The Content-Type a static host would send for `file`. */
export function contentType(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

/**
 * Maps a URL path to a file under `root`: { file } for a file, { redirect } for a folder
 * asked without its trailing slash, {} when nothing is there. Never leaves `root`.
 */
export function resolveUrlPath(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return {};
  }
  const file = path.join(root, path.normalize(decoded));
  if (file !== root && !file.startsWith(root + path.sep)) return {};
  if (!existsSync(file)) return {};
  if (statSync(file).isDirectory()) {
    if (!urlPath.endsWith('/')) return { redirect: urlPath + '/' };
    const index = path.join(file, 'index.html');
    return existsSync(index) ? { file: index } : {};
  }
  return { file };
}

function send(res, status, file, method) {
  res.writeHead(status, { 'Content-Type': contentType(file), 'Cache-Control': 'no-store' });
  if (method === 'HEAD') return res.end();
  createReadStream(file).pipe(res);
}

function handle(root, basePath, req, res) {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname + '/' === basePath) {
    res.writeHead(301, { Location: basePath + url.search });
    return res.end();
  }
  const inside = url.pathname.startsWith(basePath);
  const found = inside ? resolveUrlPath(root, url.pathname.slice(basePath.length - 1)) : {};
  if (found.redirect) {
    res.writeHead(301, { Location: basePath.slice(0, -1) + found.redirect + url.search });
    return res.end();
  }
  if (found.file) return send(res, 200, found.file, req.method);
  const notFound = path.join(root, '404.html');
  if (existsSync(notFound)) return send(res, 404, notFound, req.method);
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('404 (and the site has no 404.html)\n');
}

/**
 * Serves `root` on 127.0.0.1:<ephemeral> under `basePath` (default: the site's own, see
 * sitePathPrefix). Returns { origin, basePath, root, url(rel), close() }; call close() in
 * the test file's after() hook.
 */
export async function startServer(root, { basePath } = {}) {
  const absRoot = path.resolve(root);
  const base = basePath ?? sitePathPrefix(absRoot);
  const server = http.createServer((req, res) => handle(absRoot, base, req, res));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    basePath: base,
    root: absRoot,
    /** The http URL of a site-relative path such as 'q/gil.html'. */
    url: (rel) => new URL(rel.replace(/^\/+/, ''), origin + base).href,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The URL path the site is published under: QBOOK_BASE_PATH, else the longest folder
 * common to every <loc> of sitemap.xml (the site's base_url), else '/'. Always starts and
 * ends with '/'.
 */
export function sitePathPrefix(root) {
  let prefix = process.env.QBOOK_BASE_PATH;
  const sitemap = path.join(root, 'sitemap.xml');
  if (!prefix && existsSync(sitemap)) {
    const dirs = [...readFileSync(sitemap, 'utf8').matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)]
      .map((m) => {
        try {
          return new URL(m[1]).pathname.replace(/[^/]*$/, '');
        } catch {
          return '/';
        }
      });
    if (dirs.length) {
      prefix = dirs.reduce((a, b) => {
        let i = 0;
        while (i < a.length && i < b.length && a[i] === b[i]) i++;
        return a.slice(0, a.lastIndexOf('/', i - 1) + 1);
      });
    }
  }
  prefix = `/${prefix ?? ''}/`.replace(/\/+/g, '/');
  return prefix;
}
