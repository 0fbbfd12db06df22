// The search index in the browser: loads the files src/search/ writes (search/index.js, the
// postings shards p<k>.js, display shards d<k>.js and text shards t<k>.js) as <script>s, so
// file:// works, each once and only when a query needs it, and reads terms, postings,
// questions, follow-ups and the glossary's synonyms out of them.
(function () {
  "use strict";
  const qbook = window.qbook, search = qbook.search;
  const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  // meta: search/index.js as written; terms: sorted terms; p, d: loaded shards by number;
  // t: loaded text shards; dec: decoded postings by term; score: field mask -> weight; level:
  // doc -> level; stop: stop words; syn: synonym entry -> its groups (meta.syn); phrases:
  // entries of several words [{keys, g}], longest first; synKeys: one-word entries, sorted.
  const IX = { meta: null, terms: [], p: {}, d: {}, t: {}, dec: {}, score: [], level: null, stop: {}, soft: {}, syn: {}, phrases: [], synKeys: [] };
  const loads = {};

  // Every index file is a call of this global (the file format of src/search/mod.rs).
  window.__qbookSearch = function (rec) {
    if (rec.k === "m") setMeta(rec);
    else if (rec.k === "p") IX.p[rec.i] = rec.p;
    else if (rec.k === "d") IX.d[rec.i] = rec.d;
    else if (rec.k === "t") IX.t[rec.i] = rec.t;
  };
  function setMeta(m) {
    IX.meta = m;
    let prev = "";
    IX.terms = m.terms.split(" ").map(function (e) {
      prev = prev.slice(0, parseInt(e[0], 36)) + e.slice(1);
      return prev;
    });
    for (let mask = 0; mask < 16; mask++) {
      IX.score[mask] = m.w.reduce(function (s, w, bit) { return s + (mask >> bit & 1 ? w : 0); }, 0);
    }
    IX.level = new Uint8Array(m.n);
    m.sections.forEach(function (s, i) {
      const next = m.sections[i + 1];
      IX.level.fill(s[0], s[2], next ? next[2] : m.n);
    });
    m.stop.split(" ").forEach(function (w) { IX.stop[w] = true; });
    (m.soft || "").split(" ").forEach(function (w) { if (w) IX.soft[w] = true; });
    m.syn.forEach(function (group, g) {
      group.forEach(function (e) {
        if (e.indexOf(" ") < 0) (IX.syn[e] = IX.syn[e] || []).push(g);
        else IX.phrases.push({ keys: e.split(" "), g: g });
      });
    });
    IX.phrases.sort(function (a, b) { return b.keys.length - a.keys.length; });
    IX.synKeys = Object.keys(IX.syn).sort();
  }
  // Loads search/<name>.js once; resolves when it ran.
  function load(name) {
    if (loads[name]) return loads[name];
    const src = search.root + "search/" + name + ".js" + (IX.meta ? "?h=" + IX.meta.h : "");
    loads[name] = qbook.loadScript(src).catch(function (err) {
      delete loads[name];
      throw err;
    });
    return loads[name];
  }
  // Loads the shards named ("p3", "d0", "t1") that are not loaded yet.
  function loadAll(names) {
    return Promise.all(names.filter(function (n, i) {
      return names.indexOf(n) === i && !IX[n[0]][n.slice(1)];
    }).map(load));
  }
  // The postings shard that holds term `id`.
  function shardOf(id) {
    const ps = IX.meta.ps;
    let lo = 0, hi = ps.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (ps[mid] <= id) lo = mid; else hi = mid - 1; }
    return lo;
  }
  // Postings of term `id` as [doc, mask, doc, mask, ...].
  function postings(id) {
    if (IX.dec[id]) return IX.dec[id];
    const sh = shardOf(id), s = IX.p[sh][id - IX.meta.ps[sh]], out = [];
    let doc = 0, v = 0, k = 0;
    for (let i = 0; i < s.length; i++) {
      const d = B64.indexOf(s[i]);
      v += (d & 31) * Math.pow(32, k++);
      if (d < 32) { doc += Math.floor(v / 16); out.push(doc, v % 16); v = 0; k = 0; }
    }
    return (IX.dec[id] = out);
  }
  // The first term at or after `key` in sort order.
  function lower(key) {
    const t = IX.terms;
    let lo = 0, hi = t.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (t[mid] < key) lo = mid + 1; else hi = mid; }
    return lo;
  }
  // The number of term `key`, or -1 when the index has no such term.
  function termId(key) { const i = lower(key); return IX.terms[i] === key ? i : -1; }
  // A question's display data [id, title, section], once its shard is loaded.
  function docInfo(d) { const ds = IX.meta.ds; return IX.d[Math.floor(d / ds)][d % ds]; }
  // A question's texts [follow-ups, answer passages], once its shard is loaded; else null.
  function docText(d) { const ds = IX.meta.ds, t = IX.t[Math.floor(d / ds)]; return t ? t[d % ds] : null; }

  search.root = ""; // the site's top, relative to the page (the search form's data-root)
  search.index = IX;
  search.load = load;
  search.loadAll = loadAll;
  search.shardOf = shardOf;
  search.postings = postings;
  search.lower = lower;
  search.termId = termId;
  search.docInfo = docInfo;
  search.docText = docText;
})();
