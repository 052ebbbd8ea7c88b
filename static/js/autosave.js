// Saves each answer on the server as it is chosen: a radio change posts at once, a note
// after a short pause in typing (and on leaving the field). Without JavaScript the
// page's own form posts save the same data.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-url]");
  if (!form) return;
  var url = form.dataset.autosaveUrl;
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var status = document.getElementById("autosave-status");
  var timers = {};

  function show(state) {
    if (!status) return;
    status.dataset.state = state;
    status.textContent = status.dataset[state] || "";
  }

  function updateProgress(progress) {
    document.querySelectorAll("[data-progress-element]").forEach(function (node) {
      var key = node.dataset.progressElement;
      var value = key === "__all__" ? progress.percent : progress.elements[key];
      if (value === undefined) return;
      node.style.width = value + "%";
      node.setAttribute("aria-valuenow", value);
      var label = document.querySelector('[data-progress-label="' + key + '"]');
      if (label) label.textContent = value + "%";
      if (node.hasAttribute("data-tab-bar")) node.classList.toggle("bg-success", value === 100);
    });
    var answered = document.querySelector("[data-answered-text]");
    if (answered && progress.answered_text) answered.textContent = progress.answered_text;
  }

  function post(question, fields) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    body.append("question", question);
    Object.keys(fields).forEach(function (name) { body.append(name, fields[name]); });
    show("saving");
    return fetch(url, { method: "POST", body: body, credentials: "same-origin",
                        headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) throw new Error(data.error || response.statusText);
          return data;
        });
      })
      .then(function (data) {
        updateProgress(data.progress);
        var card = document.querySelector('[data-question="' + question + '"]');
        if (card && "answered" in data) card.classList.toggle("is-answered", data.answered);
        show("saved");
      })
      .catch(function (error) {
        show("failed");
        if (status) status.textContent += " " + error.message;
      });
  }

  form.addEventListener("change", function (event) {
    var input = event.target;
    var card = input.closest("[data-question]");
    if (!card) return;
    if (input.dataset.autosave === "option") {
      post(card.dataset.question, { option: input.value });
    } else if (input.dataset.autosave === "note") {
      clearTimeout(timers[card.dataset.question]);
      post(card.dataset.question, { note: input.value });
    }
  });

  form.addEventListener("input", function (event) {
    var input = event.target;
    if (input.dataset.autosave !== "note") return;
    var card = input.closest("[data-question]");
    var key = card.dataset.question;
    clearTimeout(timers[key]);
    timers[key] = setTimeout(function () { post(key, { note: input.value }); }, 800);
  });
})();
