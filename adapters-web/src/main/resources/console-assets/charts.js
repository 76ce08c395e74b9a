// Draws the usage dashboard's charts with Chart.js from the JSON the page embeds (#usage-data).
(function () {
  'use strict';
  var holder = document.getElementById('usage-data');
  if (!holder || typeof Chart === 'undefined') {
    return;
  }
  var data = JSON.parse(holder.textContent || '{}');
  var days = data.days || [];
  var options = { responsive: true, maintainAspectRatio: false, animation: false };

  function chart(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) {
      new Chart(canvas, config);
    }
  }
  function titled(text, extra) {
    var o = Object.assign({}, options, extra || {});
    o.plugins = Object.assign({ title: { display: true, text: text } }, o.plugins || {});
    return o;
  }
  var labels = days.map(function (d) { return d.day + (days.some(function (e) { return e.currency !== d.currency; }) ? ' ' + d.currency : ''); });

  chart('chart-tokens', {
    type: 'bar',
    data: { labels: labels, datasets: [
      { label: 'input cache hit', data: days.map(function (d) { return d.hit; }) },
      { label: 'input cache miss', data: days.map(function (d) { return d.miss; }) },
      { label: 'output', data: days.map(function (d) { return d.output; }) }
    ] },
    options: titled('Tokens per class per day', { scales: { x: { stacked: true }, y: { stacked: true } } })
  });
  chart('chart-revenue', {
    type: 'line',
    data: { labels: labels, datasets: [{ label: 'revenue', data: days.map(function (d) { return d.revenue; }) }] },
    options: titled('Revenue per day')
  });
  chart('chart-hit-ratio', {
    type: 'line',
    data: { labels: labels, datasets: [{ label: 'cache-hit ratio', data: days.map(function (d) { return d.hitRatio; }) }] },
    options: titled('Prompt cache-hit ratio per day', { scales: { y: { min: 0, max: 1 } } })
  });
  function byGroup(id, groups, title, field) {
    chart(id, {
      type: 'bar',
      data: { labels: (groups || []).map(function (g) { return g.label; }),
              datasets: [{ label: field, data: (groups || []).map(function (g) { return g[field]; }) }] },
      options: titled(title, { indexAxis: 'y' })
    });
  }
  byGroup('chart-by-model', data.byModel, 'Revenue by model', 'revenue');
  byGroup('chart-by-tenant', data.byTenant, 'Revenue by tenant (top 10)', 'revenue');
  byGroup('chart-by-backend', data.byBackend, 'Tokens by backend', 'tokens');
  document.body.setAttribute('data-charts', String(Chart.instances ? Object.keys(Chart.instances).length : 0));
})();
