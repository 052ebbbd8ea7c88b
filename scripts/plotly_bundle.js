// plotly.js with only the trace types the app draws (static/js/charts.js): scatter (part of
// the core), scatterpolar, bar, heatmap and box. `make install` bundles it with esbuild into
// build/plotly/plotly.min.js (about 1.25 MB, 355 kB as brotli, against 4.8 MB and 1.1 MB for
// the full bundle); config/staticfinders.py serves it as vendor/plotly/plotly.min.js.
var Plotly = require("plotly.js/lib/core");

Plotly.register([
  require("plotly.js/lib/bar"),
  require("plotly.js/lib/box"),
  require("plotly.js/lib/heatmap"),
  require("plotly.js/lib/scatterpolar"),
]);

module.exports = Plotly;
