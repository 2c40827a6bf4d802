// network.js: the comms network: one row per link in a small Gantt of its
// down periods (outages and out-of-range periods; red while down, green up)
// over the drill's horizon, and tables of links (bandwidth, latency,
// utilisation, time down) and nodes. A drill without comms says so.
'use strict';
(function () {
  const R = window.DrillReport;
  const el = R.el;
  const LABEL_WIDTH = 180;
  const ROW = 18;

  class Network {
    constructor(model) {
      this.model = model;
      this.element = document.getElementById('network');
      this.gantt = document.getElementById('network-links-gantt');
      this.canvas = this.gantt.querySelector('canvas');
      this.tooltipText = null;
      this.canvas.addEventListener('mousemove', event => this.hover(event));
      new ResizeObserver(() => this.drawGantt()).observe(this.gantt);
      this.draw();
    }

    downTime(link) {
      let total = 0;
      for (const d of link.down || []) total += (d[1] === null ? this.model.nowUs() : d[1]) - d[0];
      return total;
    }

    draw() {
      const net = this.model.doc.network;
      const none = !net || !net.links;
      document.getElementById('network-none').hidden = !none;
      this.gantt.hidden = none;
      const links = none ? [] : net.links;
      const nodes = none ? [] : (net.nodes || []);
      const body = document.querySelector('#network-links tbody');
      body.replaceChildren();
      for (const link of links) {
        const u = link.utilisation;
        const down = link.down || [];
        body.append(el('tr', { dataset: { link: link.name } },
          el('td', null, link.name), el('td', null, link.kind || ''),
          el('td', null, (link.nodes || []).join(' – ')),
          el('td', { className: 'number' }, link.bandwidth_bps ? R.formatNumber(link.bandwidth_bps / 1000) + ' kbit/s' : '—'),
          el('td', { className: 'number' }, link.latency_us !== undefined ? R.formatDuration(link.latency_us) : '—'),
          el('td', { className: 'number' }, u === null || u === undefined ? 'not measured' : (100 * u).toFixed(1) + ' % ',
            u === null || u === undefined ? null : el('span', { className: 'bar', style: 'width:' + Math.max(1, Math.round(60 * Math.min(1, u))) + 'px' })),
          el('td', null, down.length ? down.length + ' period' + (down.length > 1 ? 's' : '') + ', ' + R.formatDuration(this.downTime(link)) : 'never')));
      }
      const nodeBody = document.querySelector('#network-nodes tbody');
      nodeBody.replaceChildren();
      for (const node of nodes) {
        const unit = node.unit === null || node.unit === undefined ? (node.host ? 'at ' + node.host : '—')
          : (this.model.doc.units[node.unit] || {}).name || node.unit;
        nodeBody.append(el('tr', null, el('td', null, node.name), el('td', null, unit), el('td', null, (node.groups || []).join(', '))));
      }
      this.element.dataset.links = String(links.length);
      this.element.dataset.nodes = String(nodes.length);
      this.element.dataset.downPeriods = String(links.reduce((n, l) => n + (l.down || []).length, 0));
      this.gantt.style.height = (links.length * ROW + 24) + 'px';
      this.drawGantt();
    }

    drawGantt() {
      const net = this.model.doc.network;
      if (!net || !net.links || this.gantt.hidden) return;
      const dpr = window.devicePixelRatio || 1;
      const width = this.gantt.clientWidth, height = this.gantt.clientHeight;
      this.canvas.width = Math.round(width * dpr);
      this.canvas.height = Math.round(height * dpr);
      const ctx = this.canvas.getContext('2d');
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, width, height);
      const horizon = this.model.horizonUs();
      const end = this.model.nowUs();
      const scale = (width - LABEL_WIDTH - 8) / horizon;
      const x = t => LABEL_WIDTH + t * scale;
      this.geometry = { scale: scale, horizon: horizon };
      ctx.font = '12px system-ui, sans-serif';
      net.links.forEach((link, i) => {
        const y = i * ROW + 2;
        ctx.fillStyle = '#1d2330';
        ctx.fillText(link.name, 4, y + 12, LABEL_WIDTH - 8);
        ctx.fillStyle = '#a5d6a7';
        ctx.fillRect(x(0), y + 2, Math.max(1, (Math.min(end, horizon)) * scale), ROW - 6);
        ctx.fillStyle = '#c62828';
        for (const d of link.down || []) {
          const b = d[1] === null ? end : d[1];
          ctx.fillRect(x(d[0]), y + 2, Math.max(1.5, (b - d[0]) * scale), ROW - 6);
        }
      });
      // Day ticks.
      const y = net.links.length * ROW + 4;
      ctx.fillStyle = '#5d6676';
      ctx.font = '11px system-ui, sans-serif';
      const step = horizon > 20 * R.US_PER_DAY ? 7 * R.US_PER_DAY : horizon > 2 * R.US_PER_DAY ? R.US_PER_DAY : R.US_PER_HOUR * 6;
      for (let t = 0; t <= horizon; t += step) {
        ctx.fillRect(x(t), y, 1, 5);
        ctx.fillText(R.formatDplus(t), x(t) + 2, y + 15);
      }
    }

    hover(event) {
      const net = this.model.doc.network;
      if (!net || !this.geometry) return;
      const rect = this.canvas.getBoundingClientRect();
      const i = Math.floor((event.clientY - rect.top - 2) / ROW);
      const link = net.links[i];
      if (!link) { this.canvas.title = ''; return; }
      const t = (event.clientX - rect.left - LABEL_WIDTH) / this.geometry.scale;
      const period = (link.down || []).find(d => d[0] <= t && (d[1] === null ? this.model.nowUs() : d[1]) >= t);
      this.canvas.title = link.name + ' at ' + R.formatTime(t, this.model.doc) + ': ' +
        (period ? 'down ' + R.formatDplus(period[0]) + ' – ' + (period[1] === null ? 'now' : R.formatDplus(period[1])) : 'up');
    }

    refresh() {
      if (this.version !== this.model.versions.network) { this.version = this.model.versions.network; this.draw(); }
      else this.drawGantt();
    }
  }
  R.Network = Network;
})();
