// Study progress, kept in this browser's localStorage under "<book's storage key>:progress"
// (the key comes from <html data-storage-key>, so two books on one host never mix), keyed by
// question id, so a rebuild that adds or reorders questions keeps it; and the schedule that
// brings marked cards back. Offers qbook.progress to study mode and to marks.js.
//
// Stored value: { v: 1, step: <cards marked so far>, cards: { <id>: card } } with
//   card = { m: "know"|"unsure"|"dontknow", b: <Leitner box 0..6>, due: <step it is due at>,
//            n: <times marked>, t: <ms timestamp of the last mark>, l: <level slug> }
// The schedule counts steps (cards marked), not days: "don't know" comes back after 2 other
// cards, "unsure" after 5, "know" after 8, 20, 50, 120, 300, 800 cards as it is known again.
(function () {
  "use strict";
  const qbook = window.qbook;
  const VERSION = 1;
  const MARKS = ["dontknow", "unsure", "know"];
  const GAP_DONTKNOW = 2;
  const GAP_UNSURE = 5;
  const KNOW_GAPS = [8, 20, 50, 120, 300, 800];
  const bookKey = document.documentElement.getAttribute("data-storage-key") || "qbook";
  const KEY = bookKey + ":progress";
  let memory = null; // used when localStorage is unavailable (private modes, policies)

  function empty() {
    return { v: VERSION, step: 0, cards: {} };
  }

  // A clean progress value from anything parsed (old, foreign or hand-edited files).
  function normalize(data) {
    if (!data || typeof data !== "object" || !data.cards || typeof data.cards !== "object") return null;
    const out = empty();
    out.step = Math.max(0, Math.floor(Number(data.step) || 0));
    for (const id of Object.keys(data.cards)) {
      const c = data.cards[id];
      if (!c || MARKS.indexOf(c.m) < 0) continue;
      out.cards[id] = {
        m: c.m,
        b: Math.min(KNOW_GAPS.length, Math.max(0, Math.floor(Number(c.b) || 0))),
        due: Math.max(0, Math.floor(Number(c.due) || 0)),
        n: Math.max(1, Math.floor(Number(c.n) || 1)),
        t: Math.max(0, Number(c.t) || 0),
        l: typeof c.l === "string" ? c.l : ""
      };
    }
    return out;
  }

  function load() {
    const stored = qbook.storage.get(KEY);
    const raw = stored === undefined ? memory : stored; // storage off: the in-memory copy
    if (!raw) return empty();
    try {
      return normalize(JSON.parse(raw)) || empty();
    } catch (e) {
      return empty();
    }
  }

  function save(progress) {
    const raw = JSON.stringify(progress);
    memory = raw;
    qbook.storage.set(KEY, raw);
    changed();
  }

  function clear() {
    memory = null;
    qbook.storage.remove(KEY);
    changed();
  }

  // Tells the page (marks.js) that the progress changed.
  function changed() {
    if (qbook.progress.refresh) qbook.progress.refresh();
  }

  // Records a mark and schedules the card's return.
  function mark(progress, id, m, level) {
    if (MARKS.indexOf(m) < 0) return progress;
    progress.step += 1;
    const card = progress.cards[id] || { b: 0, n: 0 };
    let gap;
    if (m === "know") {
      card.b = Math.min(KNOW_GAPS.length, (card.m === "know" ? card.b : 0) + 1);
      gap = KNOW_GAPS[card.b - 1];
    } else {
      card.b = 0;
      gap = m === "unsure" ? GAP_UNSURE : GAP_DONTKNOW;
    }
    card.m = m;
    card.due = progress.step + gap;
    card.n = (card.n || 0) + 1;
    card.t = Date.now();
    if (level) card.l = level;
    progress.cards[id] = card;
    return progress;
  }

  // Counts of each mark over `ids` (all known cards when null), with `total` for "new".
  function counts(progress, ids, total) {
    const c = { know: 0, unsure: 0, dontknow: 0, "new": 0 };
    const list = ids || Object.keys(progress.cards);
    for (const id of list) {
      const card = progress.cards[id];
      if (card) c[card.m] += 1;
    }
    const all = typeof total === "number" ? total : list.length;
    const marked = Math.min(c.know + c.unsure + c.dontknow, all);
    c["new"] = Math.max(0, all - marked);
    return c;
  }

  // The file a reader downloads: self-describing, and importable into any build of the book.
  function exportData(progress) {
    const brand = document.querySelector(".brand");
    return {
      format: "qbook-progress",
      version: VERSION,
      storage_key: bookKey,
      book: brand ? brand.textContent : document.title,
      exported: new Date().toISOString(),
      step: progress.step,
      cards: progress.cards
    };
  }

  function importData(data) {
    if (!data || (data.format && data.format !== "qbook-progress")) return null;
    return normalize(data);
  }

  qbook.progress = {
    KEY: KEY,
    MARKS: MARKS,
    load: load,
    save: save,
    clear: clear,
    mark: mark,
    counts: counts,
    exportData: exportData,
    importData: importData
  };
})();
