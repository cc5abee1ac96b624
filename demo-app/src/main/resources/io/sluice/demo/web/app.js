// The hub's page: a live chart and table of readings from GET /api/live (server-sent events),
// seeded with the last hours from GET /api/readings, and the import/export status.
// No inline script or style anywhere, so the Content-Security-Policy can forbid them.
(function () {
  'use strict';

  var HISTORY_HOURS = 6;
  var MAX_POINTS_PER_STATION = 2000;
  var MAX_ROWS = 20;
  var STATUS_REFRESH_MS = 5000;
  var COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];

  var series = new Map(); // stationId -> {xs: [], ys: []}
  var plot = null;
  var plotStations = [];
  var redrawPending = false;

  function addPoint(reading) {
    var s = series.get(reading.stationId);
    if (!s) {
      s = { xs: [], ys: [] };
      series.set(reading.stationId, s);
    }
    var x = Date.parse(reading.recordedAt) / 1000;
    var i = s.xs.length;
    while (i > 0 && s.xs[i - 1] > x) { i--; }
    s.xs.splice(i, 0, x);
    s.ys.splice(i, 0, reading.temperature);
    if (s.xs.length > MAX_POINTS_PER_STATION) {
      s.xs.shift();
      s.ys.shift();
    }
  }

  function alignedData(stations) {
    var all = new Set();
    stations.forEach(function (id) { series.get(id).xs.forEach(function (x) { all.add(x); }); });
    var xs = Array.from(all).sort(function (a, b) { return a - b; });
    var index = new Map(xs.map(function (x, i) { return [x, i]; }));
    var data = [xs];
    stations.forEach(function (id) {
      var s = series.get(id);
      var ys = new Array(xs.length).fill(null);
      s.xs.forEach(function (x, i) { ys[index.get(x)] = s.ys[i]; });
      data.push(ys);
    });
    return data;
  }

  function redraw() {
    redrawPending = false;
    var stations = Array.from(series.keys()).sort().slice(0, COLOURS.length);
    if (stations.length === 0) { return; }
    document.getElementById('chart-empty').classList.add('hidden');
    var data = alignedData(stations);
    var container = document.getElementById('chart');
    if (plot && plotStations.join() === stations.join()) {
      plot.setData(data);
      return;
    }
    if (plot) { plot.destroy(); }
    plotStations = stations;
    plot = new uPlot({
      width: Math.max(300, container.clientWidth),
      height: 320,
      scales: {
        x: {
          time: true,
          range: function () {
            var now = Date.now() / 1000;
            return [now - HISTORY_HOURS * 3600, now + 60];
          }
        }
      },
      series: [{}].concat(stations.map(function (id, i) {
        return { label: id, stroke: COLOURS[i], width: 2, spanGaps: true };
      })),
      axes: [{}, { label: '°C' }]
    }, data, container);
    container.dataset.stations = stations.join(' ');
  }

  function scheduleRedraw() {
    if (!redrawPending) {
      redrawPending = true;
      window.requestAnimationFrame(redraw);
    }
  }

  function cell(text, numeric) {
    var td = document.createElement('td');
    td.textContent = text;
    if (numeric) { td.className = 'num'; }
    return td;
  }

  function addRow(reading) {
    var body = document.getElementById('latest');
    var tr = document.createElement('tr');
    tr.className = 'fresh';
    tr.dataset.id = String(reading.id);
    tr.dataset.station = reading.stationId;
    tr.appendChild(cell(String(reading.id), true));
    tr.appendChild(cell(reading.stationId));
    tr.appendChild(cell(new Date(reading.recordedAt).toLocaleString()));
    tr.appendChild(cell(reading.temperature.toFixed(1), true));
    tr.appendChild(cell(reading.humidity.toFixed(1), true));
    tr.appendChild(cell(reading.pressure.toFixed(1), true));
    body.insertBefore(tr, body.firstChild);
    while (body.children.length > MAX_ROWS) { body.removeChild(body.lastChild); }
  }

  function loadHistory() {
    var from = new Date(Date.now() - HISTORY_HOURS * 3600 * 1000).toISOString();
    return fetch('/api/readings?limit=20000&from=' + encodeURIComponent(from), {
      headers: { Accept: 'application/x-ndjson' }
    }).then(function (response) {
      if (!response.ok) { throw new Error('GET /api/readings answered ' + response.status); }
      return response.text();
    }).then(function (text) {
      text.split('\n').forEach(function (line) {
        if (line.trim()) { addPoint(JSON.parse(line)); }
      });
      scheduleRedraw();
    }).catch(function (error) { console.warn('history not loaded:', error.message); });
  }

  function connectLive() {
    var status = document.getElementById('live-status');
    var source = new EventSource('/api/live');
    source.onopen = function () {
      status.dataset.state = 'open';
      status.textContent = 'live';
    };
    source.onerror = function () {
      status.dataset.state = 'error';
      status.textContent = 'reconnecting…';
    };
    source.addEventListener('reading', function (event) {
      var reading = JSON.parse(event.data);
      addPoint(reading);
      addRow(reading);
      scheduleRedraw();
    });
  }

  function fillStatus(tbodyId, url, columns) {
    return fetch(url, { headers: { Accept: 'application/json' } }).then(function (response) {
      return response.ok ? response.json() : [];
    }).then(function (items) {
      var body = document.getElementById(tbodyId);
      body.textContent = '';
      items.forEach(function (item) {
        var tr = document.createElement('tr');
        columns.forEach(function (column, i) {
          var value = item[column];
          tr.appendChild(cell(value === undefined || value === null ? '' : String(value), i >= 2));
        });
        body.appendChild(tr);
      });
    }).catch(function () { /* the status panels are best effort */ });
  }

  function refreshStatus() {
    fillStatus('imports', '/api/imports', ['fileName', 'status', 'accepted', 'rejected']);
    fillStatus('exports', '/api/exports', ['id', 'status', 'rows', 'bytes']);
  }

  document.addEventListener('DOMContentLoaded', function () {
    loadHistory().then(connectLive);
    refreshStatus();
    window.setInterval(refreshStatus, STATUS_REFRESH_MS);
    window.addEventListener('resize', function () {
      if (plot) { plot.setSize({ width: document.getElementById('chart').clientWidth, height: 320 }); }
    });
  });
})();
