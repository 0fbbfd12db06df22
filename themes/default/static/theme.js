// The light/dark toggle in the header: flips <html data-theme> and remembers the choice
// (base.html's inline script applies it before the first paint).
(function () {
  "use strict";
  const qbook = window.qbook;
  const root = document.documentElement;
  const button = document.getElementById("theme-toggle");
  if (!button) return;

  function currentTheme() {
    const set = root.getAttribute("data-theme");
    if (set) return set;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  function showTheme() {
    button.setAttribute("aria-pressed", currentTheme() === "dark" ? "true" : "false");
  }

  button.addEventListener("click", function () {
    const next = currentTheme() === "dark" ? "light" : "dark";
    root.setAttribute("data-theme", next);
    qbook.storage.set("qbook:theme", next);
    showTheme();
  });
  showTheme();
})();
