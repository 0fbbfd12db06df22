// qbook: the theme toggle and small page helpers. No dependencies, works from file://.
(function () {
  "use strict";
  var root = document.documentElement;
  var button = document.getElementById("theme-toggle");

  function currentTheme() {
    var set = root.getAttribute("data-theme");
    if (set) return set;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  function showTheme() {
    if (button) button.setAttribute("aria-pressed", currentTheme() === "dark" ? "true" : "false");
  }

  if (button) {
    button.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("qbook:theme", next); } catch (e) { /* storage may be off */ }
      showTheme();
    });
    showTheme();
  }
})();
