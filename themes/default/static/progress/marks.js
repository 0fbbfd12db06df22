// Shows the study progress (store.js) on the pages, once something is marked: counts on the
// home page and in each level card, counts and a mark on each question of a level page, the
// mark on a question page; and again whenever it changes, here or in another tab.
(function () {
  "use strict";
  const qbook = window.qbook, P = qbook.progress, t = qbook.t;
  const ORDER = ["know", "unsure", "dontknow", "new"];

  function badge(container, m) {
    const span = document.createElement("span");
    span.className = "progress-mark pm-" + m;
    span.textContent = t(container, m);
    return span;
  }

  function renderSummary(el, c) {
    const onStudyPage = document.body.classList.contains("page-study");
    el.textContent = "";
    if (c.know + c.unsure + c.dontknow === 0) { // before the first mark there is nothing to show
      el.hidden = true;
      return;
    }
    if (!onStudyPage) { // the study page has a heading for it
      const title = document.createElement("strong");
      title.textContent = t(el, "progress") + ": ";
      el.appendChild(title);
    }
    ORDER.forEach(function (m, i) {
      if (i) el.appendChild(document.createTextNode(" · "));
      const span = document.createElement("span");
      span.className = "pm-count pm-" + m;
      span.setAttribute("data-count", m);
      span.textContent = t(el, m) + ": " + c[m];
      el.appendChild(span);
    });
    const url = el.getAttribute("data-study-url");
    if (url && !onStudyPage) {
      el.appendChild(document.createTextNode(" · "));
      const a = document.createElement("a");
      a.href = url;
      a.textContent = t(el, "continue");
      el.appendChild(a);
    }
    el.hidden = false;
  }

  // Marks on level (and tag) pages: one badge per listed question that has a mark.
  function markItems(progress, container) {
    const ids = [];
    for (const item of document.querySelectorAll(".question-item[data-qid]")) {
      const id = item.getAttribute("data-qid");
      ids.push(id);
      const old = item.querySelector(".progress-mark");
      if (old) old.parentNode.removeChild(old);
      const card = progress.cards[id];
      const title = item.querySelector(".question-title");
      if (card && title && container) {
        title.appendChild(document.createTextNode(" "));
        title.appendChild(badge(container, card.m));
      }
    }
    return ids;
  }

  // Home page: what is marked in each level (by the level a card was marked in).
  function markLevelCards(progress, container) {
    const cards = document.querySelectorAll(".level-card[data-level] a");
    if (!cards.length || !container) return;
    const byLevel = {};
    for (const id of Object.keys(progress.cards)) {
      const card = progress.cards[id];
      const c = byLevel[card.l] || (byLevel[card.l] = { know: 0, unsure: 0, dontknow: 0 });
      c[card.m] += 1;
    }
    for (const link of cards) {
      const old = link.querySelector(".level-card-progress");
      if (old) old.parentNode.removeChild(old);
      const counts = byLevel[link.parentNode.getAttribute("data-level")];
      if (!counts) continue;
      const line = document.createElement("span");
      line.className = "level-card-progress";
      for (const m of ["know", "unsure", "dontknow"]) {
        if (!counts[m]) continue;
        if (line.firstChild) line.appendChild(document.createTextNode(" · "));
        const span = document.createElement("span");
        span.className = "pm-count pm-" + m;
        span.textContent = t(container, m) + ": " + counts[m];
        line.appendChild(span);
      }
      link.appendChild(line);
    }
  }

  // The question page's line "marked: <mark>".
  function markQuestion(progress) {
    const line = document.getElementById("progress-mark");
    const article = document.querySelector("article.question[data-qid]");
    if (!line || !article) return;
    const card = progress.cards[article.getAttribute("data-qid")];
    line.textContent = "";
    if (card) {
      line.appendChild(document.createTextNode(t(line, "marked") + ": "));
      line.appendChild(badge(line, card.m));
    }
    line.hidden = !card;
  }

  function refresh() {
    const progress = P.load();
    const summary = document.getElementById("progress-summary");
    markLevelCards(progress, summary);
    const ids = document.body.classList.contains("page-level") ? markItems(progress, summary) : null;
    if (summary) {
      const total = Number(summary.getAttribute("data-total")) || 0;
      renderSummary(summary, P.counts(progress, ids, total));
    }
    markQuestion(progress);
  }

  P.refresh = refresh;
  window.addEventListener("storage", function (e) {
    if (e.key === P.KEY || e.key === null) refresh();
  });
  refresh();
})();
