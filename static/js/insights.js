/* /inzichten/: draws a bar chart for each KPI from the data beside its table (json_script).
   Without JavaScript the tables are the page; the charts stay hidden. */
(function () {
  "use strict";
  var COLOURS = ["#b0001a", "#6c757d"];

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof window.Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    canvas.closest(".insights-chart").hidden = false;
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (set, index) {
          return { label: set.label, data: set.data, backgroundColor: COLOURS[index % COLOURS.length] };
        }),
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: false,
        plugins: { title: { display: true, text: data.title } },
        scales: {
          x: { beginAtZero: true },
          // Long row labels are shortened on a narrow screen (the table beside the chart has them whole).
          y: {
            ticks: {
              callback: function (value) {
                var label = String(this.getLabelForValue(value));
                var room = canvas.clientWidth < 500 ? 22 : 48;
                return label.length > room ? label.slice(0, room - 1) + "…" : label;
              },
            },
          },
        },
      },
    });
  }

  function start() {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
