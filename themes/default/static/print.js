// qbook print layout: lays the print page out as numbered sheets of paper (A4 or Letter),
// with a title page, a table of contents with page numbers, running headers, page numbers
// in the footer, every level starting a new sheet and no question split from its
// follow-ups. With ?ids=…&seed=… it prints an interview set instead, compactly and with
// the interviewer's score sheet (see "interview sets" below). Without JavaScript the page
// still prints the book, with CSS page breaks only. On a screen narrower than a sheet,
// print.css shows the laid-out sheets as a reading view.
(function () {
  "use strict";
  const PAPERS = { a4: { w: 210, h: 297, css: "A4" }, letter: { w: 215.9, h: 279.4, css: "letter" } };
  const body = document.body;
  const source = document.getElementById("print-source");
  if (!source) return;

  function paperName() {
    const match = /[?&]paper=(a4|letter)\b/.exec(window.location.search);
    return match ? match[1] : "a4";
  }

  function setPaper(name) {
    const paper = PAPERS[name];
    const style = document.createElement("style");
    // Sheets are a hair shorter than the paper so rounding never spills onto an extra page.
    style.textContent = "@page { size: " + paper.css + "; margin: 0; }\n:root { --sheet-w: " + paper.w +
      "mm; --sheet-h: " + (paper.h - 0.6) + "mm; }";
    document.head.appendChild(style);
    body.setAttribute("data-paper", name);
    const links = document.querySelectorAll("[data-paper]");
    for (let i = 0; i < links.length; i++) {
      if (links[i].getAttribute("data-paper") === name) links[i].setAttribute("aria-current", "true");
    }
  }

  // A block goes on a new sheet (newPage), keeps with the block after it (keep), or is left
  // out when it does not fit where it falls (optional).
  function block(el, opts) {
    return {
      el: el, newPage: !!opts.newPage, keep: !!opts.keep, optional: !!opts.optional,
      running: opts.running || "", flag: opts.flag || ""
    };
  }

  // The print page as a flat list of blocks: headings keep with what follows them. A set's
  // levels and sources follow on the same sheet; the book's each start a new one.
  function collectBlocks() {
    const blocks = [];
    const title = source.querySelector(".title-page");
    if (title) blocks.push(block(title, { newPage: true, flag: "title" }));
    const head = source.querySelector(".set-head");
    if (head) blocks.push(block(head, { keep: true, flag: "set" }));
    const toc = source.querySelector(".print-toc");
    if (toc) collectToc(toc, blocks);
    const compact = body.classList.contains("print-set");
    const parts = source.querySelectorAll(".print-level, .print-sources");
    for (let i = 0; i < parts.length; i++) collectPart(parts[i], blocks, compact);
    const scores = source.querySelector(".set-scores");
    if (scores) blocks.push(block(scores, {}));
    const notes = source.querySelector(".set-notes");
    if (notes) blocks.push(block(notes, { optional: true }));
    return blocks;
  }

  function collectToc(toc, blocks) {
    const heading = toc.querySelector("h2");
    blocks.push(block(heading, { newPage: true, keep: true, flag: "toc" }));
    const entries = toc.querySelectorAll(".toc-level, .toc-section");
    for (let i = 0; i < entries.length; i++) {
      const isLevel = entries[i].classList.contains("toc-level");
      const div = document.createElement("div");
      div.className = "toc-entry " + (isLevel ? "toc-entry-level" : "toc-entry-section");
      div.appendChild(entries[i].querySelector("a"));
      blocks.push(block(div, { keep: isLevel, flag: "toc" }));
    }
  }

  function collectPart(part, blocks, compact) {
    const running = part.getAttribute("data-running") || "";
    const heading = part.querySelector("h2");
    heading.id = part.id;
    part.removeAttribute("id");
    blocks.push(block(heading, { newPage: !compact, keep: true, running: running }));
    const children = part.querySelectorAll(".print-section h3, .print-question, .print-sources li");
    for (let i = 0; i < children.length; i++) {
      let el = children[i];
      if (el.tagName === "H3") {
        el.id = el.parentNode.id;
        el.parentNode.removeAttribute("id");
      }
      if (el.tagName === "LI") {
        const div = document.createElement("div");
        div.className = "source-entry";
        div.id = el.id;
        while (el.firstChild) div.appendChild(el.firstChild);
        el = div;
      }
      blocks.push(block(el, { keep: el.tagName === "H3", running: running }));
    }
  }

  function Sheets(container) {
    this.container = container;
    this.sheets = [];
    this.body = null;
  }

  Sheets.prototype.add = function (running) {
    const sheet = document.createElement("div");
    sheet.className = "sheet";
    const header = document.createElement("div");
    header.className = "sheet-header";
    const bodyEl = document.createElement("div");
    bodyEl.className = "sheet-body";
    const footer = document.createElement("div");
    footer.className = "sheet-footer";
    sheet.appendChild(header);
    sheet.appendChild(bodyEl);
    sheet.appendChild(footer);
    this.container.appendChild(sheet);
    this.sheets.push({ el: sheet, header: header, footer: footer, running: running, flag: "" });
    this.body = bodyEl;
    return bodyEl;
  };

  Sheets.prototype.current = function () {
    return this.sheets[this.sheets.length - 1];
  };

  function overflows(el) {
    return el.scrollHeight > el.clientHeight + 1;
  }

  // Packs blocks onto sheets; a block that does not fit moves to the next sheet together
  // with the headings that must stay with it.
  function paginate(blocks, sheets) {
    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i];
      if (!sheets.body || (b.newPage && sheets.body.childNodes.length)) {
        sheets.add(b.running);
        sheets.current().flag = b.flag;
      }
      if (!sheets.current().running) sheets.current().running = b.running;
      sheets.body.appendChild(b.el);
      if (!overflows(sheets.body)) continue;
      if (b.optional) remove(b.el);
      else moveToNextSheet(blocks, i, sheets);
    }
  }

  function moveToNextSheet(blocks, i, sheets) {
    let start = i;
    while (start > 0 && blocks[start - 1].keep && blocks[start - 1].el.parentNode === sheets.body) start--;
    if (sheets.body.firstChild === blocks[start].el) {
      sheets.current().el.classList.add("sheet-overfull");
      return;
    }
    const flag = sheets.current().flag;
    sheets.add(blocks[start].running);
    sheets.current().flag = flag;
    for (let j = start; j <= i; j++) sheets.body.appendChild(blocks[j].el);
  }

  function sheetIndexOf(sheets, el) {
    for (let i = 0; i < sheets.sheets.length; i++) {
      if (sheets.sheets[i].el.contains(el)) return i;
    }
    return -1;
  }

  function decorate(sheets) {
    const book = body.getAttribute("data-book") || "";
    const level = body.getAttribute("data-level") || "";
    const label = body.getAttribute("data-page-label") || "";
    const total = sheets.sheets.length;
    for (let i = 0; i < total; i++) {
      const s = sheets.sheets[i];
      if (s.flag === "title") continue;
      // A set's first sheet opens with its head, which says what a running header would.
      const running = level || s.running;
      if (!(s.flag === "set" && i === 0)) s.header.textContent = running ? book + " · " + running : book;
      s.footer.textContent = label + " " + (i + 1) + " / " + total;
    }
    const refs = document.querySelectorAll(".toc-page[data-target]");
    for (let r = 0; r < refs.length; r++) {
      const target = document.getElementById(refs[r].getAttribute("data-target"));
      const index = target ? sheetIndexOf(sheets, target) : -1;
      if (index >= 0) refs[r].textContent = String(index + 1);
    }
  }

  // ── interview sets: ?ids=a,b,c&seed=S keeps only those questions (in book order), laid
  // out compactly: a short head instead of the title page and contents, no new sheet per
  // level, numbers 1…N, only the sources the set's answers cite, and for the interviewer a
  // score sheet (fields at the top, a box per question and the total at the end, notes).

  function queryParam(name) {
    const match = new RegExp("[?&]" + name + "=([^&#]*)").exec(window.location.search);
    if (!match) return null;
    try {
      return decodeURIComponent(match[1].replace(/\+/g, " "));
    } catch (e) {
      return match[1];
    }
  }

  /** The set the URL asks for, { ids, seed }, or null for the whole book (or level). */
  function requestedSet() {
    const ids = queryParam("ids");
    if (ids === null) return null;
    return { ids: ids.split(",").filter(Boolean), seed: queryParam("seed") || "" };
  }

  function remove(el) {
    if (el && el.parentNode) el.parentNode.removeChild(el);
  }

  /** Removes every question not in `ids`, then the sections and levels left empty. */
  function keepQuestions(ids) {
    const keep = {};
    for (let i = 0; i < ids.length; i++) keep[ids[i]] = true;
    const questions = source.querySelectorAll(".print-question");
    for (let q = 0; q < questions.length; q++) {
      if (!keep[questions[q].id.replace(/^pq-/, "")]) remove(questions[q]);
    }
    const parts = source.querySelectorAll(".print-section, .print-level");
    for (let p = 0; p < parts.length; p++) {
      if (!parts[p].querySelector(".print-question")) remove(parts[p]);
    }
    return source.querySelectorAll(".print-question").length;
  }

  /** Numbers the set's questions 1…N (the book's number stays in data-number). */
  function renumber() {
    const numbers = source.querySelectorAll(".pq-number");
    for (let i = 0; i < numbers.length; i++) numbers[i].textContent = i + 1 + ".";
  }

  /** Keeps the sources the set's answers cite, and the list only when one is left. */
  function keepCitedSources() {
    const list = source.querySelector(".print-sources");
    if (!list) return;
    const cited = {};
    const links = source.querySelectorAll('.pq-answer a[href^="#source-"]');
    for (let i = 0; i < links.length; i++) cited[links[i].getAttribute("href").slice(1)] = true;
    const entries = list.querySelectorAll("li");
    for (let e = 0; e < entries.length; e++) if (!cited[entries[e].id]) remove(entries[e]);
    if (!list.querySelector("li")) remove(list);
  }

  function showSetHead(count, seed) {
    const head = source.querySelector(".set-head");
    head.hidden = false;
    head.querySelector(".set-count").textContent = String(count);
    const seedEl = head.querySelector(".set-seed");
    if (seed) seedEl.textContent = " · " + seedEl.getAttribute("data-label") + ": " + seed;
  }

  function showScoreSheet(count) {
    const scores = source.querySelector(".set-scores");
    if (!scores) return;
    const grid = scores.querySelector(".score-grid");
    for (let i = 1; i <= count; i++) {
      const cell = document.createElement("li");
      cell.textContent = String(i);
      grid.appendChild(cell);
    }
    scores.querySelector(".score-max").textContent = String(3 * count);
    scores.hidden = false;
    source.querySelector(".set-notes").hidden = false;
  }

  /** The toolbar's paper and variant links keep the set. */
  function keepSetInLinks(set) {
    const setQuery = "ids=" + set.ids.map(encodeURIComponent).join(",") +
      (set.seed ? "&seed=" + encodeURIComponent(set.seed) : "");
    const links = document.querySelectorAll(".print-toolbar a");
    for (let l = 0; l < links.length; l++) {
      const href = links[l].getAttribute("href");
      if (links[l].hasAttribute("data-paper")) links[l].setAttribute("href", href + "&" + setQuery);
      else if (/print\/(interviewer\/)?index\.html$/.test(href) && /interviewer/.test(href) !== body.classList.contains("print-interviewer")) {
        links[l].setAttribute("href", href + "?" + setQuery);
      }
    }
  }

  /** Turns the book's print page into the set's. */
  function makeSet(set) {
    const count = keepQuestions(set.ids);
    remove(source.querySelector(".title-page"));
    remove(source.querySelector(".print-toc"));
    const headings = source.querySelectorAll(".print-section > h3");
    for (let h = 0; h < headings.length; h++) remove(headings[h]);
    renumber();
    keepCitedSources();
    showSetHead(count, set.seed);
    showScoreSheet(count);
    const label = body.getAttribute("data-t-set") + (set.seed ? " · " + body.getAttribute("data-t-seed") + ": " + set.seed : "");
    body.setAttribute("data-level", label);
    document.title += " — " + label;
    body.classList.add("print-set");
    body.setAttribute("data-set-size", String(count));
    keepSetInLinks(set);
  }

  /** The parts only a set has, off the book's page. */
  function dropSetParts() {
    const parts = source.querySelectorAll(".set-head, .set-scores, .set-notes");
    for (let i = 0; i < parts.length; i++) remove(parts[i]);
  }

  /** Gives the notes block (kept only where it fits) the lines that fit under it. */
  function fillNotes() {
    const notes = document.querySelector("#print-sheets .set-notes");
    if (!notes) return;
    const lines = notes.querySelector(".set-notes-lines");
    const page = notes.parentNode;
    for (let i = 0; i < 40 && !overflows(page); i++) lines.appendChild(document.createElement("span"));
    while (overflows(page) && lines.children.length > 3) lines.removeChild(lines.lastChild);
  }

  function layout() {
    setPaper(paperName());
    const set = requestedSet();
    if (set) makeSet(set);
    else dropSetParts();
    const container = document.createElement("main");
    container.id = "print-sheets";
    source.parentNode.insertBefore(container, source);
    const blocks = collectBlocks();
    const sheets = new Sheets(container);
    paginate(blocks, sheets);
    fillNotes();
    source.parentNode.removeChild(source);
    decorate(sheets);
    body.classList.add("paged");
    body.setAttribute("data-pages", String(sheets.sheets.length));
  }

  const button = document.getElementById("print-now");
  if (button) button.addEventListener("click", function () { window.print(); });
  layout();
})();
