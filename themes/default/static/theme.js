// The header: the theme choice and the menu.
//
// The theme button goes round system → light → dark → system. "system" follows the
// system's setting and is stored as no value; light and dark set <html data-theme> and are
// remembered under "qbook:theme" (base.html's inline script applies them before the first
// paint, and sets data-theme-choice, which picks the button's icon in style.css).
//
// The menu button (shown below 75rem, or wider when the levels need a second row) opens the
// menu under the header; Escape, a click elsewhere, a click on a link or the focus leaving
// the header closes it. Opened from the keyboard, it takes the focus to the current level
// (else the first link): the menu comes after the search and the theme button in the page,
// and Tab would otherwise pass them first.
(function () {
  "use strict";
  const qbook = window.qbook;
  const root = document.documentElement;
  const CHOICES = ["system", "light", "dark"];

  function choice() {
    const c = root.getAttribute("data-theme-choice");
    return CHOICES.indexOf(c) >= 0 ? c : "system";
  }

  function applyChoice(button, c) {
    if (c === "system") root.removeAttribute("data-theme");
    else root.setAttribute("data-theme", c);
    root.setAttribute("data-theme-choice", c);
    const label = qbook.t(button, c);
    document.getElementById("theme-toggle-label").textContent = label;
    button.title = label;
  }

  function setUpTheme() {
    const button = document.getElementById("theme-toggle");
    if (!button) return;
    button.addEventListener("click", function () {
      const next = CHOICES[(CHOICES.indexOf(choice()) + 1) % CHOICES.length];
      if (next === "system") qbook.storage.remove("qbook:theme");
      else qbook.storage.set("qbook:theme", next);
      applyChoice(button, next);
    });
    applyChoice(button, choice());
  }

  function setUpMenu() {
    const header = document.getElementById("site-header");
    const button = document.getElementById("menu-toggle");
    const menu = document.getElementById("site-menu");
    if (!header || !button || !menu) return;

    function setOpen(open) {
      header.classList.toggle("menu-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) {
        const current = menu.querySelector("[aria-current]");
        if (current) current.scrollIntoView({ block: "nearest" });
      }
    }

    // Where the levels show as a row (wide screens) but need a second one (long titles),
    // they fold behind the button too (.menu-folded in style.css).
    function foldIfWrapped() {
      header.classList.remove("menu-folded");
      if (getComputedStyle(button).display !== "none") return; // folded by the screen's width
      const items = menu.querySelectorAll(".level-nav > li");
      const last = items[items.length - 1];
      if (last && last.getBoundingClientRect().top > items[0].getBoundingClientRect().top + 1) header.classList.add("menu-folded");
    }
    foldIfWrapped();
    window.addEventListener("resize", foldIfWrapped);

    button.addEventListener("click", function (e) {
      const open = !header.classList.contains("menu-open");
      setOpen(open);
      if (open && e.detail === 0) {
        const target = menu.querySelector("[aria-current]") || menu.querySelector("a");
        if (target) target.focus();
      }
    });
    header.addEventListener("focusout", function (e) {
      if (header.classList.contains("menu-open") && e.relatedTarget && !header.contains(e.relatedTarget)) setOpen(false);
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && header.classList.contains("menu-open")) {
        setOpen(false);
        button.focus();
      }
    });
    document.addEventListener("click", function (e) {
      if (header.classList.contains("menu-open") && !header.contains(e.target)) setOpen(false);
    });
    menu.addEventListener("click", function (e) {
      if (e.target.closest("a")) setOpen(false);
    });
  }

  setUpTheme();
  setUpMenu();
})();
