// report_data.js: the dashboard data as the page's views read it.
// Holds the document (report/dashboard-data.md), the indexes built from it
// (units by name, activity rows by unit, series by measure) and applies the
// live server's updates to both. Formatting of times and values is here so
// every view says a time the same way. No model logic: what is shown is in
// the data.
'use strict';
(function () {
  const R = window.DrillReport = window.DrillReport || {};
  const US_PER_MINUTE = 6e7;
  const US_PER_HOUR = 3.6e9;
  const US_PER_DAY = 8.64e10;
  R.US_PER_HOUR = US_PER_HOUR;
  R.US_PER_DAY = US_PER_DAY;

  const KIND_COLOURS = {
    transit: '#4f7fc0', on_station: '#2e9d57', refuelling: '#d9822b',
    waiting_for_resource: '#c0392b', maintenance: '#8e6bbf',
    replenishment_at_sea: '#16a0a0', in_port: '#7f8c8d',
  };
  const SPARE_COLOURS = ['#b5651d', '#6b8e23', '#cc5599', '#3f51b5', '#9e9d24', '#5d4037'];
  R.kindColour = function (name, index) {
    return KIND_COLOURS[name] || SPARE_COLOURS[index % SPARE_COLOURS.length];
  };
  R.OUTCOME_COLOURS = { on_time: '#2e7d32', late: '#e08a00', not_done: '#c62828', pending: '#6d7a8c' };
  R.OUTCOME_TEXT = { on_time: 'on time', late: 'late', not_done: 'not done', pending: 'pending' };

  function two(n) { return n < 10 ? '0' + n : String(n); }

  // "D+1 06:30" (seconds when there are any).
  R.formatDplus = function (us) {
    if (us === null || us === undefined) return '—';
    const sign = us < 0 ? '-' : '';
    let rest = Math.abs(us);
    const days = Math.floor(rest / US_PER_DAY); rest -= days * US_PER_DAY;
    const hours = Math.floor(rest / US_PER_HOUR); rest -= hours * US_PER_HOUR;
    const minutes = Math.floor(rest / US_PER_MINUTE); rest -= minutes * US_PER_MINUTE;
    const seconds = Math.floor(rest / 1e6);
    return sign + 'D+' + days + ' ' + two(hours) + ':' + two(minutes) + (seconds ? ':' + two(seconds) : '');
  };

  // "2026-09-15 06:30Z" from run.calendar_start, or null without a calendar.
  R.formatCalendar = function (us, doc) {
    const start = doc && doc.run && doc.run.calendar_start;
    if (!start || us === null || us === undefined) return null;
    const base = Date.parse(start);
    if (Number.isNaN(base)) return null;
    const d = new Date(base + us / 1000);
    return d.getUTCFullYear() + '-' + two(d.getUTCMonth() + 1) + '-' + two(d.getUTCDate()) + ' ' +
      two(d.getUTCHours()) + ':' + two(d.getUTCMinutes()) + 'Z';
  };

  R.formatTime = function (us, doc) {
    const calendar = R.formatCalendar(us, doc);
    return R.formatDplus(us) + (calendar ? ' (' + calendar + ')' : '');
  };

  R.formatDuration = function (us) {
    if (us === null || us === undefined) return '—';
    if (us < 1e6) return Number((us / 1e3).toPrecision(3)) + ' ms';
    if (us < US_PER_MINUTE) return (us / 1e6).toFixed(us < 1e7 ? 1 : 0) + ' s';
    if (us < US_PER_HOUR) return Math.round(us / US_PER_MINUTE) + ' min';
    if (us < US_PER_DAY) {
      const h = Math.floor(us / US_PER_HOUR);
      const m = Math.round((us - h * US_PER_HOUR) / US_PER_MINUTE);
      return h + ' h' + (m ? ' ' + m + ' min' : '');
    }
    const d = Math.floor(us / US_PER_DAY);
    const h = Math.round((us - d * US_PER_DAY) / US_PER_HOUR);
    return d + ' d' + (h ? ' ' + h + ' h' : '');
  };

  R.formatNumber = function (v) {
    if (v === null || v === undefined || Number.isNaN(v)) return '—';
    const a = Math.abs(v);
    if (a !== 0 && (a < 0.01 || a >= 1e7)) return v.toExponential(3);
    return Number(v.toPrecision(4)).toLocaleString('en-GB', { maximumFractionDigits: 3 });
  };

  // A small element builder: el('td', {className: 'x'}, 'text', child...).
  R.el = function (tag, props) {
    const node = document.createElement(tag);
    if (props) for (const key of Object.keys(props)) {
      if (key === 'dataset') Object.assign(node.dataset, props[key]);
      else if (key === 'style') node.setAttribute('style', props[key]);
      else node[key] = props[key];
    }
    for (let i = 2; i < arguments.length; ++i) {
      const child = arguments[i];
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  };

  R.labelText = function (labels) {
    const keys = Object.keys(labels || {});
    if (!keys.length) return 'all';
    return keys.map(function (k) { return keys.length === 1 ? labels[k] : k + '=' + labels[k]; }).join(', ');
  };

  // The document and its indexes. Views keep a reference to the model and
  // read `version` counters to know what changed since they last drew.
  class Model {
    constructor(doc) {
      this.doc = Model.normalise(doc);
      this.versions = { doc: 0, run: 0, measures: 0, units: 0, activities: 0, series: 0, tracks: 0, network: 0 };
      this.reindex();
    }

    // A whole new document (a live snapshot): every view redraws.
    replace(doc) {
      this.doc = Model.normalise(doc);
      this.reindex();
      for (const key of Object.keys(this.versions)) ++this.versions[key];
    }

    static normalise(doc) {
      if (!doc || doc.format !== 'drillsim-dashboard') {
        throw new Error('not a drillsim dashboard document (format: ' + (doc && doc.format) + ')');
      }
      doc.run = doc.run || {};
      doc.measures = doc.measures || [];
      doc.plan = doc.plan || {};
      doc.plan.phases = doc.plan.phases || [];
      doc.plan.tasks = doc.plan.tasks || [];
      doc.geography = doc.geography || {};
      doc.geography.points = doc.geography.points || [];
      doc.geography.areas = doc.geography.areas || [];
      doc.geography.routes = doc.geography.routes || [];
      doc.units = doc.units || [];
      doc.activity_kinds = doc.activity_kinds || [];
      doc.activities = doc.activities || [];
      doc.tracks = doc.tracks || [];
      doc.series = doc.series || [];
      return doc;
    }

    reindex() {
      const doc = this.doc;
      this.unitByName = new Map();
      this.firstOfGroup = new Map();
      doc.units.forEach((u, i) => {
        this.unitByName.set(u.name, i);
        if (u.group && !this.firstOfGroup.has(u.group)) this.firstOfGroup.set(u.group, i);
      });
      this.nodeByName = new Map(((doc.network && doc.network.nodes) || []).map(n => [n.name, n]));
      this.taskByName = new Map(doc.plan.tasks.map(t => [t.name, t]));
      this.pointByName = new Map(doc.geography.points.map(p => [p.name, p]));
      this.areaByName = new Map(doc.geography.areas.map(a => [a.name, a]));
      this.trackByUnit = new Map();
      for (const track of doc.tracks) this.trackByUnit.set(track.unit, track);
      this.rowsByUnit = doc.units.map(() => []);
      const rows = doc.activities;
      for (let id = 0; id < rows.length; ++id) this.indexRow(id);
      this.indexSeries();
    }

    indexRow(id) {
      const row = this.doc.activities[id];
      if (!row) return;
      const list = this.rowsByUnit[row[0]];
      if (!list) return;
      // Rows come ordered by start; a late arrival is put in place.
      let at = list.length;
      while (at > 0 && this.doc.activities[list[at - 1]][2] > row[2]) --at;
      list.splice(at, 0, id);
    }

    indexSeries() {
      this.seriesByMeasure = new Map();
      // One chart per measure; a statistic other than the value (an
      // integral, a maximum) is a chart of its own, not a line among values.
      this.doc.series.forEach((s, id) => {
        if (!s) return;
        const key = (s.measure || s.metric) + (s.statistic && s.statistic !== 'value' ? ' (' + s.statistic + ')' : '');
        if (!this.seriesByMeasure.has(key)) this.seriesByMeasure.set(key, []);
        this.seriesByMeasure.get(key).push(id);
      });
    }

    // Where a unit's rows end: the run's time while the run goes on.
    endOf(row) {
      return row[3] === null || row[3] === undefined ? this.nowUs() : row[3];
    }

    nowUs() {
      const run = this.doc.run;
      return run.now_us !== undefined && run.now_us !== null ? run.now_us : (run.horizon_us || 0);
    }

    horizonUs() {
      const run = this.doc.run;
      let end = run.horizon_us || 0;
      if (!end) for (const row of this.doc.activities) end = Math.max(end, row[3] || row[2]);
      return Math.max(end, 1);
    }

    // A live `update` message (dashboard-data.md): returns nothing; bumps the
    // versions of what it touched.
    applyUpdate(message) {
      const doc = this.doc;
      if (message.run) { doc.run = Object.assign(doc.run, message.run); ++this.versions.run; }
      // The headline measures come whole, when they changed.
      if (Array.isArray(message.measures)) { doc.measures = message.measures; ++this.versions.measures; }
      if (message.units && message.units.length) {
        for (const unit of message.units) {
          if (this.unitByName.has(unit.name)) continue;
          this.unitByName.set(unit.name, doc.units.length);
          doc.units.push(unit);
          this.rowsByUnit.push([]);
        }
        ++this.versions.units;
      }
      if (message.activities && message.activities.length) {
        const before = doc.activities.length;
        // A server that keeps only its latest rows says which row id its
        // first row has (first_activity); ids older than that are gone.
        const base = doc.first_activity || 0;
        for (const update of message.activities) {
          const id = update[0] - base;
          if (id < 0) continue;
          const row = update.slice(1);
          const known = doc.activities[id];
          doc.activities[id] = row;
          if (!known) this.indexRow(id);
          else if (known[0] !== row[0] || known[2] !== row[2]) {
            const old = this.rowsByUnit[known[0]];
            if (old) old.splice(old.indexOf(id), 1);
            this.indexRow(id);
          }
        }
        // Row ids are dense; a gap (not expected) is filled with nulls, not holes.
        for (let i = before; i < doc.activities.length; ++i) if (!doc.activities[i]) doc.activities[i] = null;
        ++this.versions.activities;
      }
      if (message.series && message.series.length) {
        let added = false;
        for (const s of message.series) {
          const known = doc.series[s.id];
          if (known) {
            for (const p of s.points || []) known.points.push(p);
          } else {
            const entry = Object.assign({}, s);
            delete entry.id;
            entry.points = (s.points || []).slice();
            doc.series[s.id] = entry;
            added = true;
          }
        }
        if (added) this.indexSeries();
        ++this.versions.series;
      }
      if (message.tracks && message.tracks.length) {
        for (const t of message.tracks) {
          let track = this.trackByUnit.get(t.unit);
          if (!track) { track = { unit: t.unit, points: [] }; doc.tracks.push(track); this.trackByUnit.set(t.unit, track); }
          for (const p of t.points || []) track.points.push(p);
        }
        ++this.versions.tracks;
      }
      if (message.network && message.network.links && doc.network) {
        for (const change of message.network.links) {
          const link = doc.network.links.find(l => l.name === change.name);
          if (link) Object.assign(link, change);
        }
        ++this.versions.network;
      }
    }
  }
  R.Model = Model;

  // Last index i with key(list[i]) <= value, or -1.
  R.lastAtOrBefore = function (list, value, key) {
    let lo = 0, hi = list.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (key(list[mid]) <= value) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  };
})();
