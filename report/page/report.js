// report.js: the page's start. Reads the dashboard data from the page itself
// (report.html, data-source="embedded") or from the live server
// (data-source="live": GET /api/dashboard, then /ws with a subscription to
// every metric, the timeline and the ships' tracks, applying `update`
// messages, the headline measures among them, and reading the rows an
// update left out), draws every
// view, and then tells tests and benchmarks so on <body>:
//   data-drawn="1"      everything has been drawn once;
//   data-draw-ms        performance.now() at that moment (ms since navigation);
//   data-start-ms, data-loaded-ms   the same clock when this script started
//                       and when the data had been read (parsed or fetched);
//   data-view-ms        each view's time to build, e.g. "timeline 12, map 80";
//   data-error          set by the error handler in the page's head on any error;
//   data-updates        live messages applied so far.
// The views write their own counts (timeline data-bars, map data-markers,
// charts data-series, tasks data-rows, network data-links).
'use strict';
(function () {
  const R = window.DrillReport;

  function nextFrame() { return new Promise(resolve => requestAnimationFrame(() => resolve())); }

  class Page {
    constructor(doc) {
      this.model = new R.Model(doc);
      this.refreshPending = false;
    }

    async drawAll() {
      const model = this.model;
      // A view that fails is reported (data-error) and the others still draw.
      // Each view's time to build (ms), for the benchmark: body data-view-ms.
      const spent = [];
      const guard = (what, draw) => {
        const from = performance.now();
        try {
          return draw();
        } catch (error) {
          window.drillMarkError(what + ': ' + ((error && error.stack) || error));
          return null;
        } finally {
          spent.push(what + ' ' + (performance.now() - from).toFixed(0));
        }
      };
      guard('summary', () => { R.drawRunLine(model); R.drawMeasures(model); R.drawTasks(model); });
      guard('replications', () => R.drawReplications(model));
      this.timeline = guard('timeline', () => new R.Timeline(document.getElementById('timeline'), model));
      this.map = guard('map', () => new R.DrillMap(document.getElementById('map'), model));
      this.charts = guard('charts', () => new R.Charts(model));
      this.network = guard('network', () => new R.Network(model));
      if (this.map && this.timeline) {
        this.map.onTime = t => this.timeline.setCursor(t);
        this.timeline.setCursor(Number(this.map.slider.value));
      }
      document.body.dataset.viewMs = spent.join(', ');
      if (this.timeline) await this.timeline.firstFrame;
      // Leaflet's canvas renderer draws on the next animation frame.
      await nextFrame();
      await nextFrame();
      document.body.dataset.drawMs = performance.now().toFixed(1);
      document.body.dataset.drawn = '1';
    }

    // At most one refresh of every view per animation frame; `whole` also
    // redraws the summary, `measures` the measure cards.
    refreshSoon(whole, measures) {
      this.wholeRefresh = this.wholeRefresh || whole;
      this.measuresRefresh = this.measuresRefresh || measures;
      if (this.refreshPending) return;
      this.refreshPending = true;
      requestAnimationFrame(() => {
        this.refreshPending = false;
        const model = this.model;
        R.drawRunLine(model);
        if (this.wholeRefresh) {
          R.drawMeasures(model);
          R.drawTasks(model);
          R.drawReplications(model);
          if (this.timeline) this.timeline.legend();
          this.wholeRefresh = false;
        } else if (this.measuresRefresh) {
          R.drawMeasures(model);
        }
        this.measuresRefresh = false;
        for (const view of [this.timeline, this.map, this.charts, this.network]) {
          if (!view) continue;
          try { view.refresh(); } catch (error) { window.drillMarkError((error && error.stack) || String(error)); }
        }
      });
    }

    /// The members of `from` that `into` lacks and the server leaves out of
    /// its snapshots.
    keptFrom(from, into) {
      const kept = {};
      for (const key of STATIC_MEMBERS) if (!(key in into) && key in from) kept[key] = from[key];
      return kept;
    }

    /// After the end, the whole document the server now has, as report.html
    /// has it: the tasks' outcomes, the measures, the tracks, the network's
    /// final state, every series with all its points (updates carry each
    /// series' latest point only), every row (row ids are the document's
    /// indexes) and, for a set of replications, its units, rows and
    /// aggregate (a set publishes none while it runs). The run is the
    /// server's latest word on it.
    async takeFinal() {
      try {
        const response = await fetch('/api/dashboard', liveFetchOptions());
        if (!response.ok) return;
        const final = await response.json();
        // Only a document of the ended run (a server still running, or one
        // that never had more, answers the one the page began with).
        if (!final.run || final.run.status === 'running' || final.run.status === 'paused') return;
        const run = Object.assign({}, final.run, this.model.doc.run);
        this.model.replace(Object.assign({}, this.model.doc, final, { run: run }));
        this.refreshSoon(true);
      } catch (error) {
        // The server may be gone already: the page keeps what it has.
      }
    }

    /// An update holds a bounded number of rows; the rest, from row id
    /// `since` on, are read from GET /api/timeline page by page (one reader
    /// at a time; a later cursor waits for it, an earlier one restarts it).
    async followRows(since) {
      if (this.rowsFrom === undefined || since < this.rowsFrom) this.rowsFrom = since;
      if (this.followingRows) return;
      this.followingRows = true;
      try {
        while (this.rowsFrom !== undefined) {
          const from = this.rowsFrom;
          this.rowsFrom = undefined;
          let next = from;
          while (next !== null && next !== undefined && this.rowsFrom === undefined) {
            const response = await fetch('/api/timeline?since=' + next + '&limit=10000', liveFetchOptions());
            if (!response.ok) return;
            const page = await response.json();
            this.model.applyUpdate({ activities: page.activities });
            this.refreshSoon(false);
            next = page.next;
          }
        }
      } catch (error) {
        // The server may be gone: the page keeps what it has.
      } finally {
        this.followingRows = false;
      }
    }

    connect() {
      const status = document.getElementById('live-status');
      status.hidden = false;
      const show = text => { status.textContent = 'Live: ' + text; };
      const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
      // A browser sets no header on a WebSocket: the token, if any, goes as
      // a subprotocol beside 'drillsim' (the server answers 'drillsim').
      const socket = TOKEN ? new WebSocket(scheme + '//' + location.host + '/ws', ['drillsim', 'drillsim.bearer.' + TOKEN])
                           : new WebSocket(scheme + '//' + location.host + '/ws');
      let updates = Number(document.body.dataset.updates || 0);
      socket.addEventListener('open', () => {
        show('connected');
        socket.send(JSON.stringify({ subscribe: { metrics: ['*'], timeline: true, tracks: true } }));
      });
      socket.addEventListener('message', event => {
        const message = JSON.parse(event.data);
        if (message.type === 'snapshot' && message.dashboard) {
          // The server's snapshot holds the run, the units, the rows, the
          // series and, once sampled, a single run's measures and the tracks;
          // what it leaves out (the plan, the geography, the network, ...)
          // stays as GET /api/dashboard gave it.
          this.model.replace(Object.assign(this.keptFrom(this.model.doc, message.dashboard), message.dashboard));
          this.refreshSoon(true);
        } else if (message.type === 'update') {
          this.model.applyUpdate(message);
          this.refreshSoon(false, Array.isArray(message.measures));
          if (message.activities_next !== undefined && message.activities_next !== null) this.followRows(message.activities_next);
        } else if (message.type === 'end') {
          this.model.applyUpdate({ run: message.run });
          this.refreshSoon(true);
          this.takeFinal();
        } else {
          return;
        }
        document.body.dataset.updates = String(++updates);
        const run = this.model.doc.run;
        show((run.status || '') + ' at ' + R.formatDplus(this.model.nowUs()) + (message.type === 'end' ? ' (the run has ended)' : ''));
      });
      socket.addEventListener('close', () => {
        if (this.model.doc.run.status === 'running' || this.model.doc.run.status === 'paused') {
          show('disconnected; trying again in 2 s');
          setTimeout(() => this.connect(), 2000);
        } else {
          show('the run has ended (' + (this.model.doc.run.status || 'closed') + ')');
        }
      });
    }
  }

  /// A served run with a token: the page is opened as URL#token=TOKEN (the
  /// fragment never leaves the browser); requests carry it as a header.
  const TOKEN = new URLSearchParams(location.hash.slice(1)).get('token') || '';
  function liveFetchOptions() {
    const options = { cache: 'no-store' };
    if (TOKEN) options.headers = { Authorization: 'Bearer ' + TOKEN };
    return options;
  }

  /// What a live page takes from GET /api/dashboard rather than from the
  /// server's snapshots and updates.
  const STATIC_MEMBERS = ['plan', 'geography', 'network', 'tracks', 'measures'];

  /// What the reader is told as it is, without a stack: the page cannot
  /// go on, and the text says what to do.
  class PageMessage extends Error {}

  async function load(source) {
    if (source === 'live') {
      const response = await fetch('/api/dashboard', liveFetchOptions());
      if (response.status === 401) {
        const url = location.origin + location.pathname;
        throw new PageMessage((TOKEN ? 'The token in this page\'s URL was refused. ' : 'This server needs a token. ') +
          'Open ' + url + '#token=TOKEN with the token given to drillsim run --token (or DRILLSIM_TOKEN); ' +
          'the part after # never leaves the browser.');
      }
      if (!response.ok) throw new Error('GET /api/dashboard: HTTP ' + response.status);
      return response.json();
    }
    const data = document.getElementById('dashboard-data');
    if (!data) throw new Error('the page holds no dashboard data');
    return JSON.parse(data.textContent);
  }

  async function main() {
    const source = document.documentElement.dataset.source;
    document.body.dataset.startMs = performance.now().toFixed(1);
    const doc = await load(source);
    document.body.dataset.loadedMs = performance.now().toFixed(1);
    const page = new Page(doc);
    window.drillReportPage = page;
    await page.drawAll();
    if (source === 'live') page.connect();
  }

  main().catch(error => window.drillMarkError(error instanceof PageMessage ? error.message
                                                                           : (error && error.stack) || String(error)));
})();
