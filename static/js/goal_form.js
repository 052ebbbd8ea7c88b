// The goal form: picking a lifecycle metric fills in its value today (the organization's latest
// figure, carried by the option) and its unit, unless the user typed one; a field marked
// invalid by the server stops being so once it is filled in.
(function () {
  "use strict";
  var form = document.querySelector("form[data-goal-form]");
  if (!form) return;
  var metric = form.querySelector("select[data-goal-metric]");
  var baseline = form.querySelector("input[name=baseline]");
  var unit = form.querySelector("input[name=unit]");
  // what the script itself wrote, so that it never overwrites what the user typed
  var filled = { baseline: baseline ? baseline.value : "", unit: unit ? unit.value : "" };

  function fill(input, key, value) {
    if (!input || (input.value !== "" && input.value !== filled[key])) return;
    input.value = value;
    filled[key] = value;
    clear(input);
  }

  if (metric) {
    metric.addEventListener("change", function () {
      var option = metric.options[metric.selectedIndex];
      if (!option || !option.value) return;
      // a measured metric needs none in words: that field's error is answered too
      var words = form.querySelector("input[name=metric]");
      if (words) clear(words, true);
      fill(baseline, "baseline", option.getAttribute("data-latest") || "");
      fill(unit, "unit", option.getAttribute("data-unit") || "");
    });
  }

  function clear(input, answered) {
    if (!input.classList.contains("is-invalid")) return;
    if (!answered && String(input.value).trim() === "") return;
    input.classList.remove("is-invalid");
    input.removeAttribute("aria-invalid");
    var wrapper = input.closest(".mb-3") || input.parentElement;
    if (wrapper) {
      wrapper.querySelectorAll(".invalid-feedback").forEach(function (message) {
        message.hidden = true;
      });
    }
  }

  form.addEventListener("input", function (event) {
    if (event.target.matches("input, textarea, select")) clear(event.target);
  });
  form.addEventListener("change", function (event) {
    if (event.target.matches("input, textarea, select")) clear(event.target);
  });
})();
