// Copy buttons: <button data-copy="#input-id" data-copied="Copied" data-copy-failed="…">
// copies the input's value with the Clipboard API; where that is missing or refused (an
// insecure origin, an old browser) it selects the text and tries the older copy command,
// and failing that leaves the text selected and says to press Ctrl+C. The outcome is
// announced in the button's status element (aria-live).
(function () {
  "use strict";
  function announce(button, text) {
    var status = document.getElementById(button.getAttribute("aria-describedby") || "");
    if (status) status.textContent = text;
    button.classList.add("copied");
    clearTimeout(button._copyTimer);
    button._copyTimer = setTimeout(function () {
      button.classList.remove("copied");
      if (status) status.textContent = "";
    }, 4000);
  }

  function fallback(button, input) {
    input.focus();
    input.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (error) { done = false; }
    announce(button, done ? button.dataset.copied : button.dataset.copyFailed);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var input = document.querySelector(button.dataset.copy);
    if (!input) return;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(function () {
        input.select();
        announce(button, button.dataset.copied);
      }, function () { fallback(button, input); });
    } else {
      fallback(button, input);
    }
  });
  // Without this script the buttons would do nothing: they show only when it runs.
  document.querySelectorAll("[data-copy][hidden]").forEach(function (button) {
    button.hidden = false;
  });
})();
