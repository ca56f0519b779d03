// Draws the charts of the cx report from the JSON block #cx-charts with Chart.js (inlined above).
(function () {
  'use strict';
  var specs = JSON.parse(document.getElementById('cx-charts').textContent);
  var palette = ['#1f5fa8', '#e07b00', '#2a9d5c', '#b3261e', '#7048a8', '#00838f', '#8d6e63', '#c2185b', '#5f7d95', '#9e9d24'];

  function duration(s) {
    var a = Math.abs(s), sign = s < 0 ? '-' : '';
    if (a < 120) return sign + a.toFixed(0) + ' s';
    if (a < 7200) return sign + (a / 60).toFixed(1) + ' min';
    if (a < 172800) return sign + (a / 3600).toFixed(1) + ' h';
    return sign + (a / 86400).toFixed(1) + ' days';
  }
  // The same formats as the page's tables (Fmt in the Java code).
  function format(kind, v) {
    if (v === null || v === undefined || isNaN(v)) return '–';
    switch (kind) {
      case 'percent': return (v * 100).toFixed(1) + '%';
      case 'score_percent': return v.toFixed(1) + '%';
      case 'points': return (v > 0 ? '+' : '') + v.toFixed(1);
      case 'decimal': return v.toFixed(2);
      case 'seconds': return duration(v);
      case 'money': return v.toLocaleString('en', {minimumFractionDigits: 2, maximumFractionDigits: 2});
      default: return Math.round(v).toLocaleString('en');
    }
  }
  function tick(kind, v) {
    if (kind === 'percent') return (v * 100).toFixed(0) + '%';
    if (kind === 'score_percent') return v.toFixed(0) + '%';
    if (kind === 'decimal' || kind === 'points') return Number(v.toFixed(2)).toString();
    return format(kind, v);
  }

  // One colour per series or bar name (a channel, a touchpoint) on the whole page.
  var colours = {};
  function colour(name) {
    if (!(name in colours)) colours[name] = palette[Object.keys(colours).length % palette.length];
    return colours[name];
  }
  // Durations are drawn in the unit that suits the chart's largest value, with that unit on the axis.
  var units = [[120, 1, 's'], [7200, 60, 'min'], [172800, 3600, 'h'], [Infinity, 86400, 'days']];
  function unitFor(spec) {
    var max = 0;
    spec.series.forEach(function (s) { s.values.forEach(function (v) { if (v !== null && v > max) max = v; }); });
    for (var i = 0; i < units.length; i++) if (max < units[i][0]) return units[i];
    return units[units.length - 1];
  }

  var charts = {};
  specs.forEach(function (spec) {
    var canvas = document.getElementById('chart-' + spec.id);
    if (!canvas) return;
    var spark = canvas.parentElement.classList.contains('spark');
    var horizontal = spec.kind === 'hbar';
    if (horizontal) canvas.parentElement.style.height = Math.max(160, 26 * spec.labels.length + 50) + 'px';
    var line = spec.kind === 'line';
    var unit = spec.format === 'seconds' ? unitFor(spec) : null;
    var perBar = spec.kind === 'bar' && spec.series.length === 1;
    var datasets = spec.series.map(function (s, i) {
      var c = spark || perBar ? palette[0] : colour(s.name);
      var fill = perBar ? spec.labels.map(function (l) { return colour(l) + 'cc'; }) : (line ? c : c + 'cc');
      return {
        label: s.name, raw: s.values, numerators: s.numerators, denominators: s.denominators,
        data: unit ? s.values.map(function (v) { return v === null ? null : v / unit[1]; }) : s.values,
        backgroundColor: fill, borderColor: c, borderWidth: line ? 2 : 0,
        pointRadius: line ? (spec.labels.length > 20 ? 1.5 : 3) : 0, spanGaps: false, tension: 0
      };
    });
    var valueAxis = {
      beginAtZero: !line || spec.format === 'percent' || spec.format === 'seconds',
      ticks: { callback: function (v) { return unit ? Number(v.toFixed(1)) + ' ' + unit[2] : tick(spec.format, v); },
        maxTicksLimit: 6 },
      display: !spark
    };
    var categoryAxis = { display: !spark, ticks: { autoSkip: true, maxRotation: 0 } };
    charts[spec.id] = new Chart(canvas, {
      type: line ? 'line' : 'bar',
      data: { labels: spec.labels, datasets: datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, indexAxis: horizontal ? 'y' : 'x',
        plugins: {
          legend: { display: !spark && spec.series.length > 1, position: 'bottom', labels: { boxWidth: 12 } },
          tooltip: { callbacks: { label: function (ctx) {
            var ds = ctx.dataset, i = ctx.dataIndex;
            var text = ds.label + ': ' + format(spec.format, ds.raw[i]);
            if (ds.denominators && ds.denominators[i] !== null) {
              text += spec.format === 'seconds' ? ' (over ' + format('count', ds.denominators[i]) + ')'
                : ' (' + format('count', ds.numerators[i]) + ' / ' + format('count', ds.denominators[i]) + ')';
            }
            return text;
          } } }
        },
        scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis }
      }
    });
  });
  window.cxCharts = charts;
  window.cxChartsDrawn = Object.keys(charts).length;

  // Printing: every daily table open, charts redrawn at the page's width.
  var closed = [];
  window.addEventListener('beforeprint', function () {
    closed = Array.prototype.filter.call(document.querySelectorAll('details'), function (d) { return !d.open; });
    closed.forEach(function (d) { d.open = true; });
    Object.keys(charts).forEach(function (k) { charts[k].resize(); });
  });
  window.addEventListener('afterprint', function () {
    closed.forEach(function (d) { d.open = false; });
    Object.keys(charts).forEach(function (k) { charts[k].resize(); });
  });
})();
