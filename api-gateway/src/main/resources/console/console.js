// The console's only script besides htmx and uPlot: confirmations on dangerous forms and the overview's
// charts. Pages work without it (forms post, tables are server-rendered); this only adds to them.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  function chart(element, data) {
    if (typeof uPlot === "undefined") {
      return;
    }
    var series = [{}].concat(data.series.map(function (s) {
      // Points too, so that a minute with data between empty ones still shows.
      return { label: s.label, stroke: s.color, width: 2, spanGaps: true, points: { show: true, size: 4 } };
    }));
    var width = Math.max(280, element.clientWidth - 16);
    element.textContent = "";
    new uPlot({
      title: data.title, width: width, height: 200, series: series,
      axes: [{}, { label: data.unit, size: 60 }],
      scales: { x: { time: true } }
    }, [data.x].concat(data.series.map(function (s) { return s.values; })), element);
  }

  function drawCharts() {
    var holder = document.getElementById("chart-data");
    if (!holder) {
      return;
    }
    var charts = JSON.parse(holder.textContent);
    Object.keys(charts).forEach(function (id) {
      var element = document.getElementById(id);
      if (element) {
        chart(element, charts[id]);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", drawCharts);
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.target && event.target.querySelector && event.target.querySelector("#chart-data")) {
      drawCharts();
    }
  });
})();
