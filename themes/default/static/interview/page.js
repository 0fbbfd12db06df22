// The interview page: reads the set's settings from the URL (?seed=&n=&levels=a,b&sections=
// level/section,…), so a link, a reload or a fresh browser shows the same set; draws it with
// sample.js from study/data.js and shows it with print links. The form submits natively
// (GET) and this script writes the URL back in that canonical form. The set is numbered 1…N
// (the book's number stays in data-number); the link has a copy button.
(function () {
  "use strict";
  const qbook = window.qbook, $ = qbook.byId;
  const data = window.__qbookStudy; // written by study/data.js (src/render/study.rs)
  const app = document.getElementById("interview");
  if (!data || !app) return;
  const form = document.getElementById("set-form");

  function t(key) {
    return qbook.t(app, key);
  }

  /** Values of a list parameter, given either as repeated keys or comma-separated. */
  function listParam(params, name) {
    const out = [];
    const all = params.getAll(name);
    for (let i = 0; i < all.length; i++) {
      const parts = all[i].split(",");
      for (let j = 0; j < parts.length; j++) {
        const v = parts[j].trim();
        if (v && out.indexOf(v) < 0) out.push(v);
      }
    }
    return out;
  }

  function randomSeed() {
    const digits = "0123456789abcdefghijklmnopqrstuvwxyz";
    const bytes = new Uint8Array(6);
    if (window.crypto && window.crypto.getRandomValues) window.crypto.getRandomValues(bytes);
    else for (let b = 0; b < 6; b++) bytes[b] = Math.floor(Math.random() * 256);
    let out = "";
    for (let i = 0; i < 6; i++) out += digits[bytes[i] % 36];
    return out;
  }

  function readState() {
    const params = new URLSearchParams(window.location.search);
    let n = parseInt(params.get("n") || "10", 10);
    if (!(n > 0)) n = 10;
    return {
      seed: (params.get("seed") || "").trim() || randomSeed(),
      n: Math.min(n, data.q.length),
      levels: listParam(params, "levels"),
      sections: listParam(params, "sections")
    };
  }

  function query(state) {
    const parts = ["seed=" + encodeURIComponent(state.seed), "n=" + state.n];
    if (state.levels.length) parts.push("levels=" + state.levels.map(encodeURIComponent).join(","));
    if (state.sections.length) parts.push("sections=" + state.sections.map(encodeURIComponent).join(","));
    return "?" + parts.join("&");
  }

  function fillForm(state) {
    $("set-seed").value = state.seed;
    $("set-n").value = String(state.n);
    const boxes = form.querySelectorAll("input[type=checkbox]");
    for (let i = 0; i < boxes.length; i++) {
      const list = boxes[i].name === "levels" ? state.levels : state.sections;
      boxes[i].checked = list.indexOf(boxes[i].value) >= 0;
    }
    if (state.sections.length) $("set-sections").open = true;
    syncSections();
  }

  /** The names of the checked boxes called `name`. */
  function checked(name) {
    const out = [];
    const boxes = form.querySelectorAll("input[name=" + name + "]");
    for (let i = 0; i < boxes.length; i++) if (boxes[i].checked) out.push(boxes[i].value);
    return out;
  }

  // Sections of levels that are not chosen cannot be chosen either (the filters intersect).
  // The "none checked: all …" hints show only while none is checked.
  function syncSections() {
    const chosen = checked("levels");
    $("levels-hint").hidden = chosen.length > 0;
    $("sections-hint").hidden = checked("sections").length > 0;
    const groups = form.querySelectorAll(".set-section-group");
    for (let g = 0; g < groups.length; g++) {
      groups[g].disabled = chosen.length > 0 && chosen.indexOf(groups[g].getAttribute("data-level")) < 0;
    }
  }

  function renderSet(state, ids) {
    const index = {};
    for (let i = 0; i < data.q.length; i++) index[data.q[i][0]] = i;
    const list = $("set-list");
    list.textContent = "";
    const sections = {};
    for (let k = 0; k < ids.length; k++) {
      const q = data.q[index[ids[k]]];
      const level = data.levels[q[2]];
      sections[q[2] + "/" + q[3]] = true;
      const li = document.createElement("li");
      li.className = "question-item";
      li.value = k + 1;
      li.setAttribute("data-qid", q[0]);
      li.setAttribute("data-number", String(q[1]));
      const title = document.createElement("p");
      title.className = "question-title";
      const a = document.createElement("a");
      a.href = qbook.questionHref("../", q[0]);
      a.innerHTML = q[6];
      title.appendChild(a);
      li.appendChild(title);
      const where = document.createElement("p");
      where.className = "set-where muted";
      where.textContent = level.short + " · " + level.sections[q[3]].title;
      li.appendChild(where);
      if (q[7].length) {
        const ul = document.createElement("ul");
        ul.className = "follow-ups";
        for (let f = 0; f < q[7].length; f++) {
          const fu = document.createElement("li");
          fu.innerHTML = q[7][f];
          ul.appendChild(fu);
        }
        li.appendChild(ul);
      }
      list.appendChild(li);
    }
    const sectionCount = Object.keys(sections).length;
    $("set-summary").textContent = ids.length + " " + t("questions") + " · " + sectionCount + " " + t("sections") +
      " · " + t("seed") + ": " + state.seed;
    const printQuery = "?ids=" + ids.map(encodeURIComponent).join(",") + "&seed=" + encodeURIComponent(state.seed);
    const links = [$("set-print"), $("set-print-interviewer")];
    for (let l = 0; l < links.length; l++) {
      links[l].href = links[l].getAttribute("href").replace(/\?.*$/, "") + printQuery;
    }
    $("set").hidden = ids.length === 0;
    $("set-empty").hidden = ids.length > 0;
    $("set-live").textContent = ids.length ? t("drawn") + ": " + $("set-summary").textContent : $("set-empty").textContent;
  }

  function start() {
    const state = readState();
    const canonical = query(state);
    if (window.location.search !== canonical) {
      qbook.replaceUrl(canonical);
    }
    fillForm(state);
    $("set-url").value = window.location.href.split("#")[0].replace(/\?.*$/, "") + canonical;
    renderSet(state, qbook.sample.drawSet(data, state.seed, state.n, state));
  }

  // Copies the set's link: the Clipboard API where the page may use it (https, localhost,
  // file:), else the selected field and execCommand (plain http); says so either way.
  function copyLink() {
    const input = $("set-url");
    const say = function (ok) {
      const note = $("set-copied");
      note.textContent = ok ? t("copied") : t("copy-failed");
      window.clearTimeout(copyLink.timer);
      if (ok) copyLink.timer = window.setTimeout(function () { note.textContent = ""; }, 6000);
    };
    const bySelection = function () {
      input.focus();
      input.select();
      try {
        return document.execCommand("copy");
      } catch (e) {
        return false;
      }
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(function () { say(true); }, function () { say(bySelection()); });
    } else {
      say(bySelection());
    }
  }

  form.addEventListener("change", function (e) {
    if (e.target && (e.target.name === "levels" || e.target.name === "sections")) syncSections();
  });
  $("set-copy").addEventListener("click", copyLink);
  $("set-new-seed").addEventListener("click", function () {
    $("set-seed").value = "";
    form.submit();
  });
  $("set-url").addEventListener("focus", function (e) { e.target.select(); });
  start();
})();
