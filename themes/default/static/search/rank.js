// Ranking: which questions a query finds and in what order. Every word must match (else any
// word); a word scores its best field (title > follow-ups > answer > tags) times the match
// quality; ties keep book order. A question whose title does not show why a word matched
// needs its follow-up or answer passage shown (`need`: the fields to look in). `find`
// loads what a query needs, then ranks.
(function () {
  "use strict";
  const search = window.qbook.search, IX = search.index;
  const TITLE = 1, TEXT = 2 | 4; // field bits of src/search/mod.rs: follow-ups and answer
  const FILL = 10; // results that questions with only some of the words may fill up to

  // A word's best score in each question, and the fields of the match that gave it.
  function wordScores(w, n) {
    const best = new Float32Array(n), fields = new Uint8Array(n);
    function take(d, s, mask) { if (s > best[d]) { best[d] = s; fields[d] = mask; } }
    w.terms.forEach(function (m) {
      const p = search.postings(m[0]);
      for (let k = 0; k < p.length; k += 2) take(p[k], IX.score[p[k + 1]] * m[1], p[k + 1]);
    });
    // A phrase scores its weakest word, in the questions that have all of its words.
    w.alls.forEach(function (a) {
      let all = null, masks = null;
      a[0].forEach(function (id) {
        const p = search.postings(id), s = new Float32Array(n), f = new Uint8Array(n);
        for (let k = 0; k < p.length; k += 2) { s[p[k]] = IX.score[p[k + 1]] * a[1]; f[p[k]] = p[k + 1]; }
        if (!all) { all = s; masks = f; return; }
        for (let d = 0; d < n; d++) { all[d] = Math.min(all[d], s[d]); masks[d] |= f[d]; }
      });
      for (let d = 0; d < n; d++) if (all[d] > 0) take(d, all[d], masks[d]);
    });
    return { best: best, fields: fields };
  }
  // A word that phrases the question ("разница", "работает", "difference"): not needed
  // when the query has other words; it only lifts the questions that have it too.
  function isSoft(w) { return !w.phrase && !w.keyword && search.isPlain(w.t) && !!IX.soft[search.termKeys(w.t)[0]]; }
  const SOFT = 0.25; // share of a phrasing word's score that counts
  function rank(words, level) {
    const n = IX.meta.n, rare = new Float64Array(n), hits = new Uint8Array(n), need = new Uint8Array(n);
    let total = new Float64Array(n);
    const hard = words.filter(function (w) { return !isSoft(w); }), soft = hard.length ? words.filter(isSoft) : [];
    if (!hard.length) hard.push.apply(hard, words);
    hard.concat(soft).forEach(function (w, k) {
      const ws = wordScores(w, n), best = ws.best, lift = k < hard.length ? 1 : SOFT;
      let df = 0;
      for (let d = 0; d < n; d++) if (best[d] > 0) df++;
      const idf = Math.log(1 + n / (df || 1));
      for (let d = 0; d < n; d++) {
        if (!(best[d] > 0)) continue;
        total[d] += best[d] * lift; rare[d] += best[d] * idf * lift;
        if (lift < 1) continue;
        hits[d]++;
        if (!(ws.fields[d] & TITLE)) need[d] |= ws.fields[d] & TEXT;
      }
    });
    words = hard;
    let docs = collect(total, hits, words.length, level);
    const fallback = !docs.length && words.length > 1;
    // With any word enough, rarer words weigh more: "как работает GIL" is about GIL.
    if (fallback) { docs = collect(total, hits, 1, level); total = rare; }
    docs.sort(function (a, b) { return total[b] - total[a] || a - b; });
    // Few questions have every word: those with most of them follow, the rarer words
    // weighing more ("когда использовать tuple" also finds "когда использование tuple").
    const full = fallback ? 0 : docs.length;
    if (!fallback && words.length > 1 && docs.length < FILL) {
      const more = collect(total, hits, 1, level).filter(function (d) { return hits[d] < words.length; });
      more.sort(function (a, b) { return hits[b] - hits[a] || rare[b] - rare[a] || a - b; });
      docs = docs.concat(more.slice(0, FILL - docs.length));
    }
    // `full`: how many of `docs` have every word; those after them have only some.
    return { docs: docs, fallback: fallback, need: need, full: full };
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
    const r = words.length ? rank(words, opts.level == null ? -1 : opts.level) : { docs: [], fallback: false, need: [], full: 0 };
    r.marks = {};
    words.forEach(function (w) { search.wordTerms(w).forEach(function (id) { r.marks[IX.terms[id]] = true; }); });
    r.fixed = words.some(function (w) { return w.fixed; }) ? words.map(function (w) { return w.fixed || w.t; }).join(" ") : null;
    r.words = words.length;
    return r;
  }
  // The display shards ("d0") of the first `limit` questions of `r`, or with `texts` the text
  // shards ("t0") of those that matched outside their title.
  function shards(r, limit, texts) {
    const ds = IX.meta.ds, names = [];
    r.docs.slice(0, limit).forEach(function (d) {
      if (!texts) names.push("d" + Math.floor(d / ds));
      else if (r.need[d]) names.push("t" + Math.floor(d / ds));
    });
    return names;
  }
  // Runs a query, loading the index and shards it needs; resolves with the result and the
  // display data of its first `opts.limit` questions.
  function find(q, opts) {
    return search.load("index").then(function () {
      return search.loadAll(search.neededShards(search.plan(q)));
    }).then(function () {
      const r = runNow(q, opts);
      return search.loadAll(shards(r, opts.limit)).then(function () { return r; });
    });
  }
  // Loads the follow-ups and answers that the first `limit` results of `r` show (after the
  // results, which need not wait for them); resolves true when any was missing.
  function loadTexts(r, limit) {
    const names = shards(r, limit, true).filter(function (n) { return !IX.t[n.slice(1)]; });
    if (!names.length) return Promise.resolve(false);
    // In a task of its own: the results are drawn before these requests start.
    return new Promise(function (resolve) { setTimeout(resolve, 0); })
      .then(function () { return search.loadAll(names); }).then(function () { return true; });
  }

  search.runNow = runNow;
  search.find = find;
  search.loadTexts = loadTexts;
  // The ids of a result's questions (for tests and benchmarks; null while not loaded).
  search.ids = function (r) { return r.docs.map(function (d) { return search.docInfo(d) ? search.docInfo(d)[0] : null; }); };
})();
