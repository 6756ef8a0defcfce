// backcare: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("has-js");

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

  // The emergency overlay shown while ticking: a mistaken tick can be taken back.
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element && event.target.closest("[data-dismiss-emergency]");
    if (!button) return;
    var slot = document.getElementById("emergency-slot");
    if (slot) slot.innerHTML = "";
    var first = document.querySelector("#wizard input[type=checkbox]:checked");
    if (first) first.focus();
  });
})();
