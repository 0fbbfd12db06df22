// The Snowball Russian stemmer, as rust-stemmers 1.2 runs it when the index is built:
// генераторами -> генератор.
(function () {
  "use strict";
  const search = (window.qbook.search = window.qbook.search || {});
  const VOWELS = "аеиоуыэюя";
  const ENDINGS = {
    pg1: "в вши вшись", pg2: "ив ивши ившись ыв ывши ывшись",
    adj: "ее ие ые ое ими ыми ей ий ый ой ем им ым ом его ого ему ому их ых ую юю ая яя ою ею",
    part1: "ем нн вш ющ щ", part2: "ивш ывш ующ", refl: "ся сь",
    verb1: "ла на ете йте ли й л ем н ло но ет ют ны ть ешь нно",
    verb2: "ила ыла ена ейте уйте ите или ыли ей уй ил ыл им ым ен ило ыло ено ят ует уют ит ыт ены ить ыть ишь ую ю",
    noun: "а ев ов ие ье е иями ями ами еи ии и ией ей ой ий й иям ям ием ем ам ом о у ах иях ях ы ь ию ью ю ия ья я",
    der: "ост ость", tidy: "ейш ейше н ь"
  };
  const RU = {};
  for (const group in ENDINGS) RU[group] = ENDINGS[group].split(" ");

  // The Snowball region search (shared with stem-en.js): the index after the first char at
  // or after `i` that is (`vowel` true) or is not a vowel of `vowels`; -1 if there is none.
  function past(w, i, vowels, vowel) {
    while (i < w.length && (vowels.indexOf(w[i]) >= 0) !== vowel) i++;
    return i < w.length ? i + 1 : -1;
  }
  // The longest suffix of w from the lists that starts at or after lim: [suffix, list].
  function longest(w, lim, lists) {
    let best = null;
    lists.forEach(function (list, n) {
      list.forEach(function (s) {
        if (w.length - s.length >= lim && w.slice(-s.length) === s && (!best || s.length > best[0].length)) best = [s, n];
      });
    });
    return best;
  }
  // Removes the longest ending of the groups; a group-1 ending needs а/я before it.
  function cut(w, lim, g1, g2) {
    const m = longest(w, lim, g2 ? [g1, g2] : [g1]);
    if (!m) return null;
    const at = w.length - m[0].length;
    if (g2 && m[1] === 0 && !(at - 1 >= lim && (w[at - 1] === "а" || w[at - 1] === "я"))) return null;
    return w.slice(0, at);
  }
  function stemRu(w) {
    const pv = past(w, 0, VOWELS, true);
    let p2 = w.length;
    if (pv < 0) return w;
    const a = past(w, pv, VOWELS, false), b = a < 0 ? -1 : past(w, a, VOWELS, true), c = b < 0 ? -1 : past(w, b, VOWELS, false);
    if (c >= 0) p2 = c;
    let r = cut(w, pv, RU.pg1, RU.pg2);
    if (r === null) {
      const t = cut(w, pv, RU.refl);
      if (t !== null) w = t;
      r = adjectival(w, pv);
      if (r === null) r = cut(w, pv, RU.verb1, RU.verb2);
      if (r === null) r = cut(w, pv, RU.noun);
    }
    if (r !== null) w = r;
    if (w.length - 1 >= pv && w[w.length - 1] === "и") w = w.slice(0, -1);
    const d = longest(w, pv, [RU.der]);
    if (d && w.length - d[0].length >= p2) w = w.slice(0, -d[0].length);
    return tidy(w, pv);
  }
  function adjectival(w, pv) {
    const r = cut(w, pv, RU.adj);
    if (r === null) return null;
    const p = cut(r, pv, RU.part1, RU.part2);
    return p === null ? r : p;
  }
  function tidy(w, pv) {
    const m = longest(w, pv, [RU.tidy]);
    if (!m) return w;
    if (m[0] === "ь") return w.slice(0, -1);
    if (m[0] !== "н") w = w.slice(0, -m[0].length);
    const n = w.length;
    return n - 2 >= pv && w[n - 1] === "н" && w[n - 2] === "н" ? w.slice(0, -1) : w;
  }

  search.stemRu = stemRu;
  search.past = past;
})();
