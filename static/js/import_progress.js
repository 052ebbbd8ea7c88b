// Polls a background import's status and moves the progress bar until it is done or failed;
// a finished import's counts (orders, customers, as-of date) then appear without a reload.
// Polling stops on either; after repeated errors it stops too, and says so.
(function () {
  "use strict";
  var box = document.getElementById("import-status");
  if (!box) return;
  var bar = box.querySelector(".progress-bar");
  var MAX_ERRORS = 10;
  var errors = 0;
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (data) {
        errors = 0;
        bar.style.width = data.progress + "%";
        bar.textContent = data.progress + "%";
        bar.parentElement.setAttribute("aria-valuenow", data.progress);
        box.querySelector(".status-label").textContent = data.label;
        if (data.error) {
          var error = box.querySelector(".import-error");
          error.textContent = data.error;
          error.classList.remove("d-none");
        }
        if (data.done) {
          bar.classList.remove("progress-bar-animated");
          if (data.summary) {
            var summary = box.querySelector(".import-summary");
            summary.textContent = data.summary;
            summary.classList.remove("d-none");
          }
          if (data.status === "done") box.querySelector(".dashboard-link").classList.remove("d-none");
        } else {
          setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        errors += 1;
        if (errors < MAX_ERRORS) {
          setTimeout(poll, 1000 * Math.min(30, 2 * errors));
        } else {
          bar.classList.remove("progress-bar-animated");
          box.querySelector(".poll-stopped").classList.remove("d-none");
        }
      });
  }
  if (box.querySelector(".progress-bar-animated")) poll();
})();
