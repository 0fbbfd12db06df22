// qbook search: the header's combobox and the search/ results page. Loads the index built by
// src/search/ as <script> files (works from file://), stems queries with the same Snowball
// algorithms (Russian, English), ranks title > follow-ups > answer > tags, tolerates one
// typo and a wrong keyboard layout. The text rules mirror src/search/tokenize.rs.
(function () {
  "use strict";

  // ───────────── text rules (mirror tokenize.rs) ─────────────
  var WORD = /[\p{Alphabetic}\p{N}_]/u, PLAIN = /^\p{Alphabetic}+$/u, NUM = /^\p{N}+$/u;
  var SYM = "=<>!|&*%^~@:+-", LONE = "|=<>*@%&^~", JOIN = "./+-";

  function normalize(s) { return s.toLowerCase().replace(/ё/g, "е"); }
  function isWord(c) { return c !== undefined && WORD.test(c); }

  // Tokens of normalised text as {t, s, e} (start and end offsets).
  function tokenize(text) {
    var c = Array.from(normalize(text)), out = [], i = 0, off = 0, offs = [];
    for (var k = 0; k < c.length; k++) { offs.push(off); off += c[k].length; }
    offs.push(off);
    while (i < c.length) {
      var end = i + 1, keep = false;
      if (isWord(c[i])) { end = wordEnd(c, i); keep = true; }
      else if (SYM.indexOf(c[i]) >= 0) {
        end = runEnd(c, i, function (x) { return SYM.indexOf(x) >= 0; });
        keep = end - i > 1 || LONE.indexOf(c[i]) >= 0;
      }
      if (keep && end - i <= 40) out.push({ t: c.slice(i, end).join(""), s: offs[i], e: offs[end] });
      i = end;
    }
    return out;
  }
  function runEnd(c, i, pred) { while (i < c.length && pred(c[i])) i++; return i; }
  function wordEnd(c, i) {
    var end = runEnd(c, i, isWord);
    while (end + 1 < c.length && JOIN.indexOf(c[end]) >= 0 && isWord(c[end + 1])) end = runEnd(c, end + 1, isWord);
    var tail = runEnd(c, end, function (x) { return x === "+" || x === "#"; });
    return tail - end <= 2 && !isWord(c[tail]) ? tail : end;
  }

  // The index terms of a token: main term first, then its parts' terms.
  function termKeys(t) {
    if (PLAIN.test(t)) return Array.from(t).length < 2 ? [] : [stem(t)];
    var keys = [t];
    if (NUM.test(t)) return keys;
    var bare = t.replace(/[+#]+$/, "");
    if (bare && bare !== t) keys.push(bare);
    t.split(/[^\p{Alphabetic}\p{N}]/u).forEach(function (p) {
      if (Array.from(p).length >= 2 && p !== t) termKeys(p).forEach(function (k) { keys.push(k); });
    });
    return keys.filter(function (k, i) { return keys.indexOf(k) === i; });
  }
  function stem(w) {
    if (/^[a-z]+$/.test(w)) return enStem(w);
    if (/^[а-я]+$/.test(w)) return ruStem(w);
    return w;
  }

  // ───────────── Snowball Russian (as rust-stemmers 1.2) ─────────────
  var RU_V = "аеиоуыэюя";
  var RU = {
    pg1: "в вши вшись", pg2: "ив ивши ившись ыв ывши ывшись",
    adj: "ее ие ые ое ими ыми ей ий ый ой ем им ым ом его ого ему ому их ых ую юю ая яя ою ею",
    part1: "ем нн вш ющ щ", part2: "ивш ывш ующ", refl: "ся сь",
    verb1: "ла на ете йте ли й л ем н ло но ет ют ны ть ешь нно",
    verb2: "ила ыла ена ейте уйте ите или ыли ей уй ил ыл им ым ен ило ыло ено ят ует уют ит ыт ены ить ыть ишь ую ю",
    noun: "а ев ов ие ье е иями ями ами еи ии и ией ей ой ий й иям ям ием ем ам ом о у ах иях ях ы ь ию ью ю ия ья я",
    der: "ост ость", tidy: "ейш ейше н ь"
  };
  for (var g in RU) RU[g] = RU[g].split(" ");

  // First index after the first char (from i) that is (or is not) a vowel; -1 if none.
  function past(w, i, vowels, vowel) {
    while (i < w.length && (vowels.indexOf(w[i]) >= 0) !== vowel) i++;
    return i < w.length ? i + 1 : -1;
  }
  // The longest suffix of w from the lists that starts at or after lim: [suffix, list].
  function longest(w, lim, lists) {
    var best = null;
    lists.forEach(function (list, n) {
      list.forEach(function (s) {
        if (w.length - s.length >= lim && w.slice(-s.length) === s && (!best || s.length > best[0].length)) best = [s, n];
      });
    });
    return best;
  }
  // Removes the longest ending of the groups; a group-1 ending needs а/я before it.
  function ruCut(w, lim, g1, g2) {
    var m = longest(w, lim, g2 ? [g1, g2] : [g1]);
    if (!m) return null;
    var at = w.length - m[0].length;
    if (g2 && m[1] === 0 && !(at - 1 >= lim && (w[at - 1] === "а" || w[at - 1] === "я"))) return null;
    return w.slice(0, at);
  }
  function ruStem(w) {
    var pv = past(w, 0, RU_V, true), p2 = w.length;
    if (pv < 0) return w;
    var a = past(w, pv, RU_V, false), b = a < 0 ? -1 : past(w, a, RU_V, true), c = b < 0 ? -1 : past(w, b, RU_V, false);
    if (c >= 0) p2 = c;
    var r = ruCut(w, pv, RU.pg1, RU.pg2);
    if (r === null) {
      var t = ruCut(w, pv, RU.refl);
      if (t !== null) w = t;
      r = ruAdjectival(w, pv);
      if (r === null) r = ruCut(w, pv, RU.verb1, RU.verb2);
      if (r === null) r = ruCut(w, pv, RU.noun);
    }
    if (r !== null) w = r;
    if (w.length - 1 >= pv && w[w.length - 1] === "и") w = w.slice(0, -1);
    var d = longest(w, pv, [RU.der]);
    if (d && w.length - d[0].length >= p2) w = w.slice(0, -d[0].length);
    return ruTidy(w, pv);
  }
  function ruAdjectival(w, pv) {
    var r = ruCut(w, pv, RU.adj);
    if (r === null) return null;
    var p = ruCut(r, pv, RU.part1, RU.part2);
    return p === null ? r : p;
  }
  function ruTidy(w, pv) {
    var m = longest(w, pv, [RU.tidy]);
    if (!m) return w;
    if (m[0] === "ь") return w.slice(0, -1);
    if (m[0] !== "н") w = w.slice(0, -m[0].length);
    var n = w.length;
    return n - 2 >= pv && w[n - 1] === "н" && w[n - 2] === "н" ? w.slice(0, -1) : w;
  }

  // ───────────── Snowball English (Porter2, as rust-stemmers 1.2) ─────────────
  var EN_V = "aeiouy";
  var EXC1 = { skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl", gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl", sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes" };
  var EXC2 = " inning outing canning herring earring proceed exceed succeed ";
  var STEP2 = { tional: "tion", enci: "ence", anci: "ance", abli: "able", entli: "ent", izer: "ize", ization: "ize", ational: "ate", ation: "ate", ator: "ate", alism: "al", aliti: "al", alli: "al", fulness: "ful", ousli: "ous", ousness: "ous", iveness: "ive", iviti: "ive", biliti: "ble", bli: "ble", ogi: "og", fulli: "ful", lessli: "less", li: "" };
  var STEP3 = { tional: "tion", ational: "ate", alize: "al", icate: "ic", iciti: "ic", ical: "ic", ful: "", ness: "", ative: "" };
  var STEP4 = "al ance ence er ic able ible ant ement ment ent ism ate iti ous ive ize ion".split(" ");

  function isEnV(c) { return EN_V.indexOf(c) >= 0; }
  function endOf(w, list) {
    var best = "";
    list.forEach(function (s) { if (s.length > best.length && w.slice(-s.length) === s) best = s; });
    return best;
  }
  // A short syllable ends w: non-vowel (not w, x, Y), vowel, non-vowel; or vowel, non-vowel as the whole word.
  function shortv(w) {
    var n = w.length;
    if (n >= 3 && "aeiouywxY".indexOf(w[n - 1]) < 0 && isEnV(w[n - 2]) && !isEnV(w[n - 3])) return true;
    return n === 2 && isEnV(w[0]) && !isEnV(w[1]);
  }
  function enStem(w) {
    if (w.length < 3) return w;
    if (EXC1.hasOwnProperty(w)) return EXC1[w];
    var c = w.split("");
    if (c[0] === "y") c[0] = "Y";
    for (var i = 1; i < c.length; i++) if (c[i] === "y" && isEnV(c[i - 1])) c[i] = "Y";
    w = c.join("");
    var m = /^(gener|commun|arsen)/.exec(w), p1 = w.length, p2 = w.length;
    if (m) p1 = m[0].length;
    else { var a = past(w, 0, EN_V, true), b = a < 0 ? -1 : past(w, a, EN_V, false); if (b >= 0) p1 = b; }
    var x = p1 < w.length ? past(w, p1, EN_V, true) : -1, y = x < 0 ? -1 : past(w, x, EN_V, false);
    if (y >= 0) p2 = y;
    w = enStep1a(w);
    if (EXC2.indexOf(" " + w + " ") < 0) w = enSteps(w, p1, p2);
    return w.replace(/Y/g, "y");
  }
  function enStep1a(w) {
    var s = endOf(w, ["sses", "ied", "ies", "s", "us", "ss"]), at = w.length - s.length;
    if (s === "sses") return w.slice(0, -2);
    if (s === "ied" || s === "ies") return w.slice(0, at) + (at >= 2 ? "i" : "ie");
    if (s === "s" && /[aeiouy]/.test(w.slice(0, at - 1))) return w.slice(0, -1);
    return w;
  }
  function enSteps(w, p1, p2) {
    w = enStep1b(w, p1);
    if (/[yY]$/.test(w) && w.length > 2 && !isEnV(w[w.length - 2])) w = w.slice(0, -1) + "i";
    w = enMap(w, STEP2, p1, function (s, at) {
      return s === "ogi" ? w[at - 1] === "l" : s === "li" ? "cdeghkmnrt".indexOf(w[at - 1]) >= 0 && at >= 1 : true;
    });
    w = enMap(w, STEP3, p1, function (s, at) { return s !== "ative" || at >= p2; });
    var s4 = endOf(w, STEP4), at4 = w.length - s4.length;
    if (s4 && at4 >= p2 && (s4 !== "ion" || /[st]/.test(w[at4 - 1] || "") && at4 >= 1)) w = w.slice(0, at4);
    return enStep5(w, p1, p2);
  }
  function enStep1b(w, p1) {
    var s = endOf(w, ["eed", "eedly", "ed", "edly", "ing", "ingly"]), at = w.length - s.length;
    if (!s) return w;
    if (s === "eed" || s === "eedly") return at >= p1 ? w.slice(0, at) + "ee" : w;
    if (!/[aeiouy]/.test(w.slice(0, at))) return w;
    w = w.slice(0, at);
    var e = endOf(w, ["at", "bl", "iz", "bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"]);
    if (e.length === 2 && e[0] !== e[1]) return w + "e";
    if (e) return w.slice(0, -1);
    return w.length === p1 && shortv(w) ? w + "e" : w;
  }
  // Replaces the longest suffix of `map` in R1 when `ok(suffix, start)`.
  function enMap(w, map, p1, ok) {
    var s = endOf(w, Object.keys(map)), at = w.length - s.length;
    return s && at >= p1 && ok(s, at) ? w.slice(0, at) + map[s] : w;
  }
  function enStep5(w, p1, p2) {
    var n = w.length, at = n - 1;
    if (w[at] === "e" && (at >= p2 || at >= p1 && !shortv(w.slice(0, at)))) return w.slice(0, at);
    if (w[at] === "l" && at >= p2 && w[at - 1] === "l") return w.slice(0, at);
    return w;
  }

  // ───────────── keyboard layouts ─────────────
  var EN_KEYS = "`qwertyuiop[]asdfghjkl;'zxcvbnm,.", RU_KEYS = "ёйцукенгшщзхъфывапролджэячсмитьбю";
  // The word as typed on the other layout (латиница <-> кириллица).
  function swapLayout(w) {
    var lat = /[a-z]/.test(w), from = lat ? EN_KEYS : RU_KEYS, to = lat ? RU_KEYS : EN_KEYS;
    return w.replace(/./g, function (ch) { var i = from.indexOf(ch); return i < 0 ? ch : to[i]; });
  }

  // ───────────── the index ─────────────
  var IX = { meta: null, terms: [], p: {}, d: {}, dec: {}, score: [], level: null, stop: {} };
  var root = "", loads = {};

  window.__qbookSearch = function (rec) {
    if (rec.k === "m") setMeta(rec);
    else if (rec.k === "p") IX.p[rec.i] = rec.p;
    else if (rec.k === "d") IX.d[rec.i] = rec.d;
  };
  function setMeta(m) {
    IX.meta = m;
    var prev = "";
    IX.terms = m.terms.split(" ").map(function (e) {
      prev = prev.slice(0, parseInt(e[0], 36)) + e.slice(1);
      return prev;
    });
    for (var mask = 0; mask < 16; mask++) {
      IX.score[mask] = m.w.reduce(function (s, w, bit) { return s + (mask >> bit & 1 ? w : 0); }, 0);
    }
    IX.level = new Uint8Array(m.n);
    m.sections.forEach(function (s, i) {
      var next = m.sections[i + 1];
      IX.level.fill(s[0], s[2], next ? next[2] : m.n);
    });
    m.stop.split(" ").forEach(function (w) { IX.stop[w] = true; });
  }
  // Loads search/<name>.js once; resolves when it ran.
  function load(name) {
    if (loads[name]) return loads[name];
    loads[name] = new Promise(function (ok, fail) {
      var s = document.createElement("script");
      s.src = root + "search/" + name + ".js" + (IX.meta ? "?h=" + IX.meta.h : "");
      s.charset = "utf-8";
      s.onload = ok;
      s.onerror = function () { delete loads[name]; fail(new Error("search: cannot load " + s.src)); };
      document.head.appendChild(s);
    });
    return loads[name];
  }
  function loadAll(names) {
    return Promise.all(names.filter(function (n, i) {
      return names.indexOf(n) === i && !(n[0] === "p" ? IX.p : IX.d)[n.slice(1)];
    }).map(load));
  }
  function shardOf(id) {
    var ps = IX.meta.ps, lo = 0, hi = ps.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (ps[mid] <= id) lo = mid; else hi = mid - 1; }
    return lo;
  }
  // Postings of term `id` as [doc, mask, doc, mask, ...].
  function postings(id) {
    if (IX.dec[id]) return IX.dec[id];
    var sh = shardOf(id), s = IX.p[sh][id - IX.meta.ps[sh]], out = [], doc = 0, v = 0, k = 0;
    for (var i = 0; i < s.length; i++) {
      var d = B64.indexOf(s[i]);
      v += (d & 31) * Math.pow(32, k++);
      if (d < 32) { doc += Math.floor(v / 16); out.push(doc, v % 16); v = 0; k = 0; }
    }
    return (IX.dec[id] = out);
  }
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  function lower(key) {
    var t = IX.terms, lo = 0, hi = t.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (t[mid] < key) lo = mid + 1; else hi = mid; }
    return lo;
  }
  function docInfo(d) { var ds = IX.meta.ds; return IX.d[Math.floor(d / ds)][d % ds]; }

  // ───────────── query -> terms ─────────────
  // Each word of the query with its matching terms [[id, quality]], and how it was fixed.
  function plan(q) {
    var toks = tokenize(q), prefixLast = !/\s$/.test(q), words = [];
    toks.forEach(function (t, i) {
      var last = prefixLast && i === toks.length - 1, keys = termKeys(t.t);
      if (!keys.length) return;
      if (keys.length > 1 && !matchTerms(keys[0], t.t, last).length) {
        // An unknown compound (веб-приложения) is searched as its words.
        t.t.split(/[^\p{Alphabetic}\p{N}]/u).forEach(function (p) {
          if (termKeys(p).length) words.push({ t: p, last: false });
        });
      } else words.push({ t: t.t, last: last });
    });
    var content = words.filter(function (w) { return !(PLAIN.test(w.t) && IX.stop[w.t]); });
    words = content.length ? content : words;
    words.forEach(resolve);
    return words;
  }
  function resolve(w) {
    var keys = termKeys(w.t);
    w.terms = matchTerms(keys[0], w.t, w.last);
    if (!w.terms.length) {
      var alt = swapLayout(w.t), ak = termKeys(alt);
      if (alt !== w.t && ak.length) { w.terms = matchTerms(ak[0], alt, w.last); if (w.terms.length) w.fixed = alt; }
    }
    if (!w.terms.length && Array.from(w.t).length >= 5) {
      w.terms = typos(keys[0], w.t);
    }
  }
  function matchTerms(key, raw, prefix) {
    var t = IX.terms, out = [], i = lower(key);
    if (t[i] === key) out.push([i, 1]);
    if (!prefix || Array.from(raw).length < 2) return out;
    [key, raw].forEach(function (p, n) {
      if (n && (raw === key || raw.indexOf(key) === 0)) return;
      for (var j = lower(p); j < t.length && out.length < 80 && t[j].indexOf(p) === 0; j++) {
        if (t[j] !== key) out.push([j, 0.5]);
      }
    });
    return out;
  }
  // Terms one edit (insert, delete, substitute, swap) from the word's stem, or from a
  // beginning of the word followed by at most 4 letters of (mistyped) ending.
  function typos(key, raw) {
    var found = [], n = raw.length;
    IX.terms.forEach(function (t, i) {
      if (t.length < 4 || t.length > n + 1 || t.length < n - 5) return;
      var best = oneEdit(key, t) ? 0 : 9;
      for (var len = t.length - 1; len <= t.length + 1 && best > 0; len++) {
        if (len <= n && n - len <= 4 && (raw.slice(0, len) === t || oneEdit(raw.slice(0, len), t))) best = n - len + 1;
      }
      if (best < 9) found.push([best, i]);
    });
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return found.slice(0, 12).map(function (f) { return [f[1], 0.4]; });
  }
  function oneEdit(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b || b.length < 4) return false;
    var i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }
  function neededShards(words) {
    var names = [];
    words.forEach(function (w) { w.terms.forEach(function (m) { names.push("p" + shardOf(m[0])); }); });
    return names;
  }

  // ───────────── ranking ─────────────
  // Ranks questions: every word must match (else any word, fallback = true); a word scores
  // its best field (title > follow-ups > answer > tags) times the match quality; ties in book order.
  function rank(words, level) {
    var n = IX.meta.n, total = new Float64Array(n), rare = new Float64Array(n), hits = new Uint8Array(n);
    words.forEach(function (w) {
      var best = new Float32Array(n), df = 0;
      w.terms.forEach(function (m) {
        var p = postings(m[0]);
        for (var k = 0; k < p.length; k += 2) {
          var s = IX.score[p[k + 1]] * m[1];
          if (s > best[p[k]]) best[p[k]] = s;
        }
      });
      for (var d = 0; d < n; d++) if (best[d] > 0) df++;
      var idf = Math.log(1 + n / (df || 1));
      for (d = 0; d < n; d++) if (best[d] > 0) { total[d] += best[d]; rare[d] += best[d] * idf; hits[d]++; }
    });
    var docs = collect(total, hits, words.length, level);
    var fallback = !docs.length && words.length > 1;
    // With any word enough, rarer words weigh more: "как работает GIL" is about GIL.
    if (fallback) { docs = collect(total, hits, 1, level); total = rare; }
    docs.sort(function (a, b) { return total[b] - total[a] || a - b; });
    return { docs: docs, fallback: fallback };
  }
  function collect(total, hits, need, level) {
    var out = [];
    for (var d = 0; d < total.length; d++) {
      if (hits[d] >= need && total[d] > 0 && (level < 0 || IX.level[d] === level)) out.push(d);
    }
    return out;
  }

  // Runs a query when the shards it needs are loaded; null otherwise. opts.level: level index or -1.
  function runNow(q, opts) {
    if (!IX.meta) return null;
    var words = plan(q);
    if (neededShards(words).some(function (n) { return !IX.p[n.slice(1)]; })) return null;
    var r = words.length ? rank(words, opts.level == null ? -1 : opts.level) : { docs: [], fallback: false };
    r.marks = {};
    words.forEach(function (w) { w.terms.forEach(function (m) { r.marks[IX.terms[m[0]]] = true; }); });
    r.fixed = words.some(function (w) { return w.fixed; }) ? words.map(function (w) { return w.fixed || w.t; }).join(" ") : null;
    r.words = words.length;
    return r;
  }
  // Runs a query, loading the index and shards it needs; resolves with the result and the
  // display data of its first `opts.limit` questions.
  function search(q, opts) {
    return load("index").then(function () {
      return loadAll(neededShards(plan(q)));
    }).then(function () {
      var r = runNow(q, opts), ds = IX.meta.ds;
      return loadAll(r.docs.slice(0, opts.limit).map(function (d) { return "d" + Math.floor(d / ds); })).then(function () { return r; });
    });
  }

  // ───────────── rendering ─────────────
  function esc(s) {
    return s.replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }
  // Plain text with the tokens whose terms matched wrapped in <mark>.
  function highlight(text, marks) {
    var out = "", at = 0;
    tokenize(text).forEach(function (tok) {
      if (!termKeys(tok.t).some(function (k) { return marks[k]; })) return;
      out += esc(text.slice(at, tok.s)) + "<mark>" + esc(text.slice(tok.s, tok.e)) + "</mark>";
      at = tok.e;
    });
    return out + esc(text.slice(at));
  }
  // A display title (code in backticks) as HTML with highlights.
  function titleHtml(title, marks) {
    return title.split("`").map(function (part, i) {
      var html = highlight(part, marks);
      return i % 2 ? "<code>" + html + "</code>" : html;
    }).join("");
  }
  function result(d, marks) {
    var info = docInfo(d), sec = IX.meta.sections[info[2]], lev = IX.meta.levels[sec[0]];
    return {
      href: root + "q/" + encodeURIComponent(info[0]) + ".html",
      num: d + 1, title: titleHtml(info[1], marks), where: esc(lev[1]) + " · " + esc(sec[1])
    };
  }
  function plural(forms, n, lang) {
    var f = forms.split("|"), i = lang === "ru"
      ? (n % 10 === 1 && n % 100 !== 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2)
      : (n === 1 ? 0 : 1);
    return n + " " + (f[i] || f[f.length - 1]);
  }
  // The note above results: fixed query, fallback, no results.
  function note(r, q, S) {
    var parts = [];
    if (r.fixed) parts.push(S.fixed.replace("{q}", r.fixed));
    if (r.fallback) parts.push(S.fallback);
    if (!r.docs.length && q.trim()) parts.push(S.none);
    return parts.join(" ");
  }

  // ───────────── the header combobox ─────────────
  function initBox(form, page) {
    var input = form.querySelector("#search-input"), pop = form.querySelector(".search-popup");
    var list = form.querySelector("[role=listbox]"), msg = form.querySelector(".search-note");
    var live = form.querySelector(".search-live"), S = strings(form), box = { active: -1, items: [], seq: 0 };
    if (!input || !list) return;
    input.addEventListener("focus", function () { load("index").catch(function () {}); });
    input.addEventListener("input", function () { if (page) page.set(input.value); else update(); });
    input.addEventListener("keydown", function (e) { onKey(e); });
    list.addEventListener("mousedown", function (e) { e.preventDefault(); });
    list.addEventListener("click", function (e) {
      var li = e.target.closest("[role=option]");
      if (li && li.dataset.href) location.href = li.dataset.href;
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    form.addEventListener("submit", function (e) { if (page) e.preventDefault(); });

    function update() {
      var q = input.value, seq = ++box.seq;
      if (!q.trim()) return close();
      search(q, { limit: 8 }).then(function (r) { if (seq === box.seq) show(r, q); }, function () {});
    }
    function show(r, q) {
      box.items = r.docs.slice(0, 8).map(function (d) { return result(d, r.marks); });
      box.items.push({ href: form.getAttribute("action") + "?q=" + encodeURIComponent(q), all: true });
      list.innerHTML = box.items.map(function (it, i) {
        var body = it.all ? esc(S.all.replace("{q}", q)) : '<span class="sr-num">' + it.num + ".</span> " +
          '<span class="sr-title">' + it.title + '</span> <span class="sr-where">' + it.where + "</span>";
        return '<li role="option" id="search-opt-' + i + '" aria-selected="false" class="sr' + (it.all ? " sr-all" : "") +
          '" data-href="' + esc(it.href) + '">' + body + "</li>";
      }).join("");
      msg.textContent = note(r, q, S);
      msg.hidden = !msg.textContent;
      live.textContent = (r.docs.length ? plural(S.forms, r.docs.length, S.lang) + ". " : "") + note(r, q, S);
      box.active = -1;
      input.removeAttribute("aria-activedescendant");
      pop.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    function close() {
      pop.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      box.active = -1;
    }
    function move(step) {
      var n = box.items.length;
      if (!n) return;
      box.active = box.active < 0 ? (step > 0 ? 0 : n - 1) : (box.active + step + n) % n;
      Array.prototype.forEach.call(list.children, function (li, i) {
        li.setAttribute("aria-selected", i === box.active ? "true" : "false");
      });
      var li = list.children[box.active];
      input.setAttribute("aria-activedescendant", li.id);
      if (li.scrollIntoView) li.scrollIntoView({ block: "nearest" });
    }
    function onKey(e) {
      var open = !pop.hidden;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (page) return;
        e.preventDefault();
        if (!open) { if (input.value.trim()) update(); return; }
        move(e.key === "ArrowDown" ? 1 : -1);
      } else if (e.key === "Enter" && open && box.active >= 0) {
        e.preventDefault();
        location.href = box.items[box.active].href;
      } else if (e.key === "Escape") {
        if (open) { e.preventDefault(); close(); } else if (input.value) { input.value = ""; if (page) page.set(""); }
      }
    }
  }

  // UI strings from the form's data attributes (the theme's i18n files).
  function strings(el) {
    var d = el.dataset;
    return { none: d.none || "", fallback: d.fallback || "", fixed: d.fixed || "{q}", all: d.all || "{q}", forms: d.forms || "", lang: d.lang || "en", more: d.more || "" };
  }

  // ───────────── the results page (search/?q=…&level=…) ─────────────
  function initPage(el, form) {
    var S = strings(form), input = form.querySelector("#search-input");
    var sel = el.querySelector("#search-level"), status = el.querySelector("#search-status");
    var list = el.querySelector("#search-results"), more = el.querySelector("#search-more");
    var params = new URLSearchParams(location.search), state = { q: params.get("q") || "", limit: 50, seq: 0 };
    el.querySelector(".search-controls").hidden = false;
    if (input) input.value = state.q;
    if (sel) {
      sel.value = params.get("level") || "";
      sel.addEventListener("change", function () { state.limit = 50; sync(); run(); });
    }
    more.addEventListener("click", function () { state.limit += 50; run(); });
    function sync() {
      var p = new URLSearchParams();
      if (state.q) p.set("q", state.q);
      if (sel && sel.value) p.set("level", sel.value);
      try { history.replaceState(null, "", "?" + p.toString()); } catch (e) { /* file:// may refuse */ }
    }
    function levelIndex() {
      if (!sel || !sel.value || !IX.meta) return -1;
      return IX.meta.levels.map(function (l) { return l[0]; }).indexOf(sel.value);
    }
    function run() {
      var seq = ++state.seq, q = state.q;
      if (!q.trim()) { list.innerHTML = ""; status.textContent = ""; more.hidden = true; return; }
      load("index").then(function () {
        return search(q, { limit: state.limit, level: levelIndex() });
      }).then(function (r) { if (seq === state.seq) render(r, q); }, function () {});
    }
    function render(r, q) {
      list.innerHTML = r.docs.slice(0, state.limit).map(function (d) {
        var it = result(d, r.marks);
        return '<li class="search-result"><a href="' + esc(it.href) + '"><span class="sr-num">' + it.num + ".</span> " +
          it.title + '</a><div class="sr-where">' + it.where + "</div></li>";
      }).join("");
      status.textContent = [r.docs.length ? plural(S.forms, r.docs.length, S.lang) + "." : "", note(r, q, S)].join(" ").trim();
      more.hidden = r.docs.length <= state.limit;
    }
    run();
    return { set: function (q) { state.q = q; state.limit = 50; sync(); run(); } };
  }

  // ───────────── start ─────────────
  function start() {
    var form = document.querySelector("form.search-box");
    if (!form) return;
    root = form.getAttribute("data-root") || "";
    var pageEl = document.getElementById("search-page");
    var page = pageEl ? initPage(pageEl, form) : null;
    initBox(form, page);
    document.addEventListener("keydown", function (e) {
      var t = e.target, tag = t && t.tagName;
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
      e.preventDefault();
      var input = document.getElementById("search-input");
      input.focus();
      input.select();
    });
  }

  // For tests and benchmarks: the engine without the UI.
  window.qbookSearch = {
    tokenize: function (s) { return tokenize(s).map(function (t) { return t.t; }); },
    termKeys: termKeys, stem: stem, swapLayout: swapLayout, search: search, runNow: runNow,
    ids: function (r) { return r.docs.map(function (d) { return docInfo(d) ? docInfo(d)[0] : null; }); },
    index: IX
  };
  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }
})();
