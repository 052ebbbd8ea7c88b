// Saves each answer on the server as it is chosen: a radio change posts at once, a note
// after a short pause in typing (and on leaving the field). Without JavaScript the
// page's own form posts save the same data.
//
// Nothing is lost quietly: one request per question is in flight at a time and the latest
// value wins; network errors, 5xx and 429 are retried with growing pauses (0.5 s, 1 s, 2 s …
// up to 16 s); the question itself says "Not saved yet" until the server confirms; leaving
// the page with anything unsaved asks first. Every request carries a sequence number that
// grows per question across page loads, so a late retry never overwrites a newer answer.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-url]");
  if (!form) return;
  var url = form.dataset.autosaveUrl;
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var status = document.getElementById("autosave-status");
  var RETRY_FIRST = 500;
  var RETRY_MAX = 16000;
  var NOTE_PAUSE = 800;
  var CARD_STATES = ["saving", "saved", "retrying", "failed", "stale"];
  var lastSeq = 0;
  var progressSeq = 0;
  var submitting = false;
  var questions = {}; // question id -> its save state

  function question(id) {
    if (!questions[id]) {
      questions[id] = {
        pending: {},      // fields changed and not yet sent
        sent: null,       // fields of the request in flight
        failed: {},       // fields refused (4xx): unsaved until sent again
        retryTimer: null, // a retry waiting for its pause
        noteTimer: null,  // a note waiting for a pause in typing
        attempt: 0,
        error: "",
        stale: false,
        saved: false,
      };
    }
    return questions[id];
  }

  // Microseconds of the clock, so numbers keep growing across page loads.
  function nextSeq() {
    lastSeq = Math.max(lastSeq + 1, Date.now() * 1000);
    return lastSeq;
  }

  function isEmpty(fields) { return Object.keys(fields).length === 0; }

  function merge(older, newer) {
    var fields = {};
    Object.keys(older).forEach(function (name) { fields[name] = older[name]; });
    Object.keys(newer).forEach(function (name) { fields[name] = newer[name]; });
    return fields;
  }

  function isUnsaved(q) {
    return !isEmpty(q.pending) || q.sent !== null || !isEmpty(q.failed) ||
      q.retryTimer !== null || q.noteTimer !== null;
  }

  function cardState(q) {
    if (!isEmpty(q.failed)) return "failed";
    if (q.retryTimer !== null || q.attempt > 0) return "retrying";
    if (q.sent !== null || !isEmpty(q.pending)) return "saving";
    if (q.stale) return "stale";
    return q.saved ? "saved" : "";
  }

  function render(id) {
    var q = question(id);
    var card = form.querySelector('[data-question="' + id + '"]');
    if (card) {
      var state = cardState(q);
      var badge = card.querySelector("[data-save-state]");
      card.dataset.saveState = state;
      // The border says it at a glance, the badge says it in words.
      card.classList.toggle("border-0", state !== "retrying" && state !== "failed");
      card.classList.toggle("border", state === "retrying" || state === "failed");
      card.classList.toggle("border-warning", state === "retrying");
      card.classList.toggle("border-danger", state === "failed");
      if (badge) {
        badge.hidden = state === "";
        badge.textContent = state ? form.dataset["state" + state[0].toUpperCase() +
          state.slice(1)] || "" : "";
        if (state === "failed" && q.error) badge.textContent += " " + q.error;
        CARD_STATES.forEach(function (name) {
          badge.classList.toggle("save-state-" + name, name === state);
        });
        badge.classList.toggle("text-bg-warning", state === "retrying");
        badge.classList.toggle("text-bg-danger", state === "failed");
        badge.classList.toggle("text-bg-light", state === "saving" || state === "saved" ||
          state === "stale");
      }
    }
    renderStatus();
  }

  function renderStatus() {
    if (!status) return;
    var states = Object.keys(questions).map(function (id) { return cardState(questions[id]); });
    var state = "saved";
    if (states.indexOf("failed") >= 0) state = "failed";
    else if (states.indexOf("retrying") >= 0) state = "retrying";
    else if (states.indexOf("saving") >= 0) state = "saving";
    status.dataset.state = state;
    status.textContent = status.dataset[state] || "";
    if (state === "failed") {
      var failed = Object.keys(questions).filter(function (id) { return questions[id].error; });
      if (failed.length) status.textContent += " " + questions[failed[0]].error;
    }
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

  // What the server holds, shown where this page still shows something older.
  function showStored(id, q, data, fields) {
    var card = form.querySelector('[data-question="' + id + '"]');
    if (!card) return;
    if ("option" in fields && !("option" in q.pending)) {
      card.querySelectorAll("input[data-autosave=option]").forEach(function (radio) {
        radio.checked = radio.value === data.option;
      });
    }
    var note = card.querySelector("[data-autosave=note]");
    if (note && "note" in fields && !("note" in q.pending) && document.activeElement !== note) {
      note.value = data.note;
    }
  }

  function send(id) {
    var q = question(id);
    if (q.sent !== null || q.retryTimer !== null || isEmpty(q.pending)) {
      render(id);
      return;
    }
    var fields = q.pending;
    var seq = nextSeq();
    q.pending = {};
    q.sent = fields;
    render(id);
    var body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    body.append("question", id);
    body.append("seq", String(seq));
    Object.keys(fields).forEach(function (name) { body.append(name, fields[name]); });
    fetch(url, { method: "POST", body: body, credentials: "same-origin",
                 headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (response.status >= 500 || response.status === 429) {
          var wait = parseFloat(response.headers.get("Retry-After") || "");
          retry(id, fields, isNaN(wait) ? 0 : wait * 1000);
          return;
        }
        return response.json().then(function (data) {
          // 409: submitted meanwhile; nothing was changed, and the page says so above all.
          if (response.status === 409) showLocked(data.error);
          if (!response.ok) refused(id, fields, data.error || response.statusText);
          else saved(id, fields, seq, data);
        }, function () {
          if (response.ok) retry(id, fields, 0);
          else refused(id, fields, response.statusText || String(response.status));
        });
      }, function () {
        retry(id, fields, 0); // offline, reset, or the server restarting
      });
  }

  function retry(id, fields, atLeast) {
    var q = question(id);
    q.sent = null;
    q.pending = merge(fields, q.pending); // what changed meanwhile is newer and wins
    q.attempt += 1;
    var pause = Math.min(RETRY_FIRST * Math.pow(2, q.attempt - 1), RETRY_MAX);
    pause = Math.max(pause * (0.8 + Math.random() * 0.4), atLeast); // spread a crowd out
    q.retryTimer = setTimeout(function () {
      q.retryTimer = null;
      send(id);
    }, pause);
    render(id);
  }

  function showLocked(message) {
    var banner = document.querySelector("[data-locked-banner]");
    if (!banner || !message) return;
    banner.textContent = message;
    banner.hidden = false;
  }

  function refused(id, fields, message) {
    var q = question(id);
    q.sent = null;
    q.attempt = 0;
    q.failed = merge(q.failed, fields);
    q.error = message;
    send(id); // a change made meanwhile may well be accepted
  }

  function saved(id, fields, seq, data) {
    var q = question(id);
    q.sent = null;
    q.attempt = 0;
    q.saved = true;
    q.stale = Boolean(data.stale);
    Object.keys(fields).forEach(function (name) { delete q.failed[name]; });
    if (isEmpty(q.failed)) q.error = "";
    if (q.stale) showStored(id, q, data, fields);
    if (seq > progressSeq) {
      progressSeq = seq;
      updateProgress(data.progress);
    }
    var card = form.querySelector('[data-question="' + id + '"]');
    if (card && "answered" in data && !("option" in q.pending)) {
      card.classList.toggle("is-answered", data.answered);
    }
    send(id);
  }

  function queue(id, fields) {
    var q = question(id);
    q.pending = merge(q.pending, fields);
    q.stale = false;
    send(id);
  }

  form.addEventListener("change", function (event) {
    var input = event.target;
    var card = input.closest("[data-question]");
    if (!card) return;
    var id = card.dataset.question;
    if (input.dataset.autosave === "option") {
      queue(id, { option: input.value });
    } else if (input.dataset.autosave === "note") {
      clearTimeout(question(id).noteTimer);
      question(id).noteTimer = null;
      queue(id, { note: input.value });
    }
  });

  form.addEventListener("input", function (event) {
    var input = event.target;
    if (input.dataset.autosave !== "note") return;
    var id = input.closest("[data-question]").dataset.question;
    var q = question(id);
    clearTimeout(q.noteTimer);
    q.noteTimer = setTimeout(function () {
      q.noteTimer = null;
      queue(id, { note: input.value });
    }, NOTE_PAUSE);
  });

  // Back online: try now rather than at the end of the current pause.
  window.addEventListener("online", function () {
    Object.keys(questions).forEach(function (id) {
      var q = questions[id];
      if (q.retryTimer === null) return;
      clearTimeout(q.retryTimer);
      q.retryTimer = null;
      send(id);
    });
  });

  // The page's own form posts every answer, so leaving through it loses nothing.
  form.addEventListener("submit", function () { submitting = true; });

  window.addEventListener("beforeunload", function (event) {
    if (submitting) return;
    var unsaved = Object.keys(questions).some(function (id) { return isUnsaved(questions[id]); });
    if (!unsaved) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers ask only when this is set
  });
})();
