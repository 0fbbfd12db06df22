// The Snowball English (Porter2) stemmer, as rust-stemmers 1.2 runs it when the index is
// built: decorators -> decor.
(function () {
  "use strict";
  const search = window.qbook.search;
  const past = search.past; // from stem-ru.js
  const VOWELS = "aeiouy";
  const EXC1 = { skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl", gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl", sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes" };
  const EXC2 = " inning outing canning herring earring proceed exceed succeed ";
  const STEP2 = { tional: "tion", enci: "ence", anci: "ance", abli: "able", entli: "ent", izer: "ize", ization: "ize", ational: "ate", ation: "ate", ator: "ate", alism: "al", aliti: "al", alli: "al", fulness: "ful", ousli: "ous", ousness: "ous", iveness: "ive", iviti: "ive", biliti: "ble", bli: "ble", ogi: "og", fulli: "ful", lessli: "less", li: "" };
  const STEP3 = { tional: "tion", ational: "ate", alize: "al", icate: "ic", iciti: "ic", ical: "ic", ful: "", ness: "", ative: "" };
  const STEP4 = "al ance ence er ic able ible ant ement ment ent ism ate iti ous ive ize ion".split(" ");

  function isV(c) { return VOWELS.indexOf(c) >= 0; }
  function endOf(w, list) {
    let best = "";
    list.forEach(function (s) { if (s.length > best.length && w.slice(-s.length) === s) best = s; });
    return best;
  }
  // A short syllable ends w: non-vowel (not w, x, Y), vowel, non-vowel; or vowel, non-vowel as the whole word.
  function shortv(w) {
    const n = w.length;
    if (n >= 3 && "aeiouywxY".indexOf(w[n - 1]) < 0 && isV(w[n - 2]) && !isV(w[n - 3])) return true;
    return n === 2 && isV(w[0]) && !isV(w[1]);
  }
  function stemEn(w) {
    if (w.length < 3) return w;
    if (EXC1.hasOwnProperty(w)) return EXC1[w];
    const c = w.split("");
    if (c[0] === "y") c[0] = "Y";
    for (let i = 1; i < c.length; i++) if (c[i] === "y" && isV(c[i - 1])) c[i] = "Y";
    w = c.join("");
    const m = /^(gener|commun|arsen)/.exec(w);
    let p1 = w.length, p2 = w.length;
    if (m) p1 = m[0].length;
    else { const a = past(w, 0, VOWELS, true), b = a < 0 ? -1 : past(w, a, VOWELS, false); if (b >= 0) p1 = b; }
    const x = p1 < w.length ? past(w, p1, VOWELS, true) : -1, y = x < 0 ? -1 : past(w, x, VOWELS, false);
    if (y >= 0) p2 = y;
    w = step1a(w);
    if (EXC2.indexOf(" " + w + " ") < 0) w = steps(w, p1, p2);
    return w.replace(/Y/g, "y");
  }
  function step1a(w) {
    const s = endOf(w, ["sses", "ied", "ies", "s", "us", "ss"]), at = w.length - s.length;
    if (s === "sses") return w.slice(0, -2);
    if (s === "ied" || s === "ies") return w.slice(0, at) + (at >= 2 ? "i" : "ie");
    if (s === "s" && /[aeiouy]/.test(w.slice(0, at - 1))) return w.slice(0, -1);
    return w;
  }
  function steps(w, p1, p2) {
    w = step1b(w, p1);
    if (/[yY]$/.test(w) && w.length > 2 && !isV(w[w.length - 2])) w = w.slice(0, -1) + "i";
    w = replaceEnd(w, STEP2, p1, function (s, at) {
      return s === "ogi" ? w[at - 1] === "l" : s === "li" ? "cdeghkmnrt".indexOf(w[at - 1]) >= 0 && at >= 1 : true;
    });
    w = replaceEnd(w, STEP3, p1, function (s, at) { return s !== "ative" || at >= p2; });
    const s4 = endOf(w, STEP4), at4 = w.length - s4.length;
    if (s4 && at4 >= p2 && (s4 !== "ion" || /[st]/.test(w[at4 - 1] || "") && at4 >= 1)) w = w.slice(0, at4);
    return step5(w, p1, p2);
  }
  function step1b(w, p1) {
    const s = endOf(w, ["eed", "eedly", "ed", "edly", "ing", "ingly"]), at = w.length - s.length;
    if (!s) return w;
    if (s === "eed" || s === "eedly") return at >= p1 ? w.slice(0, at) + "ee" : w;
    if (!/[aeiouy]/.test(w.slice(0, at))) return w;
    w = w.slice(0, at);
    const e = endOf(w, ["at", "bl", "iz", "bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"]);
    if (e.length === 2 && e[0] !== e[1]) return w + "e";
    if (e) return w.slice(0, -1);
    return w.length === p1 && shortv(w) ? w + "e" : w;
  }
  // Replaces the longest suffix of `map` in R1 when `ok(suffix, start)`.
  function replaceEnd(w, map, p1, ok) {
    const s = endOf(w, Object.keys(map)), at = w.length - s.length;
    return s && at >= p1 && ok(s, at) ? w.slice(0, at) + map[s] : w;
  }
  function step5(w, p1, p2) {
    const at = w.length - 1;
    if (w[at] === "e" && (at >= p2 || at >= p1 && !shortv(w.slice(0, at)))) return w.slice(0, at);
    if (w[at] === "l" && at >= p2 && w[at - 1] === "l") return w.slice(0, at);
    return w;
  }

  search.stemEn = stemEn;
})();
