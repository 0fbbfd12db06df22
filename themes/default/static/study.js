// qbook study mode: one question at a time as a card, marked know / unsure / don't know;
// the next card comes from store.js's schedule (due cards first, most overdue first;
// then new cards in book order; then the card due soonest). Filters live in the URL
// (?level=&section=&tag=&only=), progress in localStorage (store.js). Data comes from
// study/data.js (window.__qbookStudy, see src/render/study.rs); answers are loaded per
// chunk from study/answers/<k>.js on reveal. Works from file:// (no fetch).
// Keys, whatever has focus (but a text field, or a control reached with Tab, which keeps
// Space and Enter): Space and Enter reveal (and hide) the card,
// 1/2/3 mark it once revealed, ←/→ move between cards. A mark is never made on a card not
// revealed: the mark buttons show only on a revealed card, and after a mark, or a click on
// any of the card's buttons, the focus goes to the card, so that the next Space reveals the
// next card instead of pressing a button that is no longer the one the reader saw.
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
  // Cards passed over with → (not marked) since the selection was made: the schedule offers
  // them again only once nothing else is left, so that → goes on through the book instead
  // of back to the first new card.
  let skipped = {};
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
    $("study-filters-desc").textContent = ": " + (desc.length ? desc.join(" · ") : t("filters-none"));
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

  // The next card by the schedule, other than `current` when there is another, and other
  // than a skipped one while there are others (then the skipped ones come round again).
  function pickNext(current) {
    const list = pool();
    let others = 0;
    for (let k = 0; k < list.length; k++) if (list[k] !== current && !skipped[list[k]]) others += 1;
    if (others === 0) skipped = {};
    let due = -1, dueAt = Infinity, fresh = -1, soon = -1, soonAt = Infinity;
    for (let k = 0; k < list.length; k++) {
      const i = list[k];
      if (i === current && list.length > 1) continue;
      if (skipped[i]) continue;
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
    let text = t("in-selection") + ": " + ids.length + " " + t("of") + " " + Q.length;
    if (c.know + c.unsure + c.dontknow > 0) { // nothing to count before the first mark
      text += " · " + t("know") + ": " + c.know + " · " + t("unsure") + ": " + c.unsure + " · " + t("dontknow") + ": " +
        c.dontknow + " · " + t("new") + ": " + c["new"];
    }
    $("study-counts").textContent = text;
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
    const hadFocus = cardEl.contains(document.activeElement);
    setRevealed(false);
    $("card-prev").disabled = pos <= 0;
    // A focused button that the new card hides (a mark) would leave the focus nowhere.
    if (hadFocus && (document.activeElement === document.body || document.activeElement.closest("[hidden]"))) focusCard();
    cardEl.classList.remove("card-enter");
    void cardEl.offsetWidth; // restart the (motion-safe) entry animation
    cardEl.classList.add("card-enter");
    announce((prefix || "") + t("card") + " " + q[1] + ": " + plain(q[6]));
  }

  // What the reveal button shows: follow-ups and answer, or only what the card has.
  function revealLabel(i, on) {
    const q = i >= 0 ? Q[i] : null;
    const verb = on ? "hide" : "reveal";
    if (!q || (q[5] && q[7].length)) return t(verb);
    return t(verb + (q[5] ? "-answer" : "-follow-ups"));
  }

  function setRevealed(on) {
    revealed = on;
    $("card-back").hidden = !on;
    $("card-marks").hidden = !on;
    $("card").classList.toggle("is-revealed", on);
    $("card-reveal").setAttribute("aria-expanded", on ? "true" : "false");
    $("card-reveal-label").textContent = revealLabel(current(), on);
    if (on) showAnswer(current());
  }

  // The reader's reveal (button, Space, Enter): brings what it shows into view.
  function toggleReveal() {
    setRevealed(!revealed);
    if (revealed) bringRevealIntoView();
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

  // Focus on the card itself: Space and Enter then act on it, not on a button.
  function focusCard() {
    $("card").focus({ preventScroll: true });
  }

  // The bottom of the header where it stays on top (a phone), else 0.
  function headerBottom() {
    const header = document.getElementById("site-header");
    return header && getComputedStyle(header).position === "sticky" ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  }

  // Scrolls so that the card's title is on screen, below the header that stays on top.
  function bringCardIntoView() {
    const cardEl = $("card");
    if (cardEl.hidden) return;
    const top = cardEl.getBoundingClientRect().top;
    const title = $("card-title").getBoundingClientRect();
    const room = window.innerHeight - $("card-actions").getBoundingClientRect().height;
    if (top < headerBottom() || title.bottom > room) window.scrollBy(0, top - headerBottom() - 8);
  }

  // After a reveal, what it showed must not lie under the buttons that stay at the bottom (a
  // phone held sideways: 390 px): the card comes up, its title first, or the revealed part
  // when the title alone fills the screen.
  function bringRevealIntoView() {
    const back = $("card-back").getBoundingClientRect();
    const bar = $("card-actions").getBoundingClientRect().top;
    if (back.top < bar - 48) return; // some of it shows already
    const top = headerBottom() + 8;
    const card = $("card").getBoundingClientRect().top;
    const byCard = card - top;
    window.scrollBy(0, back.top - byCard < bar - 96 ? byCard : back.top - top - 48);
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
    delete skipped[i]; // marked: the schedule decides when it comes back
    go(pickNext(i), t("marked") + ": " + t(m) + ". ");
    focusCard();
    bringCardIntoView();
  }

  function next() {
    if (pos < trail.length - 1) {
      pos += 1;
      show(trail[pos]);
    } else if (current() >= 0) {
      skipped[current()] = true;
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
    skipped = {};
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

  // Space and Enter keep their own meaning on a control reached with Tab (links, the
  // filters, the progress buttons, a card button). One last pressed with a mouse or a finger
  // (the theme button, "Какие карточки", "Сохранить в файл"…) keeps the focus but not the
  // keys: the reader is looking at the card, and the keys act on it.
  const CONTROLS = "a[href], button, summary, label, [role=button], [contenteditable]";
  let pointed = null;
  document.addEventListener("pointerdown", function (e) {
    pointed = e.target && e.target.closest ? e.target.closest(CONTROLS) : null;
  }, true);
  document.addEventListener("keydown", function (e) {
    if (e.key === "Tab") pointed = null;
  }, true);

  function ownsEnterAndSpace(el) {
    if (!el || el.nodeType !== 1 || !el.matches(CONTROLS)) return false;
    if (el !== pointed) return true;
    focusCard(); // the key's release then presses nothing
    return false;
  }

  function onKey(e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented || qbook.isTyping(e.target) || $("card").hidden) return;
    if (e.key === " " || e.key === "Spacebar" || e.key === "Enter") {
      if (ownsEnterAndSpace(e.target)) return;
      e.preventDefault();
      toggleReveal();
    } else if (e.key === "1" || e.key === "2" || e.key === "3") {
      e.preventDefault();
      if (revealed) mark(P.MARKS[Number(e.key) - 1]);
      else announce(t("reveal-first"));
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

  $("study-filters").addEventListener("submit", function (e) {
    applyFilters(e);
    $("study-filters-box").open = false; // chosen: the summary says what
    focusCard();
  });
  $("card-reveal").addEventListener("click", function () { toggleReveal(); });
  const marks = app.querySelectorAll("[data-mark]");
  for (let i = 0; i < marks.length; i++) {
    marks[i].addEventListener("click", function (e) { mark(e.currentTarget.getAttribute("data-mark")); });
  }
  $("card-next").addEventListener("click", next);
  $("card-prev").addEventListener("click", prev);
  // A click with the mouse (or a tap) leaves no focus on the card's buttons: the keys then
  // act on the card in view. Keyboard presses (detail 0) keep the focus where it is.
  $("card").addEventListener("click", function (e) {
    if (e.detail > 0 && e.target.closest("button")) focusCard();
  });
  document.addEventListener("keydown", onKey);
  $("progress-export").addEventListener("click", exportProgress);
  $("progress-import").addEventListener("change", importProgress);
  $("progress-reset").addEventListener("click", function () { askReset($("progress-confirm").hidden); });
  $("progress-reset-yes").addEventListener("click", reset);
  $("progress-reset-no").addEventListener("click", function () {
    askReset(false);
    $("progress-reset").focus();
  });
  showFilters(); // folded: the summary says what is chosen, the card comes first
  restart();
})();
