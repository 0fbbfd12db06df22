// Query -> the index terms of each of its words: the word's own term, and for the word
// being typed every term it begins; failing that, the word typed on the other keyboard
// layout (utythfnjh -> генератор), then terms one typo away.
(function () {
  "use strict";
  const search = window.qbook.search, IX = search.index;
  const EN_KEYS = "`qwertyuiop[]asdfghjkl;'zxcvbnm,.", RU_KEYS = "ёйцукенгшщзхъфывапролджэячсмитьбю";

  // The word as typed on the other layout (латиница <-> кириллица).
  function swapLayout(w) {
    const lat = /[a-z]/.test(w), from = lat ? EN_KEYS : RU_KEYS, to = lat ? RU_KEYS : EN_KEYS;
    return w.replace(/./g, function (ch) { const i = from.indexOf(ch); return i < 0 ? ch : to[i]; });
  }

  // Each word of the query with its matching terms [[id, quality]], and how it was fixed.
  function plan(q) {
    const toks = search.tokenize(q), prefixLast = !/\s$/.test(q);
    let words = [];
    toks.forEach(function (t, i) {
      const last = prefixLast && i === toks.length - 1, keys = search.termKeys(t.t);
      if (!keys.length) return;
      if (keys.length > 1 && !matchTerms(keys[0], t.t, last).length) {
        // An unknown compound (веб-приложения) is searched as its words.
        search.splitWords(t.t).forEach(function (p) {
          if (search.termKeys(p).length) words.push({ t: p, last: false });
        });
      } else words.push({ t: t.t, last: last });
    });
    const content = words.filter(function (w) { return !(search.isPlain(w.t) && IX.stop[w.t]); });
    words = content.length ? content : words;
    words.forEach(resolve);
    return words;
  }
  function resolve(w) {
    const keys = search.termKeys(w.t);
    w.terms = matchTerms(keys[0], w.t, w.last);
    if (!w.terms.length) {
      const alt = swapLayout(w.t), ak = search.termKeys(alt);
      if (alt !== w.t && ak.length) { w.terms = matchTerms(ak[0], alt, w.last); if (w.terms.length) w.fixed = alt; }
    }
    if (!w.terms.length && Array.from(w.t).length >= 5) {
      w.terms = typos(keys[0], w.t);
    }
  }
  function matchTerms(key, raw, prefix) {
    const t = IX.terms, out = [], i = search.lower(key);
    if (t[i] === key) out.push([i, 1]);
    if (!prefix || Array.from(raw).length < 2) return out;
    [key, raw].forEach(function (p, n) {
      if (n && (raw === key || raw.indexOf(key) === 0)) return;
      for (let j = search.lower(p); j < t.length && out.length < 80 && t[j].indexOf(p) === 0; j++) {
        if (t[j] !== key) out.push([j, 0.5]);
      }
    });
    return out;
  }
  // Terms one edit (insert, delete, substitute, swap) from the word's stem, or from a
  // beginning of the word followed by at most 4 letters of (mistyped) ending.
  function typos(key, raw) {
    const found = [], n = raw.length;
    IX.terms.forEach(function (t, i) {
      if (t.length < 4 || t.length > n + 1 || t.length < n - 5) return;
      let best = oneEdit(key, t) ? 0 : 9;
      for (let len = t.length - 1; len <= t.length + 1 && best > 0; len++) {
        if (len <= n && n - len <= 4 && (raw.slice(0, len) === t || oneEdit(raw.slice(0, len), t))) best = n - len + 1;
      }
      if (best < 9) found.push([best, i]);
    });
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return found.slice(0, 12).map(function (f) { return [f[1], 0.4]; });
  }
  function oneEdit(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b || b.length < 4) return false;
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }
  // The postings shards ("p3") the words' terms live in.
  function neededShards(words) {
    const names = [];
    words.forEach(function (w) { w.terms.forEach(function (m) { names.push("p" + search.shardOf(m[0])); }); });
    return names;
  }

  search.swapLayout = swapLayout;
  search.plan = plan;
  search.neededShards = neededShards;
})();
