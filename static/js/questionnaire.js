// The questionnaire, one question in focus: the current question shows its help and every
// level's description; answered ones fold to their answer. Keys 1–5 choose the levels in
// order and N "not applicable"; after such an answer the next open question takes the focus.
// Saving stays with autosave.js: a choice here is a click on the radio, so its change event
// reaches autosave exactly as a mouse click does. Without JavaScript every question shows
// in full.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-url]");
  if (!form) return;
  var cards = Array.prototype.slice.call(form.querySelectorAll(".question-card"));
  if (!cards.length) return;
  var current = null;
  var ADVANCE_PAUSE = 250; // ms: the choice is seen before the next question comes

  function radios(card) {
    return Array.prototype.slice.call(card.querySelectorAll("input[type=radio]"));
  }

  function isAnswered(card) {
    return radios(card).some(function (radio) { return radio.checked; });
  }

  function setCurrent(card, options) {
    if (current === card) return;
    if (current) current.classList.remove("is-current");
    current = card;
    if (!card) return;
    card.classList.add("is-current");
    if (options && options.focus) {
      var target = radios(card).filter(function (r) { return r.checked; })[0] || radios(card)[0];
      if (target) target.focus({ preventScroll: true });
      var reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      card.scrollIntoView({ block: "center", behavior: reduce ? "auto" : "smooth" });
    }
  }

  function nextOpen(after) {
    var start = cards.indexOf(after);
    for (var i = 1; i <= cards.length; i++) {
      var card = cards[(start + i) % cards.length];
      if (!isAnswered(card)) return card;
    }
    return null;
  }

  function updateCount() {
    var bar = document.querySelector("[data-element-progress]");
    if (!bar) return;
    var answered = cards.filter(isAnswered).length;
    var total = parseInt(bar.dataset.total, 10) || cards.length;
    var text = bar.querySelector("[data-element-answered]");
    if (text) {
      text.textContent = bar.dataset.template
        .replace("%(answered)s", String(answered)).replace("%(total)s", String(total));
    }
    var meter = bar.querySelector("[role=progressbar]");
    if (meter) meter.setAttribute("aria-valuenow", String(Math.round(100 * answered / total)));
  }

  function advance(card) {
    updateCount();
    var next = nextOpen(card);
    setTimeout(function () {
      if (next) setCurrent(next, { focus: true });
      else setCurrent(card, {}); // all answered: stay, the Save button is below
    }, ADVANCE_PAUSE);
  }

  // The card with the focus is the current one: from the keyboard at once, from a pointer
  // once the click is done (unfolding on mousedown would move the target under the pointer).
  var pointerAt = 0;
  form.addEventListener("pointerdown", function () { pointerAt = Date.now(); });
  form.addEventListener("focusin", function (event) {
    var card = event.target.closest(".question-card");
    if (card && Date.now() - pointerAt > 600) setCurrent(card, {});
  });
  form.addEventListener("click", function (event) {
    var card = event.target.closest(".question-card");
    if (card) setCurrent(card, {});
  });
  // A choice by mouse or finger stays in place (a second thought is one click away); the
  // keys move on, below.
  form.addEventListener("change", function (event) {
    if (event.target.type !== "radio") return;
    var card = event.target.closest(".question-card");
    card.classList.add("is-answered"); // autosave confirms (or not) with its own badge
    setCurrent(card, {});
    updateCount();
  });

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.closest && target.closest("textarea, select, [contenteditable], input:not([type=radio])")) {
      return;
    }
    if (!current) return;
    var key = event.key.toLowerCase();
    var levels = radios(current).filter(function (r) {
      return !r.closest(".option").classList.contains("is-not-applicable");
    });
    var chosen = null;
    if (/^[1-9]$/.test(key)) chosen = levels[parseInt(key, 10) - 1] || null;
    else if (key === "n") {
      chosen = radios(current).filter(function (r) {
        return r.closest(".option").classList.contains("is-not-applicable");
      })[0] || null;
    }
    if (!chosen) return;
    event.preventDefault();
    var card = current;
    if (!chosen.checked) chosen.click(); // checks it and fires change: autosave sends it
    advance(card);
  });

  form.classList.add("focus-mode");
  var hint = document.querySelector(".keyboard-hint");
  if (hint) hint.hidden = false;
  // Open on the first open question (or the first one), without stealing the page's scroll.
  var first = cards.filter(function (card) { return !isAnswered(card); })[0] || cards[0];
  setCurrent(first, {});

  // The element tabs: keep the current one in view and say when more are off screen.
  var scroller = document.querySelector("[data-element-tabs]");
  if (scroller) {
    var list = scroller.querySelector(".element-tabs");
    var active = list.querySelector(".active");
    if (active) list.scrollLeft = active.offsetLeft - list.clientWidth / 2 + active.clientWidth / 2;
    var edges = function () {
      scroller.classList.toggle("more-left", list.scrollLeft > 2);
      scroller.classList.toggle("more-right", list.scrollLeft + list.clientWidth < list.scrollWidth - 2);
    };
    list.addEventListener("scroll", edges, { passive: true });
    window.addEventListener("resize", edges);
    edges();
  }
})();
