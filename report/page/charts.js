// charts.js: the sampled series (dygraphs), one chart per measure: every
// series of the chosen measure against time in hours since D+0, with the
// measure's unit on the y axis and the series' reference levels (critical
// fuel, reorder point, required on station) as dashed lines. A select
// chooses the measure. Series need not share sample times: the chart's rows
// are the union of their times, gaps joined.
'use strict';
(function () {
  const R = window.DrillReport;
  // Measures shown first when present, in this order; then the rest by name.
  const PREFERRED = ['ship_fuel', 'fuel_on_board', 'aircraft_on_station', 'resource_queue', 'resource_utilisation',
    'fuel_stock_level', 'stock_level', 'message_delivery', 'message_latency', 'age_of_information'];
  const PALETTE = ['#1565c0', '#e65100', '#2e7d32', '#6a1b9a', '#c62828', '#00838f', '#ad1457', '#4e342e',
    '#f9a825', '#283593', '#558b2f', '#37474f'];

  class Charts {
    constructor(model) {
      this.model = model;
      this.select = document.getElementById('chart-measure');
      this.element = document.getElementById('charts');
      this.chartDiv = document.getElementById('chart');
      this.labelsDiv = document.getElementById('chart-labels');
      this.note = document.getElementById('chart-note');
      this.graph = null;
      this.fillSelect();
      this.select.addEventListener('change', () => this.show(this.select.value));
      if (this.select.value) this.show(this.select.value);
    }

    measures() {
      const keys = Array.from(this.model.seriesByMeasure.keys());
      const rank = k => { const i = PREFERRED.findIndex(p => k === p); return i < 0 ? PREFERRED.length : i; };
      keys.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
      return keys;
    }

    fillSelect() {
      const chosen = this.select.value;
      this.select.replaceChildren();
      for (const key of this.measures()) {
        const ids = this.model.seriesByMeasure.get(key);
        const first = this.model.doc.series[ids[0]];
        this.select.append(R.el('option', { value: key },
          key.replace(/_/g, ' ') + (first.unit ? ' (' + first.unit + ')' : '') + ' · ' + ids.length));
      }
      if (chosen && this.model.seriesByMeasure.has(chosen)) this.select.value = chosen;
      this.element.dataset.series = String(this.model.doc.series.length);
      this.element.dataset.measures = String(this.model.seriesByMeasure.size);
      this.seriesCount = this.model.doc.series.length;
    }

    rows(ids) {
      const series = ids.map(id => this.model.doc.series[id]);
      const times = new Set();
      for (const s of series) for (const p of s.points) times.add(p[0]);
      const sorted = Array.from(times).sort((a, b) => a - b);
      const column = new Map(sorted.map((t, i) => [t, i]));
      const rows = sorted.map(t => { const row = new Array(series.length + 1).fill(null); row[0] = t / R.US_PER_HOUR; return row; });
      series.forEach((s, c) => { for (const p of s.points) rows[column.get(p[0])][c + 1] = p[1]; });
      return rows;
    }

    show(measure) {
      const ids = this.model.seriesByMeasure.get(measure) || [];
      if (!ids.length) return;
      const doc = this.model.doc;
      const series = ids.map(id => doc.series[id]);
      const unit = series[0].unit || '';
      const labels = ['time'];
      const seen = new Map();
      for (const s of series) {
        let label = R.labelText(s.labels);
        if (label === 'all' && series.length > 1) label = s.metric;
        const n = (seen.get(label) || 0) + 1;
        seen.set(label, n);
        labels.push(n > 1 ? label + ' #' + n : label);
      }
      // Reference levels: one dashed line per distinct (name, value).
      const references = new Map();
      for (const s of series) {
        for (const [name, value] of Object.entries(s.reference || {})) {
          if (typeof value === 'number') references.set(name + ' ' + value, { name: name, value: value });
        }
      }
      const refs = Array.from(references.values());
      const data = this.rows(ids);
      const doc_ = doc;
      const options = {
        labels: labels,
        xlabel: 'time since D+0 (h)',
        ylabel: measure.replace(/_/g, ' ') + (unit ? ' (' + unit + ')' : ''),
        labelsDiv: this.labelsDiv,
        labelsSeparateLines: true,
        legend: 'always',
        connectSeparatedPoints: true,
        colors: labels.slice(1).map((_, i) => PALETTE[i % PALETTE.length]),
        strokeWidth: 1.3,
        axes: {
          x: { valueFormatter: h => R.formatTime(h * R.US_PER_HOUR, doc_) },
          y: { axisLabelWidth: 60 },
        },
        highlightSeriesOpts: series.length > 1 ? { strokeWidth: 2.5 } : undefined,
        underlayCallback: (ctx, area, g) => {
          ctx.save();
          ctx.setLineDash([6, 4]);
          ctx.font = '11px system-ui, sans-serif';
          for (const ref of refs) {
            const y = g.toDomYCoord(ref.value);
            if (y < area.y || y > area.y + area.h) continue;
            ctx.strokeStyle = '#c62828';
            ctx.beginPath(); ctx.moveTo(area.x, y); ctx.lineTo(area.x + area.w, y); ctx.stroke();
            ctx.fillStyle = '#c62828';
            ctx.fillText(ref.name.replace(/_/g, ' ') + ' ' + R.formatNumber(ref.value) + (unit ? ' ' + unit : ''), area.x + 4, y - 3);
          }
          ctx.restore();
        },
      };
      if (refs.length) {
        let lo = Infinity, hi = -Infinity;
        for (const row of data) for (let c = 1; c < row.length; ++c) if (row[c] !== null) { lo = Math.min(lo, row[c]); hi = Math.max(hi, row[c]); }
        for (const ref of refs) { lo = Math.min(lo, ref.value); hi = Math.max(hi, ref.value); }
        if (Number.isFinite(lo)) { const pad = (hi - lo) * 0.05 || 1; options.valueRange = [Math.min(0, lo - pad), hi + pad]; }
      }
      if (this.graph) this.graph.destroy();
      this.chartDiv.replaceChildren();
      this.graph = new Dygraph(this.chartDiv, data.length ? data : [[0].concat(series.map(() => null))], options);
      this.shown = measure;
      this.element.dataset.shownSeries = String(series.length);
      this.element.dataset.references = String(refs.length);
      this.note.textContent = series.map(s => s.help).filter(Boolean)[0] || '';
    }

    refresh() {
      if (this.seriesCount !== this.model.doc.series.length) this.fillSelect();
      if (!this.shown && this.select.value) { this.show(this.select.value); return; }
      if (this.shown && this.seriesVersion !== this.model.versions.series) {
        this.seriesVersion = this.model.versions.series;
        const ids = this.model.seriesByMeasure.get(this.shown) || [];
        if (this.graph && ids.length + 1 === this.graph.getLabels().length) this.graph.updateOptions({ file: this.rows(ids) });
        else this.show(this.shown);
      }
    }
  }
  R.Charts = Charts;
})();
