// Query -> the index terms of each of its words. A word finds its own term (and, while it is
// being typed, every term it begins), the same word in its other spellings (хэш -> хеш), and
// the words of its glossary groups (пандас -> pandas, interning -> интернирование); a phrase
// of the glossary (garbage collector) is one word, and so is a word written in two parts
// (мета-класс, веб сокет). Failing all that, the word typed on the other keyboard layout
// (utythfnjh -> генератор), or the whole query (bcrk.xtybz -> исключения), then terms one
// typo away, then terms of the same root. A word's terms are [[id, quality]]; a glossary
// phrase it finds is [[ids], quality] in `alls`: all its words must be there.
(function () {
  "use strict";
  const search = window.qbook.search, IX = search.index;
  const EN_KEYS = "`qwertyuiop[]asdfghjkl;'zxcvbnm,.", RU_KEYS = "ёйцукенгшщзхъфывапролджэячсмитьбю";
  // The whole keyboard, shifted keys too, for a query typed on the wrong layout as a whole:
  // "bcrk.xtybz" is "исключения", "R'ibhjdfybt" is "Кэширование".
  const EN_ALL = EN_KEYS + "~QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>", RU_ALL = RU_KEYS + "ЁЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ";
  // Match qualities: the word itself, a synonym, a term the typed word begins, a typo; a
  // term of the same root.
  const EXACT = 1, SYNONYM = 0.9, PREFIX = 0.5, PREFIX_SYNONYM = 0.45, TYPO = 0.4, TYPO_SYNONYM = 0.35;
  const SAME_ROOT = 0.45;

  // The word as typed on the other layout (латиница <-> кириллица).
  function swapLayout(w) {
    const lat = /[a-z]/.test(w), from = lat ? EN_KEYS : RU_KEYS, to = lat ? RU_KEYS : EN_KEYS;
    return w.replace(/./g, function (ch) { const i = from.indexOf(ch); return i < 0 ? ch : to[i]; });
  }

  // The query typed on the other layout, punctuation keys included. Russian typed on the
  // Latin layout has punctuation for б, ю, ж, э, х, ъ; English typed on the Russian layout
  // never has those letters, so a query with them stays as it is ("кубер" is not "re,th").
  function swapText(q) {
    const ru = /[а-яё]/i.test(q), from = ru ? RU_ALL : EN_ALL, to = ru ? EN_ALL : RU_ALL;
    if (ru && /[бюжэхъё]/i.test(q)) return q;
    return q.replace(/./g, function (ch) { const i = from.indexOf(ch); return i < 0 ? ch : to[i]; });
  }

  // Each word of the query with its matching terms, and how it was fixed. A query with a
  // word that finds nothing is also read as typed on the other layout as a whole, and that
  // reading wins when more of its words find something; words still without terms then
  // look for terms one typo away.
  function plan(q) {
    let words = planWords(q);
    if (words.filter(hasTerms).length < words.length) {
      const alt = swapText(q), other = alt === q ? [] : planWords(alt);
      if (asTyped(other) > asTyped(words)) {
        other.forEach(function (w) { if (!w.fixed) w.fixed = w.t; });
        words = other;
      }
    }
    words.forEach(fixTypos);
    return words;
  }
  // The share of a reading's words that find something as they are, not read back on the
  // other layout one by one: "how garbage collection works" stays as typed, and
  // "hfpybwf vt;le is b ==" is "разница между is и ==".
  function asTyped(words) {
    return words.filter(function (w) { return hasTerms(w) && !w.fixed; }).length / (words.length || 1);
  }
  function planWords(q) {
    const toks = search.tokenize(q), prefixLast = !/\s$/.test(q);
    let words = [];
    toks.forEach(function (t, i) {
      const last = prefixLast && i === toks.length - 1, keys = search.termKeys(t.t);
      if (keyword(t, q)) { words.push({ t: t.t, last: false, keyword: true }); return; }
      if (!keys.length) return;
      if (keys.length > 1 && !knownKey(keys[0], t.t, last)) {
        // An unknown compound is one word written with a hyphen (мета-класс), else it is
        // searched as its words (веб-приложения).
        const joined = t.t.split("-").join("");
        if (search.isPlain(joined) && knownKey(search.termKeys(joined)[0], joined, last)) {
          words.push({ t: joined, last: last });
          return;
        }
        search.splitWords(t.t).forEach(function (p) {
          if (search.termKeys(p).length) words.push({ t: p, last: false });
        });
      } else words.push({ t: t.t, last: last });
    });
    const content = words.filter(function (w) { return w.keyword || !(search.isPlain(w.t) && IX.stop[w.t]); });
    words = joinPhrases(joinSplit(content.length ? content : words));
    words.forEach(resolve);
    return words;
  }
  // A stop word that is a keyword of the field (an entry of the glossary: with, is) stays a
  // word of the query when it reads as code: written in backticks, or a Latin word in a
  // query with Cyrillic letters ("оператор with", "разница между is и =="); "what is the
  // gil" keeps only "gil".
  function keyword(t, q) {
    const key = search.termKeys(t.t)[0];
    if (!IX.stop[t.t] || !key || !IX.syn[key] || !/^[a-z]+$/.test(t.t)) return false;
    return q[t.s - 1] === "`" || /[а-яё]/i.test(q);
  }
  // Two words that are one word of the index or glossary written apart ("мета класс",
  // "веб сокет") become that word, when one of them alone is no term.
  function joinSplit(words) {
    const out = [];
    for (let i = 0; i < words.length; i++) {
      const a = words[i], b = words[i + 1];
      if (b && search.isPlain(a.t) && search.isPlain(b.t) && !(isTerm(a.t) && isTerm(b.t)) && isTerm(a.t + b.t)) {
        out.push({ t: a.t + b.t, last: b.last });
        i++;
      } else out.push(a);
    }
    return out;
  }
  function isTerm(raw) {
    const key = search.termKeys(raw)[0];
    return !!key && (search.termId(key) >= 0 || !!IX.syn[key]);
  }
  function knownKey(key, raw, last) {
    return !!key && (search.termId(key) >= 0 || !!IX.syn[key] || matchTerms(key, raw, last).length > 0);
  }
  // Runs of words that spell a phrase of the glossary become one word; while the last word
  // is being typed, it may be the beginning of the phrase's last word ("garbage coll").
  function joinPhrases(words) {
    const keys = words.map(function (w) { return search.termKeys(w.t)[0]; }), out = [];
    function fits(k, j, i) {
      const w = words[i + j];
      if (keys[i + j] === k || sameStem(keys[i + j], k)) return true;
      return !!w && w.last && Array.from(w.t).length >= 2 && (k.indexOf(w.t) === 0 || k.indexOf(keys[i + j]) === 0);
    }
    for (let i = 0; i < words.length; i++) {
      const p = IX.phrases.find(function (ph) {
        return ph.keys.every(function (k, j) { return fits(k, j, i); });
      });
      if (!p) { out.push(words[i]); continue; }
      const run = words.slice(i, i + p.keys.length);
      out.push({ t: run.map(function (w) { return w.t; }).join(" "), last: false, phrase: p });
      i += p.keys.length - 1;
    }
    return out;
  }
  // Two stems of one root in other parts of speech ("огранич" of "ограничить",
  // "ограничен" of "ограничение"): one begins the other, 5 letters or more, at most 3
  // letters apart. Enough for a word of a glossary phrase, whose other words must follow.
  function sameStem(a, b) {
    if (!a || !b || !search.isPlain(a) || !search.isPlain(b)) return false;
    const s = a.length <= b.length ? a : b, l = s === a ? b : a;
    return s.length >= 5 && l.length - s.length <= 3 && l.indexOf(s) === 0;
  }
  function resolve(w) {
    w.found = {};
    w.alls = [];
    if (w.phrase) {
      addAll(w, w.phrase.keys, EXACT);
      addGroup(w, w.phrase.g, SYNONYM);
    } else {
      direct(w, w.t);
      const alt = swapLayout(w.t);
      if (alt !== w.t && search.termKeys(alt).length) layoutAlternative(w, alt);
    }
    setTerms(w);
  }
  function setTerms(w) { w.terms = Object.keys(w.found).map(function (id) { return [+id, w.found[id]]; }); }
  // A word that finds nothing: terms one typo from it, else of its root, else one typo
  // from it typed on the other layout (фыштсшщ is "asincio"); a short English word not in
  // the book is not read as a Russian typo ("works" is not "цщклы", one typo from
  // "циклы"), a long one may be (Lbcrhbgnjhs is "Дискрипторы").
  function fixTypos(w) {
    if (w.phrase || hasTerms(w)) return;
    if (Array.from(w.t).length >= 5) typos(w, search.termKeys(w.t)[0], w.t);
    if (!hasTerms(w) && search.isPlain(w.t)) sameRoot(w, search.termKeys(w.t)[0]);
    const alt = swapLayout(w.t), latin = /^[a-z]+$/.test(alt);
    if (!hasTerms(w) && search.isPlain(alt) && alt.length >= (latin ? 5 : 7)) {
      typos(w, search.termKeys(alt)[0], alt);
      if (hasTerms(w)) w.fixed = alt;
    }
    setTerms(w);
  }
  // The word typed on the other layout: all it finds when the word itself finds nothing;
  // when the word is only the beginning of terms or a typo of them ("оце" begins "оценка")
  // and the other layout is a whole word of the index or glossary ("оце" is "jwt"), both.
  function layoutAlternative(w, alt) {
    if (!hasTerms(w)) {
      direct(w, alt);
      if (hasTerms(w)) w.fixed = alt;
      return;
    }
    if (Array.from(alt).length < 3 || w.alls.length || bestQuality(w) >= SYNONYM) return;
    const whole = { found: {}, alls: [], last: false };
    direct(whole, alt);
    if (bestQuality(whole) < SYNONYM) return;
    Object.keys(whole.found).forEach(function (id) { add(w, +id, whole.found[id]); });
    whole.alls.forEach(function (a) { w.alls.push(a); });
    w.fixed = alt;
  }
  function bestQuality(w) {
    let q = w.alls.length ? SYNONYM : 0;
    Object.keys(w.found).forEach(function (id) { q = Math.max(q, w.found[id]); });
    return q;
  }
  function hasTerms(w) { return Object.keys(w.found).length > 0 || w.alls.length > 0; }
  function add(w, id, quality) {
    if (id >= 0 && !(w.found[id] >= quality)) w.found[id] = quality;
  }
  // The word `raw` and its other spellings, each with its synonyms.
  function direct(w, raw) {
    [raw].concat(spellings(raw)).forEach(function (form, n) {
      const keys = search.termKeys(form);
      if (!keys.length) return;
      matchTerms(keys[0], form, w.last).forEach(function (m) { add(w, m[0], n ? Math.min(m[1], SYNONYM) : m[1]); });
      synonyms(w, keys[0], form);
    });
  }
  // The word in the other spelling of each spelling pair it holds a part of (хэш -> хеш).
  function spellings(raw) {
    const out = [];
    IX.meta.sp.forEach(function (pair) {
      [0, 1].forEach(function (k) {
        if (raw.indexOf(pair[k]) >= 0) out.push(raw.split(pair[k]).join(pair[1 - k]));
      });
    });
    return out;
  }
  // The groups of glossary entry `key` (and, while typing, of entries the word begins).
  function synonyms(w, key, raw) {
    (IX.syn[key] || []).forEach(function (g) { addGroup(w, g, SYNONYM); });
    if (!w.last || Array.from(raw).length < 3) return;
    const keys = IX.synKeys;
    [key, raw].forEach(function (p) {
      for (let i = lowerIn(keys, p); i < keys.length && keys[i].indexOf(p) === 0; i++) {
        if (keys[i] !== key) IX.syn[keys[i]].forEach(function (g) { addGroup(w, g, PREFIX_SYNONYM); });
      }
    });
  }
  // Every entry of glossary group `g` that the index has: a term, or all terms of a phrase.
  function addGroup(w, g, quality) {
    IX.meta.syn[g].forEach(function (e) { addAll(w, e.split(" "), quality); });
  }
  function addAll(w, keys, quality) {
    const ids = keys.map(search.termId);
    if (ids.some(function (id) { return id < 0; })) return;
    if (ids.length === 1) add(w, ids[0], quality);
    else w.alls.push([ids, quality]);
  }
  function lowerIn(list, key) {
    let lo = 0, hi = list.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (list[mid] < key) lo = mid + 1; else hi = mid; }
    return lo;
  }
  function matchTerms(key, raw, prefix) {
    const t = IX.terms, out = [], i = search.lower(key);
    if (t[i] === key) out.push([i, EXACT]);
    if (!prefix || Array.from(raw).length < 2) return out;
    [key, raw].forEach(function (p, n) {
      if (n && (raw === key || raw.indexOf(key) === 0)) return;
      for (let j = search.lower(p); j < t.length && out.length < 80 && t[j].indexOf(p) === 0; j++) {
        if (t[j] !== key) out.push([j, PREFIX]);
      }
    });
    return out;
  }
  // Terms of the same root in another part of speech, which the stemmer leaves apart and
  // which are more than a typo away:
  // terms that share with the stem all but its last 2 letters, 5 letters or more, and are
  // at most 3 letters longer than that ("ускорить" finds "ускорения", "контейнеризация"
  // "контейнеризировать"; "генертор" is a typo, not "генерация").
  function sameRoot(w, key) {
    const t = IX.terms, seen = {};
    for (let cut = 0; cut <= 2 && key.length - cut >= 5; cut++) {
      const p = key.slice(0, key.length - cut);
      for (let j = search.lower(p); j < t.length && t[j].indexOf(p) === 0; j++) {
        if (!seen[j] && t[j].length - p.length <= 3) { seen[j] = 1; add(w, j, SAME_ROOT); }
      }
    }
  }
  // Terms (and one-word glossary entries) one edit (insert, delete, substitute, swap) from
  // the word's stem, or from a beginning of the word followed by at most 4 letters of
  // (mistyped) ending.
  function typos(w, key, raw) {
    const found = [], n = raw.length;
    function near(t) {
      if (t.length < 4 || t.length > n + 1 || t.length < n - 5) return 9;
      let best = oneEdit(key, t) ? 0 : 9;
      for (let len = t.length - 1; len <= t.length + 1 && best > 0; len++) {
        if (len <= n && n - len <= 4 && (raw.slice(0, len) === t || oneEdit(raw.slice(0, len), t))) best = n - len + 1;
      }
      return best;
    }
    IX.terms.forEach(function (t, i) { const d = near(t); if (d < 9) found.push([d, i, -1]); });
    IX.synKeys.forEach(function (t, i) { const d = near(t); if (d < 9) found.push([d, IX.terms.length + i, t]); });
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    // The nearer the term, the better the match: "asincio" is asyncio before async.
    found.slice(0, 12).forEach(function (f) {
      const less = 0.04 * f[0];
      if (f[2] === -1) add(w, f[1], TYPO - less);
      else IX.syn[f[2]].forEach(function (g) { addGroup(w, g, TYPO_SYNONYM - less); });
    });
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
  // Every term a word finds: its own and those of the phrases it finds.
  function wordTerms(w) {
    const ids = w.terms.map(function (m) { return m[0]; });
    w.alls.forEach(function (a) { a[0].forEach(function (id) { ids.push(id); }); });
    return ids;
  }
  // The postings shards ("p3") the words' terms live in.
  function neededShards(words) {
    const names = [];
    words.forEach(function (w) { wordTerms(w).forEach(function (id) { names.push("p" + search.shardOf(id)); }); });
    return names;
  }

  search.swapLayout = swapLayout;
  search.plan = plan;
  search.wordTerms = wordTerms;
  search.neededShards = neededShards;
})();
