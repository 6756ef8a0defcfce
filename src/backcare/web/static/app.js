// backcare: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("has-js");

  // Offline use: the service worker keeps opened plans and sessions (see /sw.js). Signing
  // out empties that cache.
  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  }
  // A plan's figures, lazily loaded as they scroll into view, are fetched now so the whole
  // plan reads offline later (the worker answers them from its cache after the first time).
  // Every one is asked for, loaded or not: an image the browser already had in memory never
  // reached the worker, so only fetch() makes sure the worker keeps a copy.
  if (navigator.serviceWorker && navigator.serviceWorker.controller) {
    var seen = {};
    Array.prototype.forEach.call(document.querySelectorAll("img[src^='/figures/']"), function (img) {
      var src = img.getAttribute("src");
      if (!seen[src]) { seen[src] = true; window.fetch(src).catch(function () {}); }
    });
  }
  // Session results kept on this device while it was offline (player.js), sent as soon as
  // there is a network again, oldest first. An answer from the server (even a refusal) ends
  // a result's wait; only a failed connection or a server error keeps it for the next try.
  var UNSENT = "backcare-unsent-sessions";
  var sending = false;
  function unsent() {
    try { return JSON.parse(window.localStorage.getItem(UNSENT) || "[]"); } catch (e) { return []; }
  }
  function keepUnsent(list) {
    try {
      if (list.length) window.localStorage.setItem(UNSENT, JSON.stringify(list));
      else window.localStorage.removeItem(UNSENT);
    } catch (e) { /* storage full or refused: nothing more to do */ }
  }
  function sendUnsent() {
    var list = unsent();
    if (sending || !list.length || navigator.onLine === false || !window.fetch) return;
    sending = true;
    var first = list[0];
    window.fetch(first.action, {
      method: "POST", credentials: "same-origin", body: first.body,
      headers: { "Content-Type": "application/x-www-form-urlencoded" }
    }).then(function (response) {
      sending = false;
      if (response.status >= 500) return;
      keepUnsent(unsent().slice(1));
      window.dispatchEvent(new CustomEvent("backcare:unsent-sent"));
      sendUnsent();
    }, function () { sending = false; });
  }
  window.backcareUnsent = {
    keep: function (action, body) {
      keepUnsent(unsent().concat([{ action: action, body: body }]));
    }
  };
  window.addEventListener("online", sendUnsent);
  sendUnsent();

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.hasAttribute("data-forget-offline")) {
      // Nothing personal stays on a shared device after sign-out, unsent sessions included.
      keepUnsent([]);
      if (navigator.serviceWorker && navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage("forget");
      }
      if (window.caches) window.caches.delete("backcare-v1").catch(function () {});
    }
  });

  // Ask before a destructive form is sent (forms marked data-confirm).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm) {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    }
  }, true);

  // After htmx swaps in a new step, move focus to its heading so screen readers follow.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    var scope = target && target.isConnected ? target : document.getElementById("wizard");
    var focusable = document.getElementById("emergency-title") ||
      (scope && scope.querySelector("h1[tabindex], h2[tabindex]"));
    if (focusable && (!target || target.id !== "emergency-slot" || focusable.id === "emergency-title")) {
      focusable.focus();
    }
  });

  // The emergency overlay is a modal dialog: while it shows, everything else is inert and
  // Tab cycles inside it. Esc does not dismiss it (an emergency is not waved away by a
  // key): it brings focus back to the title, whose description is the call to action.
  var opened = null;   // the dialog now shown
  var inerted = [];    // what was made inert for it

  function openDialog(dialog) {
    if (opened === dialog) return;
    closeDialog();
    opened = dialog;
    for (var node = dialog; node && node !== document.body; node = node.parentElement) {
      var parent = node.parentElement;
      if (!parent) break;
      Array.prototype.forEach.call(parent.children, function (sibling) {
        if (sibling !== node && !sibling.inert && sibling.tagName !== "SCRIPT") {
          sibling.inert = true;
          inerted.push(sibling);
        }
      });
    }
    var title = dialog.querySelector("#emergency-title");
    if (title) title.focus();
  }

  function closeDialog() {
    inerted.forEach(function (node) { node.inert = false; });
    inerted = [];
    opened = null;
  }

  function stops(dialog) {
    var title = dialog.querySelector("#emergency-title");
    var found = Array.prototype.slice.call(dialog.querySelectorAll(
      "a[href], button:not([disabled]), input:not([type=hidden]), select, textarea"));
    return title ? [title].concat(found) : found;
  }

  function findDialog() {
    var dialog = document.querySelector(".emergency[role=dialog]");
    if (dialog) openDialog(dialog); else if (opened) closeDialog();
  }

  document.addEventListener("keydown", function (event) {
    if (!opened || !opened.isConnected) return;
    if (event.key === "Escape") {
      event.preventDefault();
      var title = opened.querySelector("#emergency-title");
      if (title) title.focus();
    } else if (event.key === "Tab") {
      var list = stops(opened);
      if (!list.length) return;
      var at = list.indexOf(document.activeElement);
      var next = event.shiftKey ? (at <= 0 ? list.length - 1 : at - 1) : (at + 1) % list.length;
      event.preventDefault();
      list[next].focus();
    }
  });

  document.addEventListener("htmx:afterSettle", findDialog);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", findDialog);
  else findDialog();

  // A mistaken answer can be taken back: the dialog closes and focus returns to the chosen
  // "yes" or "not sure" (still chosen: if it is sent, the server shows the emergency screen again).
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element && event.target.closest("[data-dismiss-emergency]");
    if (!button) return;
    var slot = document.getElementById("emergency-slot");
    if (slot) slot.innerHTML = "";
    closeDialog();
    var first = document.querySelector(
      "#wizard input[type=radio][value=yes]:checked, #wizard input[type=radio][value=not_sure]:checked, " +
      "#wizard input[type=checkbox]:checked");
    if (first) first.focus();
  });
})();
