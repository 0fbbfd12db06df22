// Ranking: which questions a query finds and in what order. Every word must match (else any
// word); a word scores its best field (title > follow-ups > answer > tags) times the match
// quality; ties keep book order. `find` loads what a query needs, then ranks.
(function () {
  "use strict";
  const search = window.qbook.search, IX = search.index;

  function rank(words, level) {
    const n = IX.meta.n, rare = new Float64Array(n), hits = new Uint8Array(n);
    let total = new Float64Array(n);
    words.forEach(function (w) {
      const best = new Float32Array(n);
      let df = 0;
      w.terms.forEach(function (m) {
        const p = search.postings(m[0]);
        for (let k = 0; k < p.length; k += 2) {
          const s = IX.score[p[k + 1]] * m[1];
          if (s > best[p[k]]) best[p[k]] = s;
        }
      });
      for (let d = 0; d < n; d++) if (best[d] > 0) df++;
      const idf = Math.log(1 + n / (df || 1));
      for (let d = 0; d < n; d++) if (best[d] > 0) { total[d] += best[d]; rare[d] += best[d] * idf; hits[d]++; }
    });
    let docs = collect(total, hits, words.length, level);
    const fallback = !docs.length && words.length > 1;
    // With any word enough, rarer words weigh more: "как работает GIL" is about GIL.
    if (fallback) { docs = collect(total, hits, 1, level); total = rare; }
    docs.sort(function (a, b) { return total[b] - total[a] || a - b; });
    return { docs: docs, fallback: fallback };
  }
  function collect(total, hits, need, level) {
    const out = [];
    for (let d = 0; d < total.length; d++) {
      if (hits[d] >= need && total[d] > 0 && (level < 0 || IX.level[d] === level)) out.push(d);
    }
    return out;
  }

  // Runs a query when the shards it needs are loaded; null otherwise. opts.level: level index or -1.
  function runNow(q, opts) {
    if (!IX.meta) return null;
    const words = search.plan(q);
    if (search.neededShards(words).some(function (n) { return !IX.p[n.slice(1)]; })) return null;
    const r = words.length ? rank(words, opts.level == null ? -1 : opts.level) : { docs: [], fallback: false };
    r.marks = {};
    words.forEach(function (w) { w.terms.forEach(function (m) { r.marks[IX.terms[m[0]]] = true; }); });
    r.fixed = words.some(function (w) { return w.fixed; }) ? words.map(function (w) { return w.fixed || w.t; }).join(" ") : null;
    r.words = words.length;
    return r;
  }
  // Runs a query, loading the index and shards it needs; resolves with the result and the
  // display data of its first `opts.limit` questions.
  function find(q, opts) {
    return search.load("index").then(function () {
      return search.loadAll(search.neededShards(search.plan(q)));
    }).then(function () {
      const r = runNow(q, opts), ds = IX.meta.ds;
      return search.loadAll(r.docs.slice(0, opts.limit).map(function (d) { return "d" + Math.floor(d / ds); })).then(function () { return r; });
    });
  }

  search.runNow = runNow;
  search.find = find;
  // The ids of a result's questions (for tests and benchmarks; null while not loaded).
  search.ids = function (r) { return r.docs.map(function (d) { return search.docInfo(d) ? search.docInfo(d)[0] : null; }); };
})();
