// The qbook namespace and the helpers the theme's scripts share. Each script registers into
// window.qbook (qbook.search, qbook.progress, qbook.sample); classic scripts, so file:// works.
// Below the helpers: the keys of question pages and the search page's focus.
(function () {
  "use strict";
  const qbook = (window.qbook = window.qbook || {});

  // The UI string `key` of `el`: its data-t-<key> attribute (the theme's i18n files), else the key.
  qbook.t = function (el, key) {
    return el.getAttribute("data-t-" + key) || key;
  };

  // localStorage that never throws (private modes and policies turn it off, a full one
  // refuses writes); get() gives undefined when it is off, null for a missing key.
  qbook.storage = {
    get(key) {
      try {
        return window.localStorage.getItem(key);
      } catch (e) {
        return undefined;
      }
    },
    set(key, value) {
      try {
        window.localStorage.setItem(key, value);
      } catch (e) { /* off or full: the page still works */ }
    },
    remove(key) {
      try {
        window.localStorage.removeItem(key);
      } catch (e) { /* nothing to remove */ }
    }
  };

  qbook.byId = function (id) {
    return document.getElementById(id);
  };

  // True when `el` takes typed text: single-key shortcuts leave the key alone.
  qbook.isTyping = function (el) {
    const tag = el && el.tagName;
    return tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || !!(el && el.isContentEditable);
  };

  // Shows `url` in the address bar without a reload (some file:// setups refuse: no matter).
  qbook.replaceUrl = function (url) {
    try {
      window.history.replaceState(null, "", url);
    } catch (e) { /* the page works the same */ }
  };

  // The page of question `id`, seen from `root` (the way up to the site's top: "../").
  qbook.questionHref = function (root, id) {
    return root + "q/" + encodeURIComponent(id) + ".html";
  };

  // Runs the script at `src`; resolves when it ran. Data comes as scripts, not fetched JSON,
  // because file:// pages may not fetch.
  qbook.loadScript = function (src) {
    return new Promise(function (resolve, reject) {
      const script = document.createElement("script");
      script.src = src;
      script.charset = "utf-8";
      script.onload = resolve;
      script.onerror = function () {
        reject(new Error("cannot load " + src));
      };
      document.head.appendChild(script);
    });
  };
})();
// Page keys: ← and → go to the previous and next question on a question page (not while
// typing in a field, nor with a modifier, which belong to the browser).
(function () {
  "use strict";
  const qbook = window.qbook;
  // Also loaded outside a page (the sampler's Node tests), where there is no document.
  if (typeof document === "undefined" || !document.body.classList.contains("page-question")) return;
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || e.defaultPrevented || qbook.isTyping(e.target)) return;
    const rel = e.key === "ArrowLeft" ? "prev" : e.key === "ArrowRight" ? "next" : "";
    const link = rel && document.querySelector('.pager a[rel="' + rel + '"]');
    if (!link) return;
    e.preventDefault();
    window.location.href = link.href;
  });
})();
// The search page opens with its box focused, ready to type (the header's box is the one
// the results page reads).
(function () {
  "use strict";
  if (typeof document === "undefined" || !document.body.classList.contains("page-search")) return;
  // After every script ran: the search fills the box from ?q= first.
  document.addEventListener("DOMContentLoaded", function () {
    const input = document.getElementById("search-input");
    if (!input || (document.activeElement && document.activeElement !== document.body)) return;
    input.focus({ preventScroll: true });
    const end = input.value.length;
    try {
      input.setSelectionRange(end, end);
    } catch (e) { /* not a text field: no caret to place */ }
  });
})();
