// Fits every Plotly chart to its box, before static/js/charts.js draws it (included between
// plotly.min.js and charts.js): no toolbar (zoom and download buttons are no use on a phone,
// and inside a role="img" chart they would be controls a screen reader cannot reach), and on
// a narrow box (a phone) smaller type and margins wide enough for a radar's spoke labels, so
// "Methodology" is not cut to "ology".
(function () {
  "use strict";
  if (typeof Plotly === "undefined") return;
  var NARROW = 576; // px, Bootstrap's "sm"
  var measure = document.createElement("canvas").getContext("2d");

  function textWidth(text, size, family) {
    measure.font = size + "px " + family;
    // Plotly draws <br> as a line break and escaped entities as their characters.
    return Math.max.apply(null, String(text).split(/<br\s*\/?>/i).map(function (line) {
      return measure.measureText(line.replace(/&amp;/g, "&").replace(/&lt;/g, "<")).width;
    }));
  }

  function spokeLabels(data) {
    var labels = [];
    (data || []).forEach(function (trace) {
      if (trace.type === "scatterpolar" && trace.theta) labels = labels.concat(trace.theta);
    });
    return labels;
  }

  function fitLayout(data, layout, target) {
    layout = layout || {};
    if (typeof target === "string") target = document.getElementById(target);
    if (!target || target.clientWidth === 0 || target.clientWidth >= NARROW) return layout;
    var font = layout.font || {};
    var size = Math.min(font.size || 13, 11);
    var fitted = Object.assign({}, layout, {font: Object.assign({}, font, {size: size})});
    // A width set for print (the A4 report) gives way to the phone's.
    if (layout.width && layout.width > target.clientWidth) delete fitted.width;
    var labels = spokeLabels(data);
    if (labels.length) {
      var family = font.family || getComputedStyle(target).fontFamily;
      var widest = Math.max.apply(null, labels.map(function (label) {
        return textWidth(label, size, family);
      }));
      // The labels sit outside the circle, left and right: keep them inside the box, and
      // leave the circle at least 40 % of the width.
      var side = Math.min(Math.ceil(widest) + 12, Math.floor(target.clientWidth * 0.3));
      var margin = Object.assign({}, layout.margin || {});
      margin.l = Math.max(margin.l || 0, side);
      margin.r = Math.max(margin.r || 0, side);
      fitted.margin = margin;
    }
    if (layout.title && layout.title.font) {
      fitted.title = Object.assign({}, layout.title, {
        font: Object.assign({}, layout.title.font, {size: Math.min(layout.title.font.size || 15, 13)}),
      });
    }
    return fitted;
  }

  // A heatmap with more columns than a phone has room for numbers in: colours only (the
  // figures stay in the hover and in the table beside the chart), and a slimmer colour bar.
  function fitData(data, target) {
    if (!Array.isArray(data) || !target || target.clientWidth === 0) return data;
    if (target.clientWidth >= NARROW) return data;
    return data.map(function (trace) {
      if (trace.type !== "heatmap") return trace;
      var columns = (trace.x && trace.x.length) ||
        Math.max.apply(null, (trace.z || [[]]).map(function (row) { return row.length || 0; }));
      var fitted = Object.assign({}, trace, {
        colorbar: Object.assign({}, trace.colorbar || {}, {thickness: 10}),
      });
      if (target.clientWidth / Math.max(columns, 1) < 34) {
        fitted.texttemplate = "";
        fitted.text = null;
      }
      return fitted;
    });
  }

  function fitConfig(config) {
    return Object.assign({}, config || {}, {displayModeBar: false, responsive: true});
  }

  ["newPlot", "react"].forEach(function (name) {
    var original = Plotly[name];
    if (typeof original !== "function") return;
    Plotly[name] = function (target, data, layout, config) {
      // Plotly.newPlot(target, {data, layout, config}) is the other form plotly.js takes.
      if (data && !Array.isArray(data) && typeof data === "object") {
        var figure = Object.assign({}, data);
        var element = typeof target === "string" ? document.getElementById(target) : target;
        figure.data = fitData(figure.data, element);
        figure.layout = fitLayout(figure.data, figure.layout, target);
        figure.config = fitConfig(figure.config);
        return original.call(Plotly, target, figure);
      }
      var element = typeof target === "string" ? document.getElementById(target) : target;
      var fittedData = fitData(data, element);
      return original.call(
        Plotly, target, fittedData, fitLayout(fittedData, layout, target), fitConfig(config)
      );
    };
  });
})();
