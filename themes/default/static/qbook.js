// The qbook namespace and the helpers the theme's scripts share. Each script registers into
// window.qbook (qbook.search, qbook.progress, qbook.sample); classic scripts, so file:// works.
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
