// Dashboard charts: drawn with the vendored Chart.js from the JSON that the page embeds with json_script
// (<script type="application/json" id="dashboard-charts">). Every chart has a table below it with the same data.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-charts");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var charts = JSON.parse(source.textContent);
  var palette = ["#0d6efd", "#6f42c1", "#20c997", "#fd7e14", "#d63384", "#198754", "#0dcaf0", "#6c757d", "#ffc107", "#dc3545"];

  function config(spec) {
    var many = spec.labels.length;
    var datasets = spec.datasets.map(function (dataset, index) {
      var copy = Object.assign({}, dataset);
      if (!copy.backgroundColor) {
        copy.backgroundColor = spec.datasets.length > 1 ? palette[index % palette.length] : palette[0];
      }
      return copy;
    });
    var options = {
      responsive: true,
      maintainAspectRatio: true,
      animation: false,
      plugins: { legend: { display: spec.type === "doughnut" || spec.datasets.length > 1, position: "bottom" } }
    };
    if (spec.type === "doughnut") {
      options.aspectRatio = 1.4;
    } else {
      var narrow = window.innerWidth < 576;
      options.indexAxis = spec.horizontal ? "y" : "x";
      // Horizontal bars grow downwards with the number of labels so that each stays readable on a phone.
      options.aspectRatio = spec.horizontal ? Math.max(0.5, (narrow ? 1.6 : 2.6) - many * (narrow ? 0.12 : 0.08)) : (narrow ? 1.1 : 2);
      var valueAxis = { beginAtZero: true, stacked: spec.stacked, ticks: { precision: 0 } };
      var labelAxis = { stacked: spec.stacked, ticks: { autoSkip: false } };
      options.scales = spec.horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis };
    }
    return { type: spec.type, data: { labels: spec.labels, datasets: datasets }, options: options };
  }

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var spec = charts[canvas.getAttribute("data-chart")];
    if (spec) {
      new window.Chart(canvas, config(spec));
    }
  });
})();
