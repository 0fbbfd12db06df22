// qbook interview sets: draws a set of questions from study/data.js with a seed, the way
// `qbook pdf --sample N --seed S` does (src/sample.rs documents the algorithm; keep the two
// in step: FNV-1a of the seed's UTF-8 bytes -> mulberry32; shuffle each section, then the
// sections; take round-robin over sections; return in book order).
// The URL holds everything (?seed=&n=&levels=a,b&sections=level/section,…), so a link, a
// reload or a fresh browser shows the same set. The form submits natively (GET) and this
// script writes the URL back in that canonical form.
(function () {
  "use strict";

  // ── the sampler (mirrors src/sample.rs) ──

  function utf8(text) {
    if (typeof TextEncoder !== "undefined") return new TextEncoder().encode(text);
    var bytes = [];
    var s = unescape(encodeURIComponent(text));
    for (var i = 0; i < s.length; i++) bytes.push(s.charCodeAt(i));
    return bytes;
  }

  /** 32-bit FNV-1a of the seed string's UTF-8 bytes. */
  function seedHash(seed) {
    var bytes = utf8(String(seed));
    var hash = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      hash ^= bytes[i];
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash >>> 0;
  }

  /** mulberry32 on a u32 state; `next()` gives 32 random bits as an unsigned number. */
  function Mulberry32(state) {
    this.state = state >>> 0;
  }
  Mulberry32.fromSeed = function (seed) {
    return new Mulberry32(seedHash(seed));
  };
  Mulberry32.prototype.next = function () {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    var t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  /** A number in 0..n-1: (next * n) >> 32, exact while n < 2^21. */
  Mulberry32.prototype.below = function (n) {
    return Math.floor((this.next() * n) / 4294967296);
  };
  Mulberry32.prototype.shuffle = function (items) {
    for (var i = items.length - 1; i > 0; i--) {
      var j = this.below(i + 1);
      var tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
  };

  /**
   * Up to `n` ids of `data` (window.__qbookStudy) for `seed`, from the questions whose level
   * is in filter.levels and whose "level/section" is in filter.sections (empty: all), in
   * book order.
   */
  function drawSet(data, seed, n, filter) {
    var levels = filter && filter.levels && filter.levels.length ? filter.levels : null;
    var sections = filter && filter.sections && filter.sections.length ? filter.sections : null;
    var groups = [];
    var group = null;
    var groupKey = "";
    for (var i = 0; i < data.q.length; i++) {
      var q = data.q[i];
      var level = data.levels[q[2]];
      var key = level.slug + "/" + level.sections[q[3]].slug;
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
    var rng = Mulberry32.fromSeed(seed);
    for (var g = 0; g < groups.length; g++) rng.shuffle(groups[g]);
    rng.shuffle(groups);
    var set = [];
    for (var round = 0; set.length < n; round++) {
      var before = set.length;
      for (var k = 0; k < groups.length && set.length < n; k++) {
        if (round < groups[k].length) set.push(groups[k][round]);
      }
      if (set.length === before) break;
    }
    set.sort(function (a, b) { return a[0] - b[0]; });
    return set.map(function (item) { return item[1]; });
  }

  window.qbookSample = { seedHash: seedHash, Mulberry32: Mulberry32, drawSet: drawSet };

  // ── the page ──

  var data = window.__qbookStudy;
  var app = typeof document !== "undefined" && document.getElementById("interview");
  if (!data || !app) return;
  var form = document.getElementById("set-form");

  function $(id) {
    return document.getElementById(id);
  }

  function t(key) {
    return app.getAttribute("data-t-" + key) || key;
  }

  /** Values of a list parameter, given either as repeated keys or comma-separated. */
  function listParam(params, name) {
    var out = [];
    var all = params.getAll(name);
    for (var i = 0; i < all.length; i++) {
      var parts = all[i].split(",");
      for (var j = 0; j < parts.length; j++) {
        var v = parts[j].trim();
        if (v && out.indexOf(v) < 0) out.push(v);
      }
    }
    return out;
  }

  function randomSeed() {
    var digits = "0123456789abcdefghijklmnopqrstuvwxyz";
    var bytes = new Uint8Array(6);
    if (window.crypto && window.crypto.getRandomValues) window.crypto.getRandomValues(bytes);
    else for (var b = 0; b < 6; b++) bytes[b] = Math.floor(Math.random() * 256);
    var out = "";
    for (var i = 0; i < 6; i++) out += digits[bytes[i] % 36];
    return out;
  }

  function readState() {
    var params = new URLSearchParams(window.location.search);
    var n = parseInt(params.get("n") || "10", 10);
    if (!(n > 0)) n = 10;
    return {
      seed: (params.get("seed") || "").trim() || randomSeed(),
      n: Math.min(n, data.q.length),
      levels: listParam(params, "levels"),
      sections: listParam(params, "sections")
    };
  }

  function query(state) {
    var parts = ["seed=" + encodeURIComponent(state.seed), "n=" + state.n];
    if (state.levels.length) parts.push("levels=" + state.levels.map(encodeURIComponent).join(","));
    if (state.sections.length) parts.push("sections=" + state.sections.map(encodeURIComponent).join(","));
    return "?" + parts.join("&");
  }

  function fillForm(state) {
    $("set-seed").value = state.seed;
    $("set-n").value = String(state.n);
    var boxes = form.querySelectorAll("input[type=checkbox]");
    for (var i = 0; i < boxes.length; i++) {
      var list = boxes[i].name === "levels" ? state.levels : state.sections;
      boxes[i].checked = list.indexOf(boxes[i].value) >= 0;
    }
    if (state.sections.length) $("set-sections").open = true;
    syncSections();
  }

  // Sections of levels that are not chosen cannot be chosen either (the filters intersect).
  function syncSections() {
    var chosen = [];
    var levelBoxes = form.querySelectorAll("input[name=levels]");
    for (var i = 0; i < levelBoxes.length; i++) if (levelBoxes[i].checked) chosen.push(levelBoxes[i].value);
    var groups = form.querySelectorAll(".set-section-group");
    for (var g = 0; g < groups.length; g++) {
      groups[g].disabled = chosen.length > 0 && chosen.indexOf(groups[g].getAttribute("data-level")) < 0;
    }
  }

  function renderSet(state, ids) {
    var index = {};
    for (var i = 0; i < data.q.length; i++) index[data.q[i][0]] = i;
    var list = $("set-list");
    list.textContent = "";
    var sections = {};
    for (var k = 0; k < ids.length; k++) {
      var q = data.q[index[ids[k]]];
      var level = data.levels[q[2]];
      sections[q[2] + "/" + q[3]] = true;
      var li = document.createElement("li");
      li.className = "question-item";
      li.value = q[1];
      li.setAttribute("data-qid", q[0]);
      var title = document.createElement("p");
      title.className = "question-title";
      var a = document.createElement("a");
      a.href = "../q/" + encodeURIComponent(q[0]) + ".html";
      a.innerHTML = q[6];
      title.appendChild(a);
      li.appendChild(title);
      var where = document.createElement("p");
      where.className = "set-where muted";
      where.textContent = level.short + " · " + level.sections[q[3]].title;
      li.appendChild(where);
      if (q[7].length) {
        var ul = document.createElement("ul");
        ul.className = "follow-ups";
        for (var f = 0; f < q[7].length; f++) {
          var fu = document.createElement("li");
          fu.innerHTML = q[7][f];
          ul.appendChild(fu);
        }
        li.appendChild(ul);
      }
      list.appendChild(li);
    }
    var sectionCount = Object.keys(sections).length;
    $("set-summary").textContent = ids.length + " " + t("questions") + " · " + sectionCount + " " + t("sections") +
      " · " + t("seed") + ": " + state.seed;
    var printQuery = "?ids=" + ids.map(encodeURIComponent).join(",") + "&seed=" + encodeURIComponent(state.seed);
    var links = [$("set-print"), $("set-print-interviewer")];
    for (var l = 0; l < links.length; l++) {
      links[l].href = links[l].getAttribute("href").replace(/\?.*$/, "") + printQuery;
    }
    $("set").hidden = ids.length === 0;
    $("set-empty").hidden = ids.length > 0;
    $("set-live").textContent = ids.length ? t("drawn") + ": " + $("set-summary").textContent : $("set-empty").textContent;
  }

  function start() {
    var state = readState();
    var canonical = query(state);
    if (window.location.search !== canonical) {
      try {
        window.history.replaceState(null, "", canonical);
      } catch (e) { /* file:// in some browsers: the set still shows */ }
    }
    fillForm(state);
    $("set-url").value = window.location.href.split("#")[0].replace(/\?.*$/, "") + canonical;
    renderSet(state, drawSet(data, state.seed, state.n, state));
  }

  form.addEventListener("change", function (e) {
    if (e.target && e.target.name === "levels") syncSections();
  });
  $("set-new-seed").addEventListener("click", function () {
    $("set-seed").value = "";
    form.submit();
  });
  $("set-url").addEventListener("focus", function (e) { e.target.select(); });
  start();
})();
