// Draws every chart on the page: an element with data-chart="ID" gets the Plotly figure
// that {{ figure|json_script:"ID" }} put on the page. No inline script is needed.
(function () {
  "use strict";
  function draw() {
    if (typeof Plotly === "undefined") return;
    document.querySelectorAll("[data-chart]").forEach(function (target) {
      var source = document.getElementById(target.dataset.chart);
      if (!source) return;
      var figure = JSON.parse(source.textContent);
      Plotly.newPlot(target, figure.data, figure.layout, {
        responsive: true,
        displaylogo: false,
        modeBarButtonsToRemove: ["select2d", "lasso2d"],
      }).then(function () {
        target.dataset.drawn = "true";
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
