// qbook study progress: kept in this browser's localStorage under "<book's storage key>:progress"
// (the key comes from <html data-storage-key>, so two books on one host never mix), keyed by
// question id, so a rebuild that adds or reorders questions keeps it. Shows the progress on
// the home page (counts), level pages (counts and a mark on each question) and question
// pages (the mark), and offers window.qbookProgress to study.js.
//
// Stored value: { v: 1, step: <cards marked so far>, cards: { <id>: card } } with
//   card = { m: "know"|"unsure"|"dontknow", b: <Leitner box 0..6>, due: <step it is due at>,
//            n: <times marked>, t: <ms timestamp of the last mark>, l: <level slug> }
// The schedule counts steps (cards marked), not days: "don't know" comes back after 2 other
// cards, "unsure" after 5, "know" after 8, 20, 50, 120, 300, 800 cards as it is known again.
(function () {
  "use strict";
  var VERSION = 1;
  var MARKS = ["dontknow", "unsure", "know"];
  var GAP_DONTKNOW = 2;
  var GAP_UNSURE = 5;
  var KNOW_GAPS = [8, 20, 50, 120, 300, 800];
  var html = document.documentElement;
  var bookKey = html.getAttribute("data-storage-key") || "qbook";
  var KEY = bookKey + ":progress";
  var memory = null; // used when localStorage is unavailable (private modes, policies)

  function empty() {
    return { v: VERSION, step: 0, cards: {} };
  }

  // A clean progress value from anything parsed (old, foreign or hand-edited files).
  function normalize(data) {
    if (!data || typeof data !== "object" || !data.cards || typeof data.cards !== "object") return null;
    var out = empty();
    out.step = Math.max(0, Math.floor(Number(data.step) || 0));
    var ids = Object.keys(data.cards);
    for (var i = 0; i < ids.length; i++) {
      var c = data.cards[ids[i]];
      if (!c || MARKS.indexOf(c.m) < 0) continue;
      out.cards[ids[i]] = {
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
    var raw = memory;
    try {
      raw = window.localStorage.getItem(KEY);
    } catch (e) { /* storage off: keep the in-memory copy */ }
    if (!raw) return empty();
    try {
      return normalize(JSON.parse(raw)) || empty();
    } catch (e) {
      return empty();
    }
  }

  function save(progress) {
    var raw = JSON.stringify(progress);
    memory = raw;
    try {
      window.localStorage.setItem(KEY, raw);
    } catch (e) { /* storage off or full: the session still works */ }
    refresh();
  }

  function clear() {
    memory = null;
    try {
      window.localStorage.removeItem(KEY);
    } catch (e) { /* nothing to remove */ }
    refresh();
  }

  // Records a mark and schedules the card's return.
  function mark(progress, id, m, level) {
    if (MARKS.indexOf(m) < 0) return progress;
    progress.step += 1;
    var card = progress.cards[id] || { b: 0, n: 0 };
    var gap;
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
    var c = { know: 0, unsure: 0, dontknow: 0, "new": 0 };
    var list = ids || Object.keys(progress.cards);
    for (var i = 0; i < list.length; i++) {
      var card = progress.cards[list[i]];
      if (card) c[card.m] += 1;
    }
    var marked = c.know + c.unsure + c.dontknow;
    var all = typeof total === "number" ? total : list.length;
    if (marked > all) marked = all;
    c["new"] = Math.max(0, all - marked);
    return c;
  }

  // The file a reader downloads: self-describing, and importable into any build of the book.
  function exportData(progress) {
    return {
      format: "qbook-progress",
      version: VERSION,
      storage_key: bookKey,
      book: document.querySelector(".brand") ? document.querySelector(".brand").textContent : document.title,
      exported: new Date().toISOString(),
      step: progress.step,
      cards: progress.cards
    };
  }

  function importData(data) {
    if (!data || (data.format && data.format !== "qbook-progress")) return null;
    return normalize(data);
  }

  function text(el, key) {
    return el.getAttribute("data-t-" + key) || key;
  }

  function badge(container, m) {
    var span = document.createElement("span");
    span.className = "progress-mark pm-" + m;
    span.textContent = text(container, m);
    return span;
  }

  function renderSummary(el, c) {
    el.textContent = "";
    if (!document.body.classList.contains("page-study")) { // the study page has a heading for it
      var title = document.createElement("strong");
      title.textContent = text(el, "progress") + ": ";
      el.appendChild(title);
    }
    var order = ["know", "unsure", "dontknow", "new"];
    for (var i = 0; i < order.length; i++) {
      if (i) el.appendChild(document.createTextNode(" · "));
      var span = document.createElement("span");
      span.className = "pm-count pm-" + order[i];
      span.setAttribute("data-count", order[i]);
      span.textContent = text(el, order[i]) + ": " + c[order[i]];
      el.appendChild(span);
    }
    var url = el.getAttribute("data-study-url");
    if (url && !document.body.classList.contains("page-study")) {
      el.appendChild(document.createTextNode(" · "));
      var a = document.createElement("a");
      a.href = url;
      a.textContent = text(el, "continue");
      el.appendChild(a);
    }
    el.hidden = false;
  }

  // Marks on level (and tag) pages: one badge per listed question that has a mark.
  function markItems(progress, container) {
    var items = document.querySelectorAll(".question-item[data-qid]");
    var ids = [];
    for (var i = 0; i < items.length; i++) {
      var id = items[i].getAttribute("data-qid");
      ids.push(id);
      var old = items[i].querySelector(".progress-mark");
      if (old) old.parentNode.removeChild(old);
      var card = progress.cards[id];
      var title = items[i].querySelector(".question-title");
      if (card && title && container) {
        title.appendChild(document.createTextNode(" "));
        title.appendChild(badge(container, card.m));
      }
    }
    return ids;
  }

  // Home page: what is marked in each level (by the level a card was marked in).
  function markLevelCards(progress, container) {
    var cards = document.querySelectorAll(".level-card[data-level] a");
    if (!cards.length || !container) return;
    var byLevel = {};
    var ids = Object.keys(progress.cards);
    for (var i = 0; i < ids.length; i++) {
      var card = progress.cards[ids[i]];
      var c = byLevel[card.l] || (byLevel[card.l] = { know: 0, unsure: 0, dontknow: 0 });
      c[card.m] += 1;
    }
    for (var k = 0; k < cards.length; k++) {
      var old = cards[k].querySelector(".level-card-progress");
      if (old) old.parentNode.removeChild(old);
      var counts = byLevel[cards[k].parentNode.getAttribute("data-level")];
      if (!counts) continue;
      var line = document.createElement("span");
      line.className = "level-card-progress";
      var parts = ["know", "unsure", "dontknow"];
      for (var p = 0; p < parts.length; p++) {
        if (!counts[parts[p]]) continue;
        if (line.firstChild) line.appendChild(document.createTextNode(" · "));
        var span = document.createElement("span");
        span.className = "pm-count pm-" + parts[p];
        span.textContent = text(container, parts[p]) + ": " + counts[parts[p]];
        line.appendChild(span);
      }
      cards[k].appendChild(line);
    }
  }

  function refresh() {
    var progress = load();
    markLevelCards(progress, document.getElementById("progress-summary"));
    var summary = document.getElementById("progress-summary");
    var ids = document.body.classList.contains("page-level") ? markItems(progress, summary) : null;
    if (summary) {
      var total = Number(summary.getAttribute("data-total")) || 0;
      renderSummary(summary, counts(progress, ids, total));
    }
    var line = document.getElementById("progress-mark");
    var article = document.querySelector("article.question[data-qid]");
    if (line && article) {
      var card = progress.cards[article.getAttribute("data-qid")];
      line.textContent = "";
      if (card) {
        line.appendChild(document.createTextNode(text(line, "marked") + ": "));
        line.appendChild(badge(line, card.m));
      }
      line.hidden = !card;
    }
  }

  window.qbookProgress = {
    KEY: KEY,
    MARKS: MARKS,
    load: load,
    save: save,
    clear: clear,
    mark: mark,
    counts: counts,
    exportData: exportData,
    importData: importData,
    refresh: refresh
  };
  window.addEventListener("storage", function (e) {
    if (e.key === KEY || e.key === null) refresh();
  });
  refresh();
})();
