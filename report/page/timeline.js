// timeline.js: the Gantt chart of every unit's activity rows, on one canvas.
// Rows: the plan's tasks (their windows, coloured by outcome), then the units
// grouped by task group (ships) or base and squadron (aircraft). The plan's
// phases are bands behind everything. Wheel zooms time about the pointer,
// drag pans, shift+wheel scrolls the units, double-click shows the whole
// drill; wheel over the unit names scrolls them too; hover shows the record
// under the pointer.
// Cost per frame: only the rows in view are visited, and in each only the
// bars that start before the view's end (binary search); bars of one kind are
// one path, filled once. Frames are drawn on requestAnimationFrame, at most
// one per frame however many events asked for one.
'use strict';
(function () {
  const R = window.DrillReport;
  const LABEL_WIDTH = 180;
  const AXIS_HEIGHT = 36;
  const ROW_HEIGHT = 16;
  const GROUP_HEIGHT = 18;

  class Timeline {
    constructor(element, model) {
      this.element = element;
      this.canvas = element.querySelector('canvas');
      this.tooltip = element.querySelector('.tooltip');
      this.ctx = this.canvas.getContext('2d');
      this.model = model;
      this.t0 = 0;
      this.t1 = model.horizonUs();
      this.scrollY = 0;
      this.pending = false;
      this.drawnOnce = null;
      this.firstFrame = new Promise(resolve => { this.drawnOnce = resolve; });
      this.layout();
      this.legend();
      this.listen();
      new ResizeObserver(() => this.request()).observe(element);
      this.request();
    }

    // Rows in drawing order, with their y offsets.
    layout() {
      const doc = this.model.doc;
      const rows = [];
      if (doc.plan.tasks.length) {
        rows.push({ type: 'group', label: 'Plan: task windows' });
        for (const task of doc.plan.tasks) rows.push({ type: 'task', task: task });
      }
      const groups = new Map();
      doc.units.forEach((unit, index) => {
        const aircraft = unit.kind === 'aircraft';
        // Entries that are neither ships nor aircraft (network nodes) last, in one group.
        const key = !unit.kind ? '3 other units'
          : (aircraft ? '2 ' : '1 ') + (aircraft && unit.base ? unit.base + ' · ' : '') + (unit.group || unit.name);
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key).push(index);
      });
      const keys = Array.from(groups.keys());
      // Ships first, then aircraft, then the rest; otherwise in the document's order.
      keys.sort((a, b) => a[0] === b[0] ? 0 : (a[0] < b[0] ? -1 : 1));
      let bars = 0;
      for (const key of keys) {
        rows.push({ type: 'group', label: key.slice(2) });
        for (const unit of groups.get(key)) {
          rows.push({ type: 'unit', unit: unit });
          bars += this.model.rowsByUnit[unit].length;
        }
      }
      let y = 0;
      for (const row of rows) {
        row.y = y;
        row.h = row.type === 'group' ? GROUP_HEIGHT : ROW_HEIGHT;
        y += row.h;
      }
      this.rows = rows;
      this.contentHeight = y;
      // A short drill gets a short timeline; a long one scrolls in 560 px.
      this.element.style.height = Math.min(560, y + AXIS_HEIGHT + 2) + 'px';
      this.element.dataset.bars = String(bars);
      this.element.dataset.units = String(doc.units.length);
      this.layoutVersion = [this.model.versions.units, this.model.versions.activities];
    }

    legend() {
      const box = document.getElementById('timeline-legend');
      if (!box) return;
      box.replaceChildren();
      this.model.doc.activity_kinds.forEach((kind, i) => {
        box.append(R.el('span', null, R.el('i', { style: 'background:' + R.kindColour(kind, i) }), kind.replace(/_/g, ' ')));
      });
    }

    // Called when the model changed (live updates).
    refresh() {
      const v = this.model.versions;
      if (this.layoutVersion[0] !== v.units || this.layoutVersion[1] !== v.activities) {
        const wholeView = this.t0 === 0 && this.t1 === this.lastHorizon;
        this.layout();
        if (wholeView) this.t1 = this.model.horizonUs();
      }
      this.request();
    }

    request() {
      if (this.pending) return;
      this.pending = true;
      requestAnimationFrame(() => { this.pending = false; this.draw(); });
    }

    x(t) { return LABEL_WIDTH + (t - this.t0) * this.scale; }
    t(x) { return this.t0 + (x - LABEL_WIDTH) / this.scale; }

    draw() {
      const from = performance.now();
      const dpr = window.devicePixelRatio || 1;
      const width = this.element.clientWidth;
      const height = this.element.clientHeight;
      if (this.canvas.width !== Math.round(width * dpr) || this.canvas.height !== Math.round(height * dpr)) {
        this.canvas.width = Math.round(width * dpr);
        this.canvas.height = Math.round(height * dpr);
      }
      const ctx = this.ctx;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, width, height);
      this.width = width;
      this.height = height;
      this.lastHorizon = this.model.horizonUs();
      this.scale = (width - LABEL_WIDTH) / Math.max(1, this.t1 - this.t0);
      const maxScroll = Math.max(0, this.contentHeight - (height - AXIS_HEIGHT));
      this.scrollY = Math.min(Math.max(0, this.scrollY), maxScroll);

      this.drawPhases(ctx);
      ctx.save();
      ctx.beginPath();
      ctx.rect(0, AXIS_HEIGHT, width, height - AXIS_HEIGHT);
      ctx.clip();
      const drawn = this.drawRows(ctx);
      ctx.restore();
      this.drawAxis(ctx);
      this.drawNow(ctx);
      this.drawCursor(ctx);
      this.drawScrollbar(ctx);
      this.element.dataset.visibleBars = String(drawn);
      this.element.dataset.frameMs = (performance.now() - from).toFixed(1);
      if (this.drawnOnce) { const done = this.drawnOnce; this.drawnOnce = null; done(); }
    }

    drawPhases(ctx) {
      const phases = this.model.doc.plan.phases;
      ctx.font = '11px system-ui, sans-serif';
      phases.forEach((phase, i) => {
        const a = Math.max(LABEL_WIDTH, this.x(phase.start_us));
        const b = Math.min(this.width, this.x(phase.end_us));
        if (b <= a) return;
        ctx.fillStyle = i % 2 ? '#ffffff' : '#f1f4f8';
        ctx.fillRect(a, 0, b - a, this.height);
        ctx.fillStyle = '#5d6676';
        ctx.save();
        ctx.beginPath(); ctx.rect(a, 0, b - a, 14); ctx.clip();
        ctx.fillText(phase.name, a + 3, 11);
        ctx.restore();
      });
    }

    drawRows(ctx) {
      const model = this.model;
      const doc = model.doc;
      const rows = this.rows;
      const top = this.scrollY;
      const bottom = this.scrollY + this.height - AXIS_HEIGHT;
      const first = Math.max(0, R.lastAtOrBefore(rows, top, r => r.y));
      const kinds = doc.activity_kinds.length;
      const paths = [];
      for (let k = 0; k <= kinds; ++k) paths.push(new Path2D());
      const labels = [];
      let drawn = 0;
      const t0 = this.t0, t1 = this.t1;
      const minWidth = 1;
      for (let i = first; i < rows.length && rows[i].y < bottom; ++i) {
        const row = rows[i];
        const y = AXIS_HEIGHT + row.y - top;
        if (row.type === 'group') {
          ctx.fillStyle = 'rgba(213,218,226,0.45)';
          ctx.fillRect(LABEL_WIDTH, y, this.width - LABEL_WIDTH, row.h);
          labels.push([row, y]);
          continue;
        }
        labels.push([row, y]);
        if (row.type === 'task') {
          const task = row.task;
          const a = task.earliest_start_us === null || task.earliest_start_us === undefined ? 0 : task.earliest_start_us;
          const b = task.deadline_us === null || task.deadline_us === undefined ? this.lastHorizon : task.deadline_us;
          if (b < t0 || a > t1) continue;
          const xa = Math.max(LABEL_WIDTH, this.x(a)), xb = Math.min(this.width, this.x(b));
          ctx.globalAlpha = 0.35;
          ctx.fillStyle = R.OUTCOME_COLOURS[task.outcome] || '#888';
          ctx.fillRect(xa, y + 3, Math.max(minWidth, xb - xa), row.h - 6);
          ctx.globalAlpha = 1;
          // When it was done, if the data says.
          if (task.completed_us !== undefined && task.completed_us !== null) {
            const xc = this.x(task.completed_us);
            if (xc >= LABEL_WIDTH && xc <= this.width) {
              ctx.fillStyle = R.OUTCOME_COLOURS[task.outcome] || '#888';
              ctx.fillRect(xc - 1, y + 1, 3, row.h - 2);
            }
          }
          // The deadline, across every row below.
          if (task.deadline_us !== null && task.deadline_us !== undefined && b <= t1) {
            ctx.strokeStyle = 'rgba(198,40,40,0.25)';
            ctx.setLineDash([3, 3]);
            ctx.beginPath(); ctx.moveTo(xb + 0.5, y); ctx.lineTo(xb + 0.5, this.height); ctx.stroke();
            ctx.setLineDash([]);
          }
          continue;
        }
        const ids = model.rowsByUnit[row.unit];
        if (!ids || !ids.length) continue;
        const last = R.lastAtOrBefore(ids, t1, id => doc.activities[id][2]);
        for (let j = 0; j <= last; ++j) {
          const rec = doc.activities[ids[j]];
          const end = rec[3] === null || rec[3] === undefined ? model.nowUs() : rec[3];
          if (end < t0) continue;
          let xa = this.x(rec[2]);
          let xb = this.x(end);
          if (xa < LABEL_WIDTH) xa = LABEL_WIDTH;
          if (xb > this.width) xb = this.width;
          const kind = rec[1] >= 0 && rec[1] < kinds ? rec[1] : kinds;
          paths[kind].rect(xa, y + 2, Math.max(minWidth, xb - xa), row.h - 4);
          ++drawn;
        }
      }
      for (let k = 0; k <= kinds; ++k) {
        ctx.fillStyle = k < kinds ? R.kindColour(doc.activity_kinds[k], k) : '#999999';
        ctx.fill(paths[k]);
      }
      // Labels last, over any bar that started before the view.
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, AXIS_HEIGHT, LABEL_WIDTH, this.height);
      ctx.strokeStyle = '#d5dae2';
      ctx.beginPath(); ctx.moveTo(LABEL_WIDTH - 0.5, AXIS_HEIGHT); ctx.lineTo(LABEL_WIDTH - 0.5, this.height); ctx.stroke();
      for (const [row, y] of labels) {
        if (row.type === 'group') {
          ctx.fillStyle = '#e4e8ee';
          ctx.fillRect(0, y, LABEL_WIDTH, row.h);
          ctx.fillStyle = '#1d2330';
          ctx.font = 'bold 12px system-ui, sans-serif';
          ctx.fillText(row.label, 4, y + 13, LABEL_WIDTH - 8);
        } else {
          ctx.fillStyle = '#1d2330';
          ctx.font = '12px system-ui, sans-serif';
          const text = row.type === 'task' ? row.task.name : doc.units[row.unit].name;
          ctx.fillText(text, 12, y + 12, LABEL_WIDTH - 16);
        }
      }
      return drawn;
    }

    drawAxis(ctx) {
      ctx.fillStyle = 'rgba(255,255,255,0.9)';
      ctx.fillRect(0, 14, this.width, AXIS_HEIGHT - 14);
      ctx.fillRect(0, 0, LABEL_WIDTH, 14);
      ctx.strokeStyle = '#b8c0cc';
      ctx.beginPath(); ctx.moveTo(0, AXIS_HEIGHT - 0.5); ctx.lineTo(this.width, AXIS_HEIGHT - 0.5); ctx.stroke();
      const span = this.t1 - this.t0;
      const pixelsPerUs = this.scale;
      const steps = [60e6, 300e6, 900e6, 1800e6, 3.6e9, 7.2e9, 10.8e9, 21.6e9, 43.2e9, 86.4e9, 172.8e9, 604.8e9, 2592e9];
      let step = steps[steps.length - 1];
      for (const s of steps) if (s * pixelsPerUs >= 80) { step = s; break; }
      const first = Math.ceil(this.t0 / step) * step;
      ctx.fillStyle = '#1d2330';
      ctx.font = '11px system-ui, sans-serif';
      ctx.strokeStyle = '#c9d0da';
      for (let t = first; t <= this.t1 && span > 0; t += step) {
        const x = Math.round(this.x(t)) + 0.5;
        if (x < LABEL_WIDTH) continue;
        ctx.beginPath(); ctx.moveTo(x, 22); ctx.lineTo(x, AXIS_HEIGHT); ctx.stroke();
        ctx.fillText(R.formatDplus(t), x + 3, 31);
      }
      const calendar = R.formatCalendar(this.t0, this.model.doc);
      ctx.fillStyle = '#5d6676';
      ctx.fillText(calendar ? 'from ' + calendar : 'D+ time', 4, 31, LABEL_WIDTH - 8);
    }

    drawNow(ctx) {
      const run = this.model.doc.run;
      if (run.status !== 'running' && run.status !== 'paused') return;
      const x = this.x(this.model.nowUs());
      if (x < LABEL_WIDTH || x > this.width) return;
      ctx.strokeStyle = '#c62828';
      ctx.beginPath(); ctx.moveTo(x + 0.5, 14); ctx.lineTo(x + 0.5, this.height); ctx.stroke();
    }

    // The map's time (its slider), so the two views say the same moment.
    setCursor(us) {
      this.cursorUs = us;
      this.request();
    }

    drawCursor(ctx) {
      if (this.cursorUs === undefined || this.cursorUs === null) return;
      const x = this.x(this.cursorUs);
      if (x < LABEL_WIDTH || x > this.width) return;
      ctx.strokeStyle = '#1565c0';
      ctx.setLineDash([2, 2]);
      ctx.beginPath(); ctx.moveTo(x + 0.5, 14); ctx.lineTo(x + 0.5, this.height); ctx.stroke();
      ctx.setLineDash([]);
    }

    // Where the rows in view are among all rows, when they do not all fit.
    drawScrollbar(ctx) {
      const view = this.height - AXIS_HEIGHT;
      if (this.contentHeight <= view) return;
      const length = Math.max(20, view * view / this.contentHeight);
      const top = AXIS_HEIGHT + (view - length) * this.scrollY / (this.contentHeight - view);
      ctx.fillStyle = 'rgba(93,102,118,0.45)';
      ctx.fillRect(this.width - 6, top, 4, length);
    }

    // The record under a point of the canvas, as text, or null.
    recordAt(px, py) {
      if (py < AXIS_HEIGHT || px < LABEL_WIDTH) return null;
      const yContent = py - AXIS_HEIGHT + this.scrollY;
      const i = R.lastAtOrBefore(this.rows, yContent, r => r.y);
      const row = this.rows[i];
      if (!row || yContent > row.y + row.h) return null;
      const doc = this.model.doc;
      const t = this.t(px);
      const slack = 3 / this.scale;
      if (row.type === 'task') {
        const task = row.task;
        return [task.name + ' (' + (task.kind || 'task') + ', phase ' + (task.phase || '—') + ')',
          'window ' + R.formatTime(task.earliest_start_us, doc) + ' – ' + R.formatTime(task.deadline_us, doc),
          'outcome ' + (R.OUTCOME_TEXT[task.outcome] || task.outcome) +
            (task.completed_us !== undefined && task.completed_us !== null ? ', done ' + R.formatTime(task.completed_us, doc) : ''),
          ...(task.reasons || [])].join('\n');
      }
      if (row.type !== 'unit') return null;
      const ids = this.model.rowsByUnit[row.unit];
      const last = R.lastAtOrBefore(ids, t + slack, id => doc.activities[id][2]);
      let best = null;
      for (let j = last; j >= 0; --j) {
        const rec = doc.activities[ids[j]];
        if (this.model.endOf(rec) + slack >= t) { best = ids[j]; break; }
        if (j < last - 500) break;
      }
      if (best === null) return null;
      const rec = doc.activities[best];
      const unit = doc.units[rec[0]];
      const end = rec[3];
      return [unit.name + ' (' + [unit.kind, unit.class].filter(Boolean).join(', ') + ')',
        (doc.activity_kinds[rec[1]] || 'kind ' + rec[1]).replace(/_/g, ' ') + (rec[4] ? ': ' + rec[4] : ''),
        'from ' + R.formatTime(rec[2], doc),
        'to   ' + (end === null || end === undefined ? 'going on' : R.formatTime(end, doc)),
        'for  ' + R.formatDuration(this.model.endOf(rec) - rec[2]),
        'row ' + (best + (doc.first_activity || 0))].join('\n');
    }

    listen() {
      const canvas = this.canvas;
      let drag = null;
      canvas.addEventListener('wheel', event => {
        event.preventDefault();
        const rect = canvas.getBoundingClientRect();
        // Over the unit names, or with shift: scroll the units; else zoom time.
        if (event.shiftKey || event.clientX - rect.left < LABEL_WIDTH) {
          this.scrollY += event.deltaY || event.deltaX;
        } else {
          const px = Math.max(LABEL_WIDTH, event.clientX - rect.left);
          const at = this.t(px);
          const factor = Math.exp(event.deltaY * 0.0015);
          const horizon = this.model.horizonUs();
          let span = (this.t1 - this.t0) * factor;
          span = Math.min(Math.max(span, 60e6), horizon * 1.5);
          const share = (at - this.t0) / (this.t1 - this.t0);
          this.t0 = at - share * span;
          this.t1 = this.t0 + span;
        }
        this.request();
      }, { passive: false });
      canvas.addEventListener('mousedown', event => {
        drag = { x: event.clientX, y: event.clientY, t0: this.t0, t1: this.t1, scrollY: this.scrollY };
        canvas.style.cursor = 'grabbing';
        this.tooltip.hidden = true;
      });
      window.addEventListener('mouseup', () => { drag = null; canvas.style.cursor = ''; });
      window.addEventListener('mousemove', event => {
        if (!drag) return;
        const dt = (event.clientX - drag.x) / this.scale;
        this.t0 = drag.t0 - dt;
        this.t1 = drag.t1 - dt;
        this.scrollY = drag.scrollY - (event.clientY - drag.y);
        this.request();
      });
      canvas.addEventListener('mousemove', event => {
        if (drag) return;
        const rect = canvas.getBoundingClientRect();
        const px = event.clientX - rect.left, py = event.clientY - rect.top;
        const text = this.recordAt(px, py);
        if (!text) { this.tooltip.hidden = true; return; }
        this.tooltip.textContent = text;
        this.tooltip.hidden = false;
        const left = px + 14 + this.tooltip.offsetWidth > this.width ? px - 14 - this.tooltip.offsetWidth : px + 14;
        this.tooltip.style.left = left + 'px';
        this.tooltip.style.top = Math.min(py + 14, this.height - this.tooltip.offsetHeight - 2) + 'px';
      });
      canvas.addEventListener('mouseleave', () => { this.tooltip.hidden = true; });
      canvas.addEventListener('dblclick', () => {
        this.t0 = 0; this.t1 = this.model.horizonUs(); this.scrollY = 0; this.request();
      });
    }
  }
  R.Timeline = Timeline;
})();
