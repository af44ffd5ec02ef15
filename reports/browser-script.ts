/**
 * The script the report page runs: it reads the chart specs from the page's JSON block and
 * draws each with chart.js (inlined before it), adding what JSON cannot carry — the axes' ticks
 * (positions and labels computed with the report, `reports/axes.ts`), tooltip text, a legend
 * that lists one entry per group of datasets and toggles the whole group, and small plugins: fault
 * windows shaded and phase boundaries marked (no annotation-plugin dependency for a few
 * rectangles and lines), names beside points, counts at the end of bars, and the name of each
 * panel of a chart of small multiples. Animation is off, so a chart's pixels are final as soon
 * as it is created (for printing and the browser test).
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
  function shading(windows, markers, panels) {
    return {
      id: 'faultWindows',
      beforeDatasetsDraw: function (chart) {
        var area = chart.chartArea, x = chart.scales.x, ctx = chart.ctx, rows = {};
        ctx.save();
        // Window labels keep clear of the panels' names (written at each panel's top left).
        ctx.font = '600 12px system-ui, sans-serif';
        panels.forEach(function (panel) {
          var scale = chart.scales[panel.axis];
          if (scale) rows[Math.round(scale.top)] = [[0, area.left, area.left + 10 + ctx.measureText(panel.label).width]];
        });
        ctx.font = '11px system-ui, sans-serif';
        windows.forEach(function (w) {
          var left = Math.max(area.left, x.getPixelForValue(w.startMs));
          var right = Math.min(area.right, x.getPixelForValue(w.endMs));
          if (right <= left) return;
          // The whole height, or only the panels of the strategies that recorded the window.
          var bands = (w.panels || [null]).map(function (axis) {
            var scale = axis && chart.scales[axis];
            return scale ? [scale.top, scale.bottom] : [area.top, area.bottom];
          });
          ctx.fillStyle = w.color;
          bands.forEach(function (band) { ctx.fillRect(left, band[0], right - left, band[1] - band[0]); });
          // Labels in rows from the band's top: the first row where this one overlaps no other.
          var top = Math.round(bands[0][0]), width = ctx.measureText(w.label).width;
          var start = left + 3 + width > area.right ? right - 3 - width : left + 3;
          var used = rows[top] = rows[top] || [];
          var row = 0;
          while (used.some(function (span) { return span[0] === row && start < span[2] + 6 && start + width + 6 > span[1]; })) row++;
          used.push([row, start, start + width]);
          ctx.fillStyle = '#333';
          ctx.textAlign = 'left';
          ctx.fillText(w.label, start, top + 11 + 13 * row);
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
          ctx.fillText(marker.label, px - 4, area.top + 11);
        });
        ctx.restore();
      }
    };
  }
  function panelNames(panels) {
    return {
      id: 'panelNames',
      afterDatasetsDraw: function (chart) {
        var ctx = chart.ctx, area = chart.chartArea;
        ctx.save();
        ctx.font = '600 12px system-ui, sans-serif';
        ctx.textAlign = 'left';
        ctx.textBaseline = 'top';
        panels.forEach(function (panel, i) {
          var scale = chart.scales[panel.axis];
          if (!scale) return;
          if (i > 0) {
            ctx.strokeStyle = '#999';
            ctx.beginPath();
            ctx.moveTo(area.left, Math.round(scale.top) + 0.5);
            ctx.lineTo(area.right, Math.round(scale.top) + 0.5);
            ctx.stroke();
          }
          var width = ctx.measureText(panel.label).width;
          ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
          ctx.fillRect(area.left + 2, scale.top + 2, width + 8, 16);
          ctx.fillStyle = panel.color;
          ctx.fillText(panel.label, area.left + 6, scale.top + 4);
        });
        ctx.restore();
      }
    };
  }
  // Each point's name beside it: right of it if that space is free (of other names and points), else left, else above
  // or below.
  var pointLabels = {
    id: 'pointLabels',
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx, area = chart.chartArea, placed = [], points = [];
      ctx.save();
      ctx.font = '12px system-ui, sans-serif';
      ctx.textBaseline = 'middle';
      chart.data.datasets.forEach(function (dataset, index) {
        var meta = chart.getDatasetMeta(index);
        if (!meta.hidden) meta.data.forEach(function (element) { points.push([element.x - 8, element.y - 8, element.x + 8, element.y + 8]); });
      });
      function free(box) {
        if (box[0] < area.left || box[2] > area.right + 10 || box[1] < area.top - 4 || box[3] > area.bottom + 4) return false;
        return !placed.concat(points).some(function (other) { return box[0] < other[2] && box[2] > other[0] && box[1] < other[3] && box[3] > other[1]; });
      }
      chart.data.datasets.forEach(function (dataset, index) {
        var meta = chart.getDatasetMeta(index);
        if (meta.hidden) return;
        meta.data.forEach(function (element, i) {
          var raw = dataset.data[i], text = dataset.label + (raw.run ? ' · ' + raw.run : '');
          var w = ctx.measureText(text).width, h = 13, x = element.x, y = element.y;
          var candidates = [[x + 11, y], [x - 11 - w, y], [x + 6, y - 15], [x - 6 - w, y - 15], [x + 6, y + 15], [x - 6 - w, y + 15]];
          for (var k = 1; k <= 6; k++) candidates.push([x + 11, y - 15 * k], [x - 11 - w, y - 15 * k], [x + 11, y + 15 * k], [x - 11 - w, y + 15 * k]);
          var spot = candidates.find(function (c) { return free([c[0], c[1] - h / 2, c[0] + w, c[1] + h / 2]); }) || candidates[0];
          placed.push([spot[0], spot[1] - h / 2, spot[0] + w, spot[1] + h / 2]);
          ctx.textAlign = 'left';
          ctx.fillStyle = dataset.borderColor;
          ctx.fillText(text, spot[0], spot[1]);
        });
      });
      ctx.restore();
    }
  };
  var valueLabels = {
    id: 'valueLabels',
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx, horizontal = chart.options.indexAxis === 'y';
      ctx.save();
      ctx.font = '11px system-ui, sans-serif';
      ctx.fillStyle = '#333';
      ctx.textBaseline = 'middle';
      chart.data.datasets.forEach(function (dataset, index) {
        var meta = chart.getDatasetMeta(index), texts = dataset.valueLabels || [];
        if (meta.hidden) return;
        meta.data.forEach(function (bar, i) {
          if (!texts[i]) return;
          ctx.textAlign = horizontal ? 'left' : 'center';
          ctx.fillText(texts[i], horizontal ? bar.x + 4 : bar.x, horizontal ? bar.y : bar.y - 8);
        });
      });
      ctx.restore();
    }
  };
  function tooltipCallbacks(spec) {
    var format = spec.format || {};
    var fx = formats[format.x] || String, fy = formats[format.y] || String;
    return {
      title: function (items) {
        var item = items[0];
        if (!item) return '';
        var raw = item.raw;
        if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && raw.title) return raw.title;
        if (spec.type === 'bar') return item.label;
        return format.x ? fx(item.parsed.x) : '';
      },
      label: function (item) {
        var raw = item.raw, name = item.dataset.label, tips = item.dataset.tips;
        if (tips && tips[item.dataIndex]) return tips[item.dataIndex];
        if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && raw.tip) return raw.tip;
        if (Array.isArray(raw)) return clock(raw[0]) + ' → ' + clock(raw[1]);
        if (raw !== null && typeof raw === 'object') return name + (raw.run ? ' (' + raw.run + ')' : '') + ': ' + fy(raw.y);
        return name + ': ' + (raw === null ? '-' : (spec.options.indexAxis === 'y' ? fx : fy)(raw));
      }
    };
  }
  function legendOptions(options) {
    var legend = options.plugins.legend = options.plugins.legend || {};
    legend.labels = Object.assign({ usePointStyle: true, boxHeight: 8 }, legend.labels, {
      filter: function (item, data) { return !data.datasets[item.datasetIndex].hideInLegend; }
    });
    // One entry stands for every dataset of its group (a strategy across the panels of small multiples).
    legend.onClick = function (event, item, control) {
      var chart = control.chart, group = chart.data.datasets[item.datasetIndex].group;
      var hide = chart.isDatasetVisible(item.datasetIndex);
      chart.data.datasets.forEach(function (dataset, index) {
        if (index === item.datasetIndex || (group !== undefined && dataset.group === group)) chart.setDatasetVisibility(index, !hide);
      });
      chart.update();
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
    options.layout = options.layout || { padding: { right: 12 } };
    Object.keys(spec.ticks || {}).forEach(function (axis) {
      var ticks = spec.ticks[axis], scale = options.scales[axis] = options.scales[axis] || {};
      // Exactly these ticks, at these positions, with these labels.
      scale.afterBuildTicks = function (built) { built.ticks = ticks.map(function (tick) { return { value: tick.value }; }); };
      scale.ticks = Object.assign({ autoSkip: false, maxRotation: 0 }, scale.ticks, { callback: function (value, index) { return ticks[index] ? ticks[index].label : ''; } });
    });
    options.plugins.tooltip = Object.assign({}, options.plugins.tooltip, { callbacks: tooltipCallbacks(spec) });
    legendOptions(options);
    var plugins = [shading(spec.windows || [], spec.markers || [], spec.panels || [])];
    if (spec.panels) plugins.push(panelNames(spec.panels));
    if (spec.pointLabels) plugins.push(pointLabels);
    if (spec.valueLabels) plugins.push(valueLabels);
    new Chart(document.getElementById(spec.canvas), { type: spec.type, data: spec.data, options: options, plugins: plugins });
  });
  function resizeAll() { Object.keys(Chart.instances).forEach(function (id) { Chart.instances[id].resize(); }); }
  window.addEventListener('beforeprint', resizeAll);
  window.addEventListener('afterprint', resizeAll);
  document.documentElement.setAttribute('data-charts-drawn', String(specs.length));
})();`;
