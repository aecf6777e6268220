'use strict';
/* Admin dashboard: reads /admin/stats and /admin/stats/timeseries with the session cookie
   and draws them with Chart.js (served from node_modules, no CDN, no inline code). */
(function () {
  const DAY_MS = 86400000;
  const charts = new Map();
  const $ = (id) => document.getElementById(id);

  const dayString = (ms) => new Date(ms).toISOString().slice(0, 10);
  const pct = (v) => (v === null ? '–' : `${v.toFixed(1)} %`);
  const frac = (v) => (v === null ? '–' : `${(v * 100).toFixed(1)} %`);
  const secs = (ms) => (ms === null ? '–' : ms < 60000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 60000).toFixed(1)} min`);
  const count = (n) => (n === null ? '–' : n.toLocaleString());
  const toSeconds = (points) => points.map((p) => (p.value === null ? null : p.value / 1000));
  const toPercent = (points) => points.map((p) => (p.value === null ? null : p.value * 100));

  function setDefaults() {
    const todayStart = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    $('to').value = dayString(todayStart + DAY_MS);
    $('from').value = dayString(todayStart - 29 * DAY_MS);
  }

  function windowParams() {
    const params = new URLSearchParams({ from: $('from').value, to: $('to').value });
    if ($('channel').value) params.set('channel', $('channel').value);
    return params;
  }

  async function getJson(path, params) {
    const response = await fetch(`${path}?${params}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (response.status === 401) {
      window.location.assign('/admin/dashboard');
      throw new Error('Session expired');
    }
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
    return body;
  }

  function series(metric) {
    const params = windowParams();
    params.set('metric', metric);
    params.set('interval', $('interval').value);
    return getJson('/admin/stats/timeseries', params).then((r) => r.points);
  }

  function draw(id, config) {
    charts.get(id)?.destroy();
    config.options = Object.assign({ animation: false, responsive: true, maintainAspectRatio: false, spanGaps: true }, config.options);
    charts.set(id, new window.Chart($(id), config));
  }

  function line(id, labels, datasets, yTitle, logarithmic) {
    const y = logarithmic ? { type: 'logarithmic' } : { beginAtZero: true };
    draw(id, {
      type: 'line',
      data: { labels, datasets: datasets.map((d) => Object.assign({ tension: 0.2, pointRadius: 2 }, d)) },
      options: { scales: { y: Object.assign(y, { title: { display: Boolean(yTitle), text: yTitle } }) } },
    });
  }

  function renderKpis(s) {
    const tiles = [
      ['Conversations', count(s.conversations)],
      ['Customers', count(s.customers)],
      ['Messages', count(s.messages)],
      ['CSAT', pct(s.csat.percent)],
      ['Survey response rate', frac(s.csat.responseRate)],
      ['Estimated CSAT (unrated)', pct(s.csat.estimatedPercent)],
      ['Model error (MAE)', s.csat.modelMae === null ? '–' : s.csat.modelMae.toFixed(2)],
      ['Avg response', secs(s.responseTime.avgMs)],
      ['Median / p90 response', `${secs(s.responseTime.medianMs)} / ${secs(s.responseTime.p90Ms)}`],
      ['Agent first response (avg)', secs(s.firstResponse.avgMs)],
      ['Unattended tickets', count(s.firstResponse.unattended)],
      ['Out-of-hours requests', count(s.firstResponse.outOfHours)],
      ['Resolution (median)', secs(s.resolution.medianMs)],
      ['Deflection', frac(s.rates.deflection)],
      ['Bot resolution', frac(s.rates.botResolution)],
      ['Handoff', frac(s.rates.handoff)],
      ['Abandonment', frac(s.rates.abandonment)],
      ['KB helpful', frac(s.rates.kbHelpful)],
      ['Out of scope', frac(s.rates.outOfScope)],
    ];
    $('kpis').replaceChildren(
      ...tiles.map(([name, value]) => {
        const tile = document.createElement('div');
        tile.className = 'kpi';
        const label = document.createElement('div');
        label.className = 'name';
        label.textContent = name;
        const figure = document.createElement('div');
        figure.className = 'value';
        figure.textContent = value;
        tile.append(label, figure);
        return tile;
      }),
    );
  }

  function renderChannels(s) {
    const select = $('channel');
    const known = new Set(Array.from(select.options).map((o) => o.value));
    for (const c of s.byChannel) {
      if (known.has(c.channel)) continue;
      const option = document.createElement('option');
      option.value = c.channel;
      option.textContent = c.channel;
      select.append(option);
    }
  }

  function renderSegments(s) {
    const rows = s.segments.map((seg) => {
      const tr = document.createElement('tr');
      const cells = [
        seg.label,
        count(seg.size),
        seg.centroid.volume.toFixed(1),
        seg.centroid.recencyDays.toFixed(0),
        seg.centroid.tickets.toFixed(1),
        seg.centroid.meanRating.toFixed(2),
        frac(seg.centroid.negativeShare),
      ];
      cells.forEach((text, i) => {
        const td = document.createElement('td');
        td.textContent = text;
        if (i > 0) td.className = 'num';
        tr.append(td);
      });
      return tr;
    });
    $('segments').tBodies[0].replaceChildren(...rows);
  }

  async function renderFeedback() {
    const params = new URLSearchParams({ from: $('from').value, to: $('to').value, comments: 'only', limit: '50' });
    const { feedback } = await getJson('/admin/feedback', params);
    const rows = feedback.map((f) => {
      const tr = document.createElement('tr');
      const cells = [
        dayString(f.answeredAt),
        `${f.rating}/5`,
        f.comment,
        f.sentiment === null ? '–' : f.sentiment.toFixed(2),
        f.ticketId === null ? '–' : `#${f.ticketId}`,
        f.intent ?? '–',
      ];
      cells.forEach((text, i) => {
        const td = document.createElement('td');
        td.textContent = text;
        if (i === 1 || i === 3) td.className = 'num';
        tr.append(td);
      });
      return tr;
    });
    $('feedback').tBodies[0].replaceChildren(...rows);
  }

  async function activateModel(version) {
    const status = $('models-status');
    const response = await fetch(`/admin/nlu/models/${encodeURIComponent(version)}/activate`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    });
    const body = await response.json();
    status.textContent = response.ok ? `Active: ${body.active}. Every instance switches within seconds.` : body.error;
    await renderModels();
  }

  async function renderModels() {
    const { active, models } = await getJson('/admin/nlu/models', new URLSearchParams());
    const rows = models.map((m) => {
      const tr = document.createElement('tr');
      const cells = [
        m.version,
        new Date(m.createdAt).toISOString().slice(0, 16).replace('T', ' '),
        frac(m.accuracy),
        frac(m.activeAccuracy),
        count(m.trainedOnExamples),
        m.promoted ? 'yes' : 'no',
      ];
      cells.forEach((text, i) => {
        const td = document.createElement('td');
        td.textContent = text;
        if (i >= 2 && i <= 4) td.className = 'num';
        tr.append(td);
      });
      const action = document.createElement('td');
      if (m.version === active) action.textContent = 'active';
      else {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = 'Activate';
        button.addEventListener('click', () => void activateModel(m.version));
        action.append(button);
      }
      tr.append(action);
      return tr;
    });
    $('models').tBodies[0].replaceChildren(...rows);
    if (active === 'shipped') $('models-status').textContent = 'Active: the shipped model.';
  }

  async function load() {
    const status = $('status');
    status.className = '';
    status.textContent = 'Loading…';
    try {
      const stats = await getJson('/admin/stats', windowParams());
      renderKpis(stats);
      renderChannels(stats);
      renderSegments(stats);
      await renderFeedback();
      await renderModels();
      const names = [
        'conversations',
        'messages',
        'csat',
        'estimatedCsat',
        'avgResponseMs',
        'firstResponseAvgMs',
        'resolutionAvgMs',
        'deflection',
        'botResolution',
        'handoff',
        'abandonment',
        'kbHelpful',
      ];
      const data = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await series(n)])));
      const labels = data.conversations.map((p) => p.start);
      const values = (n) => data[n].map((p) => p.value);
      line('chart-volume', labels, [
        { label: 'Conversations', data: values('conversations') },
        { label: 'Messages', data: values('messages') },
      ]);
      line(
        'chart-csat',
        labels,
        [
          { label: 'CSAT (rated)', data: values('csat') },
          { label: 'Estimated (unrated)', data: values('estimatedCsat'), borderDash: [6, 4] },
        ],
        '%',
      );
      line(
        'chart-times',
        labels,
        [
          { label: 'Avg response', data: toSeconds(data.avgResponseMs) },
          { label: 'Agent first response', data: toSeconds(data.firstResponseAvgMs) },
          { label: 'Ticket resolution', data: toSeconds(data.resolutionAvgMs) },
        ],
        'seconds (log scale)',
        true,
      );
      line(
        'chart-rates',
        labels,
        ['deflection', 'botResolution', 'handoff', 'abandonment', 'kbHelpful'].map((n) => ({ label: n, data: toPercent(data[n]) })),
        '%',
      );
      const intents = stats.byIntent.slice(0, 20);
      draw('chart-intents', {
        type: 'bar',
        data: { labels: intents.map((i) => i.intent), datasets: [{ label: 'Conversations', data: intents.map((i) => i.conversations) }] },
        options: { indexAxis: 'y' },
      });
      shares('chart-channels', stats.byChannel, 'channel');
      shares('chart-languages', stats.byLanguage, 'language');
      draw('chart-churn', {
        type: 'bar',
        data: {
          labels: stats.churn.map((m) => m.month),
          datasets: [
            { label: 'Churn %', data: stats.churn.map((m) => m.churnPercent) },
            { label: 'Retention %', data: stats.churn.map((m) => m.retentionPercent) },
          ],
        },
        options: { scales: { y: { beginAtZero: true, max: 100 } } },
      });
      status.textContent = `${stats.window.from} – ${stats.window.to}${stats.window.channel ? ` · ${stats.window.channel}` : ''}`;
    } catch (error) {
      status.className = 'error';
      status.textContent = error.message;
    }
  }

  /** A doughnut of conversations per `key` (channel, language). */
  function shares(id, counts, key) {
    draw(id, {
      type: 'doughnut',
      data: { labels: counts.map((c) => c[key]), datasets: [{ data: counts.map((c) => c.conversations) }] },
    });
  }

  document.addEventListener('DOMContentLoaded', () => {
    setDefaults();
    $('filters').addEventListener('submit', (event) => {
      event.preventDefault();
      load();
    });
    load();
  });
})();
