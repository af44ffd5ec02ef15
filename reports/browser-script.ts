/**
 * The script the report page runs: it reads the chart specs from the page's JSON block and
 * draws each with chart.js (inlined before it), adding what JSON cannot carry — axis and
 * tooltip formatters, and a small plugin that shades fault windows and marks phase boundaries
 * (no annotation-plugin dependency for a few rectangles and lines). Animation is off, so a
 * chart's pixels are final as soon as it is created (for printing and the browser test).
 *
 * It is a string, not a compiled function, so that its bytes — and the report's — are the same
 * whichever way faultline was built or run.
 */
export const BROWSER_SCRIPT = `(function () {
  'use strict';
  var specs = JSON.parse(document.getElementById('report-charts').textContent);
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function clock(ms) {
    var seconds = Math.floor(ms / 1000), h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    return h + ':' + pad(m) + (s ? ':' + pad(s) : '');
  }
  function duration(ms) {
    if (!isFinite(ms)) return 'never';
    var abs = Math.abs(ms), sign = ms < 0 ? '-' : '';
    if (abs < 1000) return sign + Math.round(abs) + 'ms';
    if (abs < 60000) return sign + Number((abs / 1000).toFixed(1)) + 's';
    if (abs < 3600000) { var s = Math.floor((abs % 60000) / 1000); return sign + Math.floor(abs / 60000) + 'm' + (s ? s + 's' : ''); }
    var m = Math.floor((abs % 3600000) / 60000);
    return sign + Math.floor(abs / 3600000) + 'h' + (m ? m + 'm' : '');
  }
  var formats = {
    clock: clock,
    duration: duration,
    percent: function (v) { return Number((v * 100).toFixed(1)) + '%'; },
    number: function (v) { return String(Number(Number(v).toFixed(3))); }
  };
  function shading(windows, markers) {
    return {
      id: 'faultWindows',
      beforeDatasetsDraw: function (chart) {
        var area = chart.chartArea, x = chart.scales.x, ctx = chart.ctx;
        ctx.save();
        ctx.font = '11px system-ui, sans-serif';
        windows.forEach(function (w, i) {
          var left = Math.max(area.left, x.getPixelForValue(w.startMs));
          var right = Math.min(area.right, x.getPixelForValue(w.endMs));
          if (right <= left) return;
          ctx.fillStyle = w.color;
          ctx.fillRect(left, area.top, right - left, area.bottom - area.top);
          ctx.fillStyle = '#333';
          ctx.fillText(w.label, left + 3, area.top + 12 + 13 * (i % 3));
        });
        markers.forEach(function (marker) {
          var px = x.getPixelForValue(marker.atMs);
          if (px < area.left || px > area.right) return;
          ctx.strokeStyle = '#555';
          ctx.setLineDash([4, 4]);
          ctx.beginPath();
          ctx.moveTo(px, area.top);
          ctx.lineTo(px, area.bottom);
          ctx.stroke();
          ctx.setLineDash([]);
          ctx.fillStyle = '#555';
          ctx.textAlign = 'right';
          ctx.fillText(marker.label, px - 4, area.top + 12);
        });
        ctx.restore();
      }
    };
  }
  var pointLabels = {
    id: 'pointLabels',
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx, area = chart.chartArea, used = {};
      ctx.save();
      ctx.font = '12px system-ui, sans-serif';
      ctx.textBaseline = 'middle';
      chart.data.datasets.forEach(function (dataset, index) {
        var meta = chart.getDatasetMeta(index);
        if (meta.hidden) return;
        meta.data.forEach(function (element, i) {
          var raw = dataset.data[i], text = dataset.label + (raw.run ? ' · ' + raw.run : '');
          var key = Math.round(element.x / 10) + ',' + Math.round(element.y / 10);
          var stacked = used[key] || 0;
          used[key] = stacked + 1;
          var leftward = element.x + 10 + ctx.measureText(text).width > area.right;
          ctx.textAlign = leftward ? 'right' : 'left';
          ctx.fillStyle = dataset.borderColor;
          ctx.fillText(text, element.x + (leftward ? -10 : 10), element.y - 14 * stacked);
        });
      });
      ctx.restore();
    }
  };
  function tooltipLabel(spec) {
    var format = spec.format || {};
    var fx = formats[format.x] || String, fy = formats[format.y] || String;
    return function (item) {
      var raw = item.raw, name = item.dataset.label;
      if (Array.isArray(raw)) return clock(raw[0]) + ' → ' + clock(raw[1]);
      if (format.x === 'category') return name + (raw.run ? ' (' + raw.run + ')' : '') + ': ' + fy(raw.y);
      if (raw !== null && typeof raw === 'object') return name + (raw.run ? ' (' + raw.run + ')' : '') + ': ' + fx(raw.x) + ', ' + fy(raw.y);
      return name + ': ' + (raw === null ? '-' : (spec.options.indexAxis === 'y' ? fx : fy)(raw));
    };
  }
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  specs.forEach(function (spec) {
    var options = spec.options;
    options.animation = false;
    options.responsive = true;
    options.maintainAspectRatio = false;
    options.scales = options.scales || {};
    options.plugins = options.plugins || {};
    ['x', 'y'].forEach(function (axis) {
      var name = (spec.format || {})[axis];
      if (!name) return;
      var scale = options.scales[axis] = options.scales[axis] || {};
      var categories = spec.categories || [];
      var write = name === 'category' ? function (v) { return categories[v] === undefined ? '' : categories[v]; } : formats[name];
      scale.ticks = Object.assign({}, scale.ticks, { callback: function (value) { return write(Number(value)); } });
      // A category axis has a tick at each category's position and nowhere else.
      if (name === 'category') scale.afterBuildTicks = function (built) { built.ticks = categories.map(function (_, i) { return { value: i }; }); };
    });
    options.plugins.tooltip = { callbacks: { label: tooltipLabel(spec) } };
    new Chart(document.getElementById(spec.canvas), { type: spec.type, data: spec.data, options: options, plugins: [shading(spec.windows || [], spec.markers || [])].concat(spec.pointLabels ? [pointLabels] : []) });
  });
  function resizeAll() { Object.keys(Chart.instances).forEach(function (id) { Chart.instances[id].resize(); }); }
  window.addEventListener('beforeprint', resizeAll);
  window.addEventListener('afterprint', resizeAll);
  document.documentElement.setAttribute('data-charts-drawn', String(specs.length));
})();`;
