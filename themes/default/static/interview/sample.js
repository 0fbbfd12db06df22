// The seeded draw of an interview set, exactly as `qbook pdf --sample N --seed S` draws it
// (src/sample.rs documents the algorithm; keep the two in step): FNV-1a of the seed's UTF-8
// bytes -> mulberry32; shuffle each section, then the sections; take round-robin over
// sections; return in book order. Offers qbook.sample to page.js and the tests.
(function () {
  "use strict";

  function utf8(text) {
    if (typeof TextEncoder !== "undefined") return new TextEncoder().encode(text);
    const bytes = [];
    const s = unescape(encodeURIComponent(text));
    for (let i = 0; i < s.length; i++) bytes.push(s.charCodeAt(i));
    return bytes;
  }

  /** 32-bit FNV-1a of the seed string's UTF-8 bytes. */
  function seedHash(seed) {
    const bytes = utf8(String(seed));
    let hash = 0x811c9dc5;
    for (let i = 0; i < bytes.length; i++) {
      hash ^= bytes[i];
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash >>> 0;
  }

  /** mulberry32 on a u32 state; `next()` gives 32 random bits as an unsigned number. */
  class Mulberry32 {
    constructor(state) {
      this.state = state >>> 0;
    }
    static fromSeed(seed) {
      return new Mulberry32(seedHash(seed));
    }
    next() {
      this.state = (this.state + 0x6d2b79f5) >>> 0;
      let t = this.state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return (t ^ (t >>> 14)) >>> 0;
    }
    /** A number in 0..n-1: (next * n) >> 32, exact while n < 2^21. */
    below(n) {
      return Math.floor((this.next() * n) / 4294967296);
    }
    shuffle(items) {
      for (let i = items.length - 1; i > 0; i--) {
        const j = this.below(i + 1);
        const tmp = items[i];
        items[i] = items[j];
        items[j] = tmp;
      }
    }
  }

  /**
   * Up to `n` ids of `data` (study/data.js) for `seed`, from the questions whose level
   * is in filter.levels and whose "level/section" is in filter.sections (empty: all), in
   * book order.
   */
  function drawSet(data, seed, n, filter) {
    const levels = filter && filter.levels && filter.levels.length ? filter.levels : null;
    const sections = filter && filter.sections && filter.sections.length ? filter.sections : null;
    const groups = [];
    let group = null;
    let groupKey = "";
    for (let i = 0; i < data.q.length; i++) {
      const q = data.q[i];
      const level = data.levels[q[2]];
      const key = level.slug + "/" + level.sections[q[3]].slug;
      if (levels && levels.indexOf(level.slug) < 0) continue;
      if (sections && sections.indexOf(key) < 0) continue;
      if (!group || key !== groupKey || q[2] !== group.level || q[3] !== group.section) {
        group = [];
        group.level = q[2];
        group.section = q[3];
        groupKey = key;
        groups.push(group);
      }
      group.push([i, q[0]]);
    }
    const rng = Mulberry32.fromSeed(seed);
    for (let g = 0; g < groups.length; g++) rng.shuffle(groups[g]);
    rng.shuffle(groups);
    const set = [];
    for (let round = 0; set.length < n; round++) {
      const before = set.length;
      for (let k = 0; k < groups.length && set.length < n; k++) {
        if (round < groups[k].length) set.push(groups[k][round]);
      }
      if (set.length === before) break;
    }
    set.sort(function (a, b) { return a[0] - b[0]; });
    return set.map(function (item) { return item[1]; });
  }

  window.qbook.sample = { seedHash: seedHash, Mulberry32: Mulberry32, drawSet: drawSet };
})();
