// Polls a background import's status and moves the progress bar until it is done.
(function () {
  "use strict";
  var box = document.getElementById("import-status");
  if (!box) return;
  var bar = box.querySelector(".progress-bar");
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
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
          if (data.status === "done") box.querySelector(".dashboard-link").classList.remove("d-none");
        } else {
          setTimeout(poll, 1000);
        }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  if (box.querySelector(".progress-bar-animated")) poll();
})();
