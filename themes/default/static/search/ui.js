// The search UI: the header's combobox (results as you type, arrows, Enter, Escape, "/" to
// focus) and the results page search/?q=…&level=…, both drawing what rank.js finds.
(function () {
  "use strict";
  const qbook = window.qbook, search = qbook.search, IX = search.index;

  // ───────────── results as HTML ─────────────
  function esc(s) {
    return s.replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }
  // Plain text with the tokens whose terms matched wrapped in <mark>.
  function highlight(text, marks) {
    let out = "", at = 0;
    search.tokenize(text).forEach(function (tok) {
      if (!search.termKeys(tok.t).some(function (k) { return marks[k]; })) return;
      out += esc(text.slice(at, tok.s)) + "<mark>" + esc(text.slice(tok.s, tok.e)) + "</mark>";
      at = tok.e;
    });
    return out + esc(text.slice(at));
  }
  // A display title (code in backticks) as HTML with highlights.
  function titleHtml(title, marks) {
    return title.split("`").map(function (part, i) {
      const html = highlight(part, marks);
      return i % 2 ? "<code>" + html + "</code>" : html;
    }).join("");
  }
  // How many distinct matched terms `text` holds (which follow-up explains a result best).
  function markCount(text, marks) {
    const seen = {};
    search.tokenize(text).forEach(function (tok) {
      search.termKeys(tok.t).forEach(function (k) { if (marks[k]) seen[k] = true; });
    });
    return Object.keys(seen).length;
  }
  // The text of `texts` with the most matched terms, or null when none has one.
  function bestText(texts, marks) {
    let best = null, most = 0;
    texts.forEach(function (t) { const n = markCount(t, marks); if (n > most) { best = t; most = n; } });
    return best;
  }
  // About SNIPPET characters of an answer passage around its first matched word.
  const SNIPPET = 160;
  function around(text, marks) {
    const hit = search.tokenize(text).find(function (tok) {
      return search.termKeys(tok.t).some(function (k) { return marks[k]; });
    });
    if (!hit || text.length <= SNIPPET) return text;
    let from = Math.max(0, hit.s - SNIPPET / 3);
    from = from && text.lastIndexOf(" ", from) + 1;
    const to = Math.min(text.length, from + SNIPPET), cut = to < text.length ? text.lastIndexOf(" ", to) : to;
    return (from ? "…" : "") + text.slice(from, cut > from ? cut : to) + (to < text.length ? "…" : "");
  }
  // The follow-up or answer passage that shows why question `d` matched, as HTML; "" when
  // its title shows it.
  function snippet(d, r) {
    const text = r.need[d] && search.docText(d);
    if (!text) return "";
    const fu = r.need[d] & 2 ? bestText(text[0], r.marks) : null;
    if (fu) return titleHtml(fu, r.marks);
    const passage = r.need[d] & 4 ? bestText(text[1], r.marks) : null;
    return passage ? highlight(around(passage.replace(/`/g, ""), r.marks), r.marks) : "";
  }
  function result(d, r) {
    const info = search.docInfo(d), sec = IX.meta.sections[info[2]], lev = IX.meta.levels[sec[0]];
    return {
      href: qbook.questionHref(search.root, info[0]), snippet: snippet(d, r),
      num: d + 1, title: titleHtml(info[1], r.marks), where: esc(lev[1]) + " · " + esc(sec[1])
    };
  }
  function plural(forms, n, lang) {
    const f = forms.split("|"), i = lang === "ru"
      ? (n % 10 === 1 && n % 100 !== 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2)
      : (n === 1 ? 0 : 1);
    return n + " " + (f[i] || f[f.length - 1]);
  }
  // The note above results: fixed query, fallback, no results.
  function note(r, q, S) {
    const parts = [];
    if (r.fixed) parts.push(S.fixed.replace("{q}", r.fixed));
    if (r.fallback) parts.push(S.fallback);
    if (!r.docs.length && q.trim()) parts.push(S.none);
    return parts.join(" ");
  }
  // UI strings from the search form's data attributes (the theme's i18n files).
  function strings(el) {
    const d = el.dataset;
    return { none: d.none || "", fallback: d.fallback || "", fixed: d.fixed || "{q}", all: d.all || "{q}", forms: d.forms || "", lang: d.lang || "en", more: d.more || "", partial: d.partial || "" };
  }
  // The index in `r.docs` where questions with only some of the words begin, or -1 when
  // every result has all of them (or none has: the fallback note says so).
  function partialFrom(r, shown) {
    return !r.fallback && r.full < Math.min(r.docs.length, shown) ? r.full : -1;
  }
  // What the live region and the status line say: the count, how many match only in part,
  // the note.
  function summary(r, q, S) {
    const parts = [r.docs.length ? plural(S.forms, r.docs.length, S.lang) + "." : ""];
    if (partialFrom(r, r.docs.length) >= 0) parts.push(S.partial + " " + (r.docs.length - r.full) + ".");
    parts.push(note(r, q, S));
    return parts.join(" ").trim();
  }

  // ───────────── the header combobox ─────────────
  function initBox(form, page) {
    const input = form.querySelector("#search-input"), pop = form.querySelector(".search-popup");
    const list = form.querySelector("[role=listbox]"), msg = form.querySelector(".search-note");
    const live = form.querySelector(".search-live"), S = strings(form), box = { active: -1, items: [], seq: 0 };
    if (!input || !list) return;
    input.addEventListener("focus", function () { search.load("index").catch(function () {}); });
    input.addEventListener("input", function () { if (page) page.set(input.value); else update(); });
    input.addEventListener("keydown", function (e) { onKey(e); });
    list.addEventListener("mousedown", function (e) { e.preventDefault(); });
    list.addEventListener("click", function (e) {
      const li = e.target.closest("[role=option]");
      if (li && li.dataset.href) location.href = li.dataset.href;
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    form.addEventListener("submit", function (e) { if (page) e.preventDefault(); });

    function update() {
      const q = input.value, seq = ++box.seq;
      if (!q.trim()) return close();
      search.find(q, { limit: 8 }).then(function (r) {
        if (seq !== box.seq) return;
        show(r, q);
        // The follow-ups that show why results matched come a moment after the results.
        return search.loadTexts(r, 8).then(function (more) { if (more && seq === box.seq) show(r, q, true); });
      }).catch(function () {});
    }
    function show(r, q, again) {
      const active = again ? box.active : -1, from = partialFrom(r, 8);
      box.items = r.docs.slice(0, 8).map(function (d) { return result(d, r); });
      // The first question with only some of the words opens with the label, which is
      // then the beginning of its name for a screen reader too.
      if (from >= 0) box.items[from].label = S.partial;
      box.items.push({ href: form.getAttribute("action") + "?q=" + encodeURIComponent(q), all: true });
      list.innerHTML = box.items.map(function (it, i) {
        const body = it.all ? esc(S.all.replace("{q}", q)) : (it.label ? '<span class="sr-partial">' + esc(it.label) + "</span> " : "") +
          '<span class="sr-num">' + it.num + ".</span> " +
          '<span class="sr-title">' + it.title + "</span>" +
          (it.snippet ? ' <span class="sr-snippet">' + it.snippet + "</span>" : "") + ' <span class="sr-where">' + it.where + "</span>";
        return '<li role="option" id="search-opt-' + i + '" aria-selected="false" class="sr' + (it.all ? " sr-all" : "") +
          '" data-href="' + esc(it.href) + '">' + body + "</li>";
      }).join("");
      msg.textContent = note(r, q, S);
      msg.hidden = !msg.textContent;
      live.textContent = summary(r, q, S);
      box.active = -1;
      input.removeAttribute("aria-activedescendant");
      if (active >= 0) { box.active = (active - 1 + box.items.length) % box.items.length; move(1); }
      pop.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    function close() {
      pop.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      box.active = -1;
    }
    function move(step) {
      const n = box.items.length;
      if (!n) return;
      box.active = box.active < 0 ? (step > 0 ? 0 : n - 1) : (box.active + step + n) % n;
      Array.prototype.forEach.call(list.children, function (li, i) {
        li.setAttribute("aria-selected", i === box.active ? "true" : "false");
      });
      const li = list.children[box.active];
      input.setAttribute("aria-activedescendant", li.id);
      if (li.scrollIntoView) li.scrollIntoView({ block: "nearest" });
    }
    function onKey(e) {
      const open = !pop.hidden;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (page) return;
        e.preventDefault();
        if (!open) { if (input.value.trim()) update(); return; }
        move(e.key === "ArrowDown" ? 1 : -1);
      } else if (e.key === "Enter" && open && box.active >= 0) {
        e.preventDefault();
        location.href = box.items[box.active].href;
      } else if (e.key === "Escape") {
        if (open) { e.preventDefault(); close(); } else if (input.value) { input.value = ""; if (page) page.set(""); }
      }
    }
  }

  // ───────────── the results page (search/?q=…&level=…) ─────────────
  function initPage(el, form) {
    const S = strings(form), input = form.querySelector("#search-input");
    const sel = el.querySelector("#search-level"), status = el.querySelector("#search-status");
    const list = el.querySelector("#search-results"), more = el.querySelector("#search-more");
    const params = new URLSearchParams(location.search), state = { q: params.get("q") || "", limit: 50, seq: 0 };
    el.querySelector(".search-controls").hidden = false;
    if (input) input.value = state.q;
    if (sel) {
      sel.value = params.get("level") || "";
      sel.addEventListener("change", function () { state.limit = 50; sync(); run(); });
    }
    more.addEventListener("click", function () { state.limit += 50; run(); });
    function sync() {
      const p = new URLSearchParams();
      if (state.q) p.set("q", state.q);
      if (sel && sel.value) p.set("level", sel.value);
      qbook.replaceUrl("?" + p.toString());
    }
    function levelIndex() {
      if (!sel || !sel.value || !IX.meta) return -1;
      return IX.meta.levels.map(function (l) { return l[0]; }).indexOf(sel.value);
    }
    function run() {
      const seq = ++state.seq, q = state.q;
      if (!q.trim()) { list.innerHTML = ""; status.textContent = ""; more.hidden = true; return; }
      search.load("index").then(function () {
        return search.find(q, { limit: state.limit, level: levelIndex() });
      }).then(function (r) {
        if (seq !== state.seq) return;
        render(r, q);
        return search.loadTexts(r, state.limit).then(function (more) { if (more && seq === state.seq) render(r, q); });
      }).catch(function () {});
    }
    function item(d, r) {
      const it = result(d, r);
      return '<li class="search-result"><a href="' + esc(it.href) + '"><span class="sr-num">' + it.num + ".</span> " +
        it.title + "</a>" + (it.snippet ? '<div class="sr-snippet">' + it.snippet + "</div>" : "") +
        '<div class="sr-where">' + it.where + "</div></li>";
    }
    // Questions with every word, then, under a heading of their own, those with some.
    function render(r, q) {
      const shown = r.docs.slice(0, state.limit), from = partialFrom(r, state.limit);
      const html = function (ds) { return ds.map(function (d) { return item(d, r); }).join(""); };
      list.innerHTML = from < 0 ? html(shown) : html(shown.slice(0, from)) +
        '<li class="search-partial"><h2 id="search-partial-label" class="search-partial-label">' + esc(S.partial) + "</h2>" +
        '<ol class="search-results" aria-labelledby="search-partial-label">' + html(shown.slice(from)) + "</ol></li>";
      status.textContent = summary(r, q, S);
      more.hidden = r.docs.length <= state.limit;
    }
    run();
    return { set: function (q) { state.q = q; state.limit = 50; sync(); run(); } };
  }

  // ───────────── start ─────────────
  function start() {
    const form = document.querySelector("form.search-box");
    if (!form) return;
    search.root = form.getAttribute("data-root") || "";
    const pageEl = document.getElementById("search-page");
    const page = pageEl ? initPage(pageEl, form) : null;
    initBox(form, page);
    document.addEventListener("keydown", function (e) {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || qbook.isTyping(e.target)) return;
      e.preventDefault();
      const input = document.getElementById("search-input");
      input.focus();
      input.select();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
