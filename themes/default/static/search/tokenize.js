// Text -> tokens -> index terms, by the rules of src/search/tokenize.rs (keep the two in
// step): words, technical tokens (__slots__, N+1, 3.10+, ==) and the terms each one is
// indexed under; a word's term is its stem (stem-ru.js, stem-en.js).
(function () {
  "use strict";
  const search = window.qbook.search;
  const WORD = /[\p{Alphabetic}\p{N}_]/u, PLAIN = /^\p{Alphabetic}+$/u, NUM = /^\p{N}+$/u;
  const SYM = "=<>!|&*%^~@:+-", LONE = "|=<>*@%&^~", JOIN = "./+-";

  function normalize(s) { return s.toLowerCase().replace(/ё/g, "е"); }
  function isWord(c) { return c !== undefined && WORD.test(c); }

  // Tokens of normalised text as {t, s, e} (start and end offsets in `text`).
  function tokenize(text) {
    const c = Array.from(normalize(text)), out = [], offs = [];
    let i = 0, off = 0;
    for (let k = 0; k < c.length; k++) { offs.push(off); off += c[k].length; }
    offs.push(off);
    while (i < c.length) {
      let end = i + 1, keep = false;
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
    let end = runEnd(c, i, isWord);
    while (end + 1 < c.length && JOIN.indexOf(c[end]) >= 0 && isWord(c[end + 1])) end = runEnd(c, end + 1, isWord);
    const tail = runEnd(c, end, function (x) { return x === "+" || x === "#"; });
    return tail - end <= 2 && !isWord(c[tail]) ? tail : end;
  }

  // A Latin word goes to the English stemmer, a Cyrillic one to the Russian; others stay.
  function stem(w) {
    if (/^[a-z]+$/.test(w)) return search.stemEn(w);
    if (/^[а-я]+$/.test(w)) return search.stemRu(w);
    return w;
  }

  // The index terms of a token: main term first, then its parts' terms.
  function termKeys(t) {
    if (PLAIN.test(t)) return Array.from(t).length < 2 ? [] : [stem(t)];
    const keys = [t];
    if (NUM.test(t)) return keys;
    const bare = t.replace(/[+#]+$/, "");
    if (bare && bare !== t) keys.push(bare);
    splitWords(t).forEach(function (p) {
      if (Array.from(p).length >= 2 && p !== t) termKeys(p).forEach(function (k) { keys.push(k); });
    });
    return keys.filter(function (k, i) { return keys.indexOf(k) === i; });
  }
  // The letter-and-digit runs of a token (and empty strings between separators).
  function splitWords(t) { return t.split(/[^\p{Alphabetic}\p{N}]/u); }
  function isPlain(t) { return PLAIN.test(t); }

  search.stem = stem;
  search.tokenize = tokenize;
  search.termKeys = termKeys;
  search.splitWords = splitWords;
  search.isPlain = isPlain;
})();
