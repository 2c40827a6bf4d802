// summary.js: the printable part of the page: the run line, the headline
// measures, the tasks not on time, the tasks table (each task against its
// window with its outcome and reasons) and, for a replication set, the
// headline measures across replications (mean, 95 % interval, each value).
'use strict';
(function () {
  const R = window.DrillReport;
  const el = R.el;

  R.drawRunLine = function (model) {
    const run = model.doc.run;
    document.getElementById('drill-name').textContent = run.drill || 'drillsim report';
    document.title = (run.drill || 'drill') + ' · drillsim report';
    const parts = [];
    if (run.status) parts.push(run.status);
    parts.push('seed ' + run.seed);
    if (run.replications > 1) parts.push('replication ' + run.replication + ' of ' + run.replications +
      ' (' + run.replications_done + ' done)');
    parts.push('horizon ' + R.formatDplus(run.horizon_us));
    if (run.now_us !== undefined && run.status === 'running') parts.push('at ' + R.formatDplus(run.now_us));
    if (run.calendar_start) parts.push('D+0 = ' + run.calendar_start);
    if (run.events !== undefined) parts.push(Number(run.events).toLocaleString('en-GB') + ' events');
    if (run.fingerprint) parts.push('fingerprint ' + run.fingerprint);
    if (run.tool_version) parts.push('drillsim ' + run.tool_version);
    document.getElementById('run-line').textContent = parts.join(' · ');
  };

  // The measures without labels are the headline (cards, printed); those
  // per base, task, flow... are a compact table under a disclosure.
  R.drawMeasures = function (model) {
    const box = document.getElementById('measures');
    box.replaceChildren();
    const shown = m => m.display !== undefined && m.display !== null
      ? m.display : R.formatNumber(m.value) + (m.unit ? ' ' + m.unit : '');
    const nameOf = m => (m.measure || m.name).replace(/_/g, ' ');
    const labelled = [];
    for (const m of model.doc.measures) {
      if (Object.keys(m.labels || {}).length) { labelled.push(m); continue; }
      box.append(el('div', { className: 'measure', title: m.name + (m.statistic ? ' · ' + m.statistic : '') },
        el('div', { className: 'value' }, shown(m)), el('div', { className: 'name' }, nameOf(m))));
    }
    const more = document.getElementById('measures-labelled');
    const body = more.querySelector('tbody');
    body.replaceChildren();
    for (const m of labelled) {
      body.append(el('tr', null, el('td', null, nameOf(m)), el('td', null, R.labelText(m.labels)),
        el('td', { className: 'number' }, shown(m))));
    }
    more.hidden = !labelled.length;
    more.querySelector('summary').textContent = 'Per base, task, link and flow: ' + labelled.length + ' measures';
    box.dataset.measures = String(model.doc.measures.length);
    if (!model.doc.measures.length) box.append(el('p', { className: 'hint' }, 'No headline measures yet.'));
  };

  function outcomeBadge(outcome) {
    return el('span', { className: 'outcome ' + outcome }, R.OUTCOME_TEXT[outcome] || outcome);
  }

  R.drawTasks = function (model) {
    const doc = model.doc;
    const list = document.getElementById('tasks-not-on-time');
    list.replaceChildren();
    for (const t of doc.plan.tasks) {
      if (t.outcome === 'on_time') continue;
      list.append(el('li', null, outcomeBadge(t.outcome), ' ', el('strong', null, t.name),
        (t.reasons && t.reasons.length ? ': ' + t.reasons.join('; ') : '')));
    }
    if (!list.children.length) list.append(el('li', null, doc.plan.tasks.length ? 'Every task was on time.' : 'The plan has no tasks.'));

    const body = document.querySelector('#tasks tbody');
    body.replaceChildren();
    for (const t of doc.plan.tasks) {
      const window = R.formatDplus(t.earliest_start_us) + ' – ' + R.formatDplus(t.deadline_us);
      body.append(el('tr', { dataset: { task: t.name, outcome: t.outcome } },
        el('td', null, t.name), el('td', null, t.phase || ''), el('td', null, t.kind || ''),
        el('td', null, (t.participants || []).join(', ')),
        el('td', null, t.location || (t.position ? t.position.join(', ') : '')),
        el('td', null, window),
        el('td', null, t.completed_us === undefined || t.completed_us === null ? '' : R.formatDplus(t.completed_us)),
        el('td', null, outcomeBadge(t.outcome)),
        el('td', null, (t.reasons || []).join('; '))));
    }
    document.getElementById('tasks').dataset.rows = String(doc.plan.tasks.length);
  };

  // Replication sets: one row per measure; the chosen row's values as points
  // with the mean and the interval as lines.
  R.drawReplications = function (model) {
    const aggregate = model.doc.aggregate;
    const section = document.getElementById('replications-section');
    if (!aggregate) { section.hidden = true; return null; }
    section.hidden = false;
    document.getElementById('nav-replications').hidden = false;
    document.getElementById('replication-count').textContent = aggregate.replications;
    document.getElementById('replication-shown').textContent = model.doc.run.replication;
    const body = document.querySelector('#replications tbody');
    body.replaceChildren();
    const scaled = function (m, v) { return v === null || v === undefined ? null : v * (m.scale || 1); };
    let chart = null;
    const show = function (m, row) {
      for (const r of body.children) r.classList.remove('chosen');
      row.classList.add('chosen');
      const values = (m.values || []).map((v, i) => [i, scaled(m, v), scaled(m, m.mean),
        m.ci95 ? scaled(m, m.ci95[0]) : null, m.ci95 ? scaled(m, m.ci95[1]) : null]);
      if (!values.length) return;
      const unit = m.display_unit || m.unit || '';
      const options = {
        labels: ['replication', 'value', 'mean', '95 % low', '95 % high'],
        xlabel: 'replication', ylabel: (m.measure || m.name).replace(/_/g, ' ') + (unit ? ' (' + unit + ')' : ''),
        series: { value: { strokeWidth: 0, drawPoints: true, pointSize: 3 },
                  '95 % low': { strokePattern: [4, 3] }, '95 % high': { strokePattern: [4, 3] } },
        colors: ['#4f7fc0', '#1d2330', '#888888', '#888888'], legend: 'onmouseover',
        dateWindow: [-0.5, values.length - 0.5],
        axes: { x: { axisLabelFormatter: v => String(Math.round(v)) } },
      };
      if (chart) chart.updateOptions(Object.assign({ file: values }, options));
      else chart = new Dygraph(document.getElementById('replication-chart'), values, options);
    };
    aggregate.measures.forEach((m, i) => {
      const unit = m.display_unit || m.unit || '';
      const row = el('tr', { dataset: { measure: m.name } },
        el('td', null, (m.measure || m.name).replace(/_/g, ' ') + (Object.keys(m.labels || {}).length ? ' (' + R.labelText(m.labels) + ')' : '')),
        el('td', { className: 'number' }, R.formatNumber(scaled(m, m.mean))),
        el('td', { className: 'number' }, m.ci95 ? R.formatNumber(scaled(m, m.ci95[0])) + ' – ' + R.formatNumber(scaled(m, m.ci95[1])) : '—'),
        el('td', { className: 'number' }, R.formatNumber(scaled(m, m.stddev))),
        el('td', null, unit));
      row.addEventListener('click', () => show(m, row));
      body.append(row);
      if (i === 0) show(m, row);
    });
    document.getElementById('replications').dataset.rows = String(aggregate.measures.length);
    return chart;
  };
})();
