// The service worker (the build writes it as the site's sw.js, after a line that sets
// BUILD = { hash, files }): on install it keeps every file of the build in a cache named by
// the build's hash, serves every request of the site from that cache first (so the book
// opens and searches offline after one visit), and once a new build's cache is complete,
// deletes the caches of older builds. Registered by base.html over http(s) only.
/* global BUILD */
"use strict";
const SCOPE = self.registration.scope;
const PREFIX = "qbook " + SCOPE + " ";
const CACHE = PREFIX + BUILD.hash;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    // Past the browser's HTTP cache, which may still hold an older build's file.
    return cache.addAll(BUILD.files.map(function (f) { return new Request(f, { cache: "reload" }); }));
  }).then(function () { return self.skipWaiting(); }, function (err) {
    // A file failed: no half-filled cache stays behind; the old build keeps serving.
    return caches.delete(CACHE).then(function () { throw err; });
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf(PREFIX) === 0 && n !== CACHE; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  const req = event.request;
  if (req.method !== "GET" || req.url.indexOf(SCOPE) !== 0) return;
  event.respondWith(cached(req).then(function (hit) {
    return hit || fetch(req).catch(function () { return offline(req); });
  }));
});

// The cached file for a request: without ?query (search/?q=…, index.js?h=…), folder -> index.html.
function cached(req) {
  const url = new URL(req.url);
  url.search = "";
  url.hash = "";
  if (url.pathname.slice(-1) === "/") url.pathname += "index.html";
  return caches.open(CACHE).then(function (cache) { return cache.match(url.href); });
}

// Offline and not cached: the site's 404 page for a page, an error for anything else.
function offline(req) {
  if (req.mode !== "navigate") return Response.error();
  return caches.open(CACHE).then(function (cache) { return cache.match(new URL("404.html", SCOPE).href); })
    .then(function (page) { return page || Response.error(); });
}
