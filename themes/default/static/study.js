// qbook study mode: one question at a time as a card, marked know / unsure / don't know;
// the next card comes from store.js's schedule (due cards first, most overdue first;
// then new cards in book order; then the card due soonest). Filters live in the URL
// (?level=&section=&tag=&only=), progress in localStorage (store.js). Data comes from
// study/data.js (window.__qbookStudy, see src/render/study.rs); answers are loaded per
// chunk from study/answers/<k>.js on reveal. Works from file:// (no fetch).
// Keys: Space reveals, 1/2/3 mark, ←/→ move between cards.
(function () {
  "use strict";
  const qbook = window.qbook, $ = qbook.byId;
  const data = window.__qbookStudy; // written by study/data.js (src/render/study.rs)
  const P = qbook.progress;
  const app = document.getElementById("study");
  if (!data || !P || !app) return;

  const Q = data.q; // [id, number, level, section, [tags], has answer, title HTML, [follow-ups HTML]]
  let progress = P.load();
  let filters = readFilters();
  let trail = []; // indexes of the cards shown, for ←/→
  let pos = -1;
  let revealed = false;
  const answerLoads = {}; // chunk -> the promise of its script

  function t(key) {
    return qbook.t(app, key);
  }

  function readFilters() {
    const p = new URLSearchParams(window.location.search);
    return { level: p.get("level") || "", section: p.get("section") || "", tag: p.get("tag") || "", only: p.get("only") || "" };
  }

  // Puts the filters into the form and their description into the (collapsible) summary.
  function showFilters() {
    const names = ["level", "section", "tag", "only"];
    const desc = [];
    for (let i = 0; i < names.length; i++) {
      const select = $("f-" + names[i]);
      if (!select) continue;
      select.value = filters[names[i]];
      if (select.value !== filters[names[i]]) select.value = "";
      if (select.value) desc.push(select.options[select.selectedIndex].text);
    }
    $("study-filters-desc").textContent = desc.length ? ": " + desc.join(" · ") : "";
  }

  function sectionKey(q) {
    const level = data.levels[q[2]];
    return level.slug + "/" + level.sections[q[3]].slug;
  }

  function matches(i) {
    const q = Q[i];
    if (filters.level && data.levels[q[2]].slug !== filters.level) return false;
    if (filters.section && sectionKey(q) !== filters.section) return false;
    if (filters.tag) {
      const tag = data.tags.indexOf(filters.tag);
      if (tag < 0 || q[4].indexOf(tag) < 0) return false;
    }
    const card = progress.cards[q[0]];
    if (filters.only === "new") return !card;
    if (filters.only === "unsure") return !!card && card.m === "unsure";
    if (filters.only === "weak") return !!card && card.m !== "know";
    return true;
  }

  function pool() {
    const out = [];
    for (let i = 0; i < Q.length; i++) if (matches(i)) out.push(i);
    return out;
  }

  // The next card by the schedule, other than `current` when there is another.
  function pickNext(current) {
    const list = pool();
    let due = -1, dueAt = Infinity, fresh = -1, soon = -1, soonAt = Infinity;
    for (let k = 0; k < list.length; k++) {
      const i = list[k];
      if (i === current && list.length > 1) continue;
      const card = progress.cards[Q[i][0]];
      if (!card) {
        if (fresh < 0) fresh = i;
        continue;
      }
      if (card.due <= progress.step && card.due < dueAt) {
        due = i;
        dueAt = card.due;
      }
      if (card.due < soonAt) {
        soon = i;
        soonAt = card.due;
      }
    }
    if (due >= 0) return due;
    if (fresh >= 0) return fresh;
    return soon;
  }

  function plain(htmlText) {
    const div = document.createElement("div");
    div.innerHTML = htmlText;
    return div.textContent;
  }

  function announce(message) {
    $("study-live").textContent = message;
  }

  function showCounts() {
    const list = pool();
    const ids = [];
    for (let k = 0; k < list.length; k++) ids.push(Q[list[k]][0]);
    const c = P.counts(progress, ids, ids.length);
    $("study-counts").textContent = t("in-selection") + ": " + ids.length + " " + t("of") + " " + Q.length +
      " · " + t("know") + ": " + c.know + " · " + t("unsure") + ": " + c.unsure + " · " + t("dontknow") + ": " +
      c.dontknow + " · " + t("new") + ": " + c["new"];
  }

  function current() {
    return pos >= 0 ? trail[pos] : -1;
  }

  function renderMeta(i) {
    const q = Q[i];
    const level = data.levels[q[2]];
    const meta = $("card-meta");
    meta.textContent = "";
    const num = document.createElement("span");
    num.className = "card-number";
    num.textContent = "№ " + q[1];
    meta.appendChild(num);
    meta.appendChild(document.createTextNode(" · " + level.short + " · " + level.sections[q[3]].title + " "));
    const card = progress.cards[q[0]];
    const m = card ? card.m : "new";
    const badge = document.createElement("span");
    badge.className = "progress-mark pm-" + m;
    badge.textContent = t(m);
    meta.appendChild(badge);
    const buttons = app.querySelectorAll("[data-mark]");
    for (let b = 0; b < buttons.length; b++) {
      buttons[b].setAttribute("aria-pressed", card && card.m === buttons[b].getAttribute("data-mark") ? "true" : "false");
    }
  }

  function show(i, prefix) {
    const cardEl = $("card");
    const empty = $("study-empty");
    showCounts();
    if (i < 0) {
      cardEl.hidden = true;
      empty.hidden = false;
      announce(empty.textContent);
      return;
    }
    empty.hidden = true;
    cardEl.hidden = false;
    const q = Q[i];
    cardEl.setAttribute("data-qid", q[0]);
    renderMeta(i);
    $("card-title").innerHTML = q[6];
    const list = $("card-follow-ups");
    list.textContent = "";
    for (let f = 0; f < q[7].length; f++) {
      const li = document.createElement("li");
      li.innerHTML = q[7][f];
      list.appendChild(li);
    }
    list.hidden = q[7].length === 0;
    $("card-answer").textContent = "";
    $("card-link").href = qbook.questionHref("../", q[0]);
    setRevealed(false);
    $("card-prev").disabled = pos <= 0;
    cardEl.classList.remove("card-enter");
    void cardEl.offsetWidth; // restart the (motion-safe) entry animation
    cardEl.classList.add("card-enter");
    announce((prefix || "") + t("card") + " " + q[1] + ": " + plain(q[6]));
  }

  function setRevealed(on) {
    revealed = on;
    $("card-back").hidden = !on;
    $("card-reveal").setAttribute("aria-expanded", on ? "true" : "false");
    $("card-reveal-label").textContent = on ? t("hide") : t("reveal");
    if (on) showAnswer(current());
  }

  function showAnswer(i) {
    if (i < 0) return;
    const q = Q[i];
    const box = $("card-answer");
    if (!q[5]) {
      box.innerHTML = q[7].length ? "" : "<p class=\"muted\"></p>";
      if (box.firstChild) box.firstChild.textContent = t("no-answer");
      return;
    }
    const k = Math.floor(i / data.chunk);
    const chunks = window.__qbookAnswers || {}; // filled by study/answers/<k>.js (src/render/study.rs)
    if (chunks[k]) {
      box.innerHTML = chunks[k][q[0]] || "";
      return;
    }
    if (answerLoads[k]) return;
    answerLoads[k] = qbook.loadScript("answers/" + k + ".js").then(function () {
      if (revealed && current() >= 0 && Math.floor(current() / data.chunk) === k) showAnswer(current());
    }, function () {
      delete answerLoads[k];
    });
  }

  function go(i, prefix) {
    trail = trail.slice(0, pos + 1);
    if (i >= 0) {
      trail.push(i);
      pos = trail.length - 1;
    }
    show(i, prefix);
  }

  function mark(m) {
    const i = current();
    if (i < 0) return;
    const q = Q[i];
    progress = P.load(); // another tab may have marked cards meanwhile
    P.mark(progress, q[0], m, data.levels[q[2]].slug);
    P.save(progress);
    go(pickNext(i), t("marked") + ": " + t(m) + ". ");
  }

  function next() {
    if (pos < trail.length - 1) {
      pos += 1;
      show(trail[pos]);
    } else if (current() >= 0) {
      go(pickNext(current()));
    }
  }

  function prev() {
    if (pos > 0) {
      pos -= 1;
      show(trail[pos]);
    }
  }

  function restart() {
    trail = [];
    pos = -1;
    go(pickNext(-1));
  }

  function applyFilters(event) {
    event.preventDefault();
    const form = $("study-filters");
    const params = new URLSearchParams();
    const names = ["level", "section", "tag", "only"];
    for (let i = 0; i < names.length; i++) {
      const field = form.elements[names[i]];
      if (field && field.value) params.set(names[i], field.value);
    }
    const query = params.toString();
    qbook.replaceUrl(query ? "?" + query : window.location.pathname);
    filters = { level: params.get("level") || "", section: params.get("section") || "", tag: params.get("tag") || "", only: params.get("only") || "" };
    showFilters();
    restart();
  }

  function onKey(e) {
    if (e.altKey || e.ctrlKey || e.metaKey || qbook.isTyping(e.target) || $("card").hidden) return;
    const tag = e.target && e.target.tagName;
    if (e.key === " " || e.key === "Spacebar") {
      if (tag === "BUTTON" || tag === "A" || tag === "SUMMARY") return; // their own Space
      e.preventDefault();
      setRevealed(!revealed);
    } else if (e.key === "1" || e.key === "2" || e.key === "3") {
      e.preventDefault();
      mark(P.MARKS[Number(e.key) - 1]);
    } else if (e.key === "ArrowRight") {
      e.preventDefault();
      next();
    } else if (e.key === "ArrowLeft") {
      e.preventDefault();
      prev();
    }
  }

  // ── export, import, reset ──

  function message(text) {
    $("progress-message").textContent = text;
  }

  function exportProgress() {
    const json = JSON.stringify(P.exportData(P.load()), null, 2);
    const blob = new Blob([json], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    const slug = P.KEY.replace(/^qbook:/, "").replace(/[^a-z0-9]+/gi, "-").replace(/^-+|-+$/g, "").slice(0, 60);
    a.href = url;
    a.download = "qbook-progress-" + (slug || "book") + "-" + new Date().toISOString().slice(0, 10) + ".json";
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    message(t("exported"));
  }

  function importProgress() {
    const input = $("progress-import");
    const file = input.files && input.files[0];
    if (!file) return;
    const reader = new FileReader();
    reader.onload = function () {
      let imported = null;
      try {
        imported = P.importData(JSON.parse(String(reader.result)));
      } catch (e) {
        imported = null;
      }
      input.value = "";
      if (!imported) {
        message(t("import-failed"));
        return;
      }
      P.save(imported);
      progress = P.load();
      message(t("imported") + ": " + Object.keys(progress.cards).length + ".");
      restart();
    };
    reader.readAsText(file);
  }

  function askReset(open) {
    $("progress-confirm").hidden = !open;
    $("progress-reset").setAttribute("aria-expanded", open ? "true" : "false");
    if (open) $("progress-reset-yes").focus();
  }

  function reset() {
    P.clear();
    progress = P.load();
    askReset(false);
    $("progress-reset").focus();
    message(t("was-reset"));
    restart();
  }

  // ── wiring ──

  $("study-filters").addEventListener("submit", applyFilters);
  $("card-reveal").addEventListener("click", function () { setRevealed(!revealed); });
  const marks = app.querySelectorAll("[data-mark]");
  for (let i = 0; i < marks.length; i++) {
    marks[i].addEventListener("click", function (e) { mark(e.currentTarget.getAttribute("data-mark")); });
  }
  $("card-next").addEventListener("click", next);
  $("card-prev").addEventListener("click", prev);
  document.addEventListener("keydown", onKey);
  $("progress-export").addEventListener("click", exportProgress);
  $("progress-import").addEventListener("change", importProgress);
  $("progress-reset").addEventListener("click", function () { askReset($("progress-confirm").hidden); });
  $("progress-reset-yes").addEventListener("click", reset);
  $("progress-reset-no").addEventListener("click", function () {
    askReset(false);
    $("progress-reset").focus();
  });
  // Filters stay open on wide screens; on a phone the card comes first.
  if (window.matchMedia && window.matchMedia("(min-width: 48rem)").matches) $("study-filters-box").open = true;
  showFilters();
  restart();
})();
