import { expect } from 'chai';
import sinon from 'sinon';
import { NIGHTLY_REFIT_TIMER } from '../../bot/background-jobs';
import type { DbAuditRow } from '../../store/tables';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../helpers/test-app';
import { insertHistory } from './history-fixture';

const auth = { Authorization: `Bearer ${TEST_ADMIN_KEY}` };

async function auditRows(t: TestApp): Promise<DbAuditRow[]> {
  return t.app.db<DbAuditRow>('audit_log').orderBy('id');
}

describe('admin stats routes', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
    await insertHistory(t.app.db);
  });
  after(async () => t?.dispose());

  describe('GET /admin/stats', () => {
    it('answers 401 without a key and audits the refusal', async () => {
      const res = await fetch(`${t.url}/admin/stats`);
      expect(res.status).to.equal(401);
      const last = (await auditRows(t)).at(-1);
      expect(last).to.include({ actor: 'anonymous', status: 401 });
      expect(last?.action).to.include('/admin/stats');
    });

    it('answers 401 with a wrong key and audits it', async () => {
      const res = await fetch(`${t.url}/admin/stats`, { headers: { Authorization: `Bearer ${TEST_ADMIN_KEY}x` } });
      expect(res.status).to.equal(401);
      expect((await auditRows(t)).at(-1)).to.include({ actor: 'anonymous', status: 401 });
    });

    it('returns the figures of the window, with a datetime offset read as UTC, and audits the call', async () => {
      const res = await fetch(`${t.url}/admin/stats?from=2026-10-01T02:00:00%2B02:00&to=2026-11-01`, { headers: auth });
      expect(res.status).to.equal(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).to.include({ conversations: 5, customers: 4, messages: 15 });
      expect(body.window).to.deep.equal({ from: '2026-10-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z', channel: null });
      expect(Object.keys(body)).to.include.members([
        'csat',
        'responseTime',
        'firstResponse',
        'resolution',
        'rates',
        'churn',
        'segments',
        'byIntent',
        'byChannel',
        'byDay',
      ]);
      const last = (await auditRows(t)).at(-1);
      expect(last).to.include({ actor: 'admin', status: 200 });
      expect(JSON.parse(last?.detail ?? '{}')).to.deep.equal({ query: { from: '2026-10-01T02:00:00+02:00', to: '2026-11-01' } });
    });

    it('answers 400 naming the bad parameter, and audits it', async () => {
      for (const [query, name] of [
        ['from=last-week', 'from'],
        ['to=2026-13-01', 'to'],
        ['from=2026-10-02&to=2026-10-01', 'to'],
        ['channel=%3Cscript%3E', 'channel'],
      ]) {
        const res = await fetch(`${t.url}/admin/stats?${query}`, { headers: auth });
        expect(res.status, query).to.equal(400);
        expect(((await res.json()) as { error: string }).error, query).to.match(new RegExp(`^${name}:`));
        expect((await auditRows(t)).at(-1), query).to.include({ actor: 'admin', status: 400 });
      }
    });
  });

  describe('window years', () => {
    it('answers 400 naming the parameter for dates outside the years 1970 to 9999 on every stats route', async () => {
      for (const path of ['/admin/stats', '/admin/stats.csv', '/admin/stats/timeseries?metric=conversations&']) {
        for (const [query, name] of [
          ['from=0000-01-01&to=0001-01-01', 'from'],
          ['from=0099-01-01&to=0099-02-01', 'from'],
          ['from=1969-12-01&to=1970-01-02', 'from'],
          ['from=1970-01-01T00:00:00%2B01:00&to=1970-02-01', 'from'],
        ]) {
          const url = `${t.url}${path}${path.endsWith('&') ? '' : '?'}${query}`;
          const res = await fetch(url, { headers: auth });
          expect(res.status, url).to.equal(400);
          expect(((await res.json()) as { error: string }).error, url).to.match(new RegExp(`^${name}: must be in the years 1970 to 9999`));
        }
      }
      const edge = await fetch(`${t.url}/admin/stats?from=9999-11-01&to=9999-12-31T23:59:59Z`, { headers: auth });
      expect(edge.status, 'the last days of 9999').to.equal(200);
    });
  });

  describe('GET /admin/stats.csv', () => {
    it('returns the same figures as metric,value rows', async () => {
      const res = await fetch(`${t.url}/admin/stats.csv?from=2026-10-01&to=2026-11-01&channel=webchat`, { headers: auth });
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^text\/csv/);
      const lines = (await res.text()).split('\r\n');
      expect(lines[0]).to.equal('metric,value');
      expect(lines).to.include.members([
        'conversations,3',
        'window.channel,webchat',
        'responseTime.agent.avgMs,',
        'byChannel.webchat.conversations,3',
        'churn.2026-10.churnPercent,100',
      ]);
    });
  });

  describe('GET /admin/stats/timeseries', () => {
    it('returns one point per bucket of the window', async () => {
      const res = await fetch(`${t.url}/admin/stats/timeseries?metric=conversations&interval=week&from=2026-10-01&to=2026-11-01`, {
        headers: auth,
      });
      expect(res.status).to.equal(200);
      const body = (await res.json()) as { metric: string; interval: string; points: Array<{ start: string; value: number }> };
      expect(body).to.include({ metric: 'conversations', interval: 'week' });
      expect(body.points.map((p) => p.value)).to.deep.equal([1, 2, 0, 1, 1]);
    });

    it('answers 400 naming an unknown metric or interval', async () => {
      for (const [query, name] of [
        ['metric=happiness', 'metric'],
        ['metric=csat&interval=month', 'interval'],
        ['', 'metric'],
      ]) {
        const res = await fetch(`${t.url}/admin/stats/timeseries?${query}`, { headers: auth });
        expect(res.status, query).to.equal(400);
        expect(((await res.json()) as { error: string }).error, query).to.match(new RegExp(`^${name}:`));
      }
    });
  });

  describe('POST /admin/segments/refresh', () => {
    it('refuses without a key and audits the refusal', async () => {
      const res = await fetch(`${t.url}/admin/segments/refresh`, { method: 'POST' });
      expect(res.status).to.equal(401);
      expect((await auditRows(t)).at(-1)).to.include({ actor: 'anonymous', status: 401 });
    });

    it('refits and reports the segments of the customers', async () => {
      const res = await fetch(`${t.url}/admin/segments/refresh`, { method: 'POST', headers: auth });
      expect(res.status).to.equal(200);
      const body = (await res.json()) as { segments: { customers: number; segments: Array<{ size: number }> } | null };
      expect(body.segments?.customers).to.equal(5);
      expect(body.segments?.segments.reduce((s, x) => s + x.size, 0)).to.equal(5);
      const stats = (await (await fetch(`${t.url}/admin/stats?from=2026-10-01&to=2026-11-01`, { headers: auth })).json()) as {
        segments: unknown[];
      };
      expect(stats.segments).to.have.length(body.segments?.segments.length ?? -1);
    });
  });
});

describe('nightly refit of the metric models', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
    await insertHistory(t.app.db);
  });
  after(async () => t?.dispose());

  it('is a durable timer at 03:00 UTC that refits and moves itself to the next night', async () => {
    const timer = async () =>
      (await t.app.db('timers').where({ kind: NIGHTLY_REFIT_TIMER }).first('due_at')) as { due_at: number } | undefined;
    for (let i = 0; i < 100 && !(await timer()); i++) await new Promise((r) => setTimeout(r, 20));
    const due = Number((await timer())?.due_at);
    expect(new Date(due).toISOString()).to.match(/T03:00:00\.000Z$/);
    await t.app.db('metric_models').delete();
    const clock = sinon.useFakeTimers({ now: due + 1000, toFake: ['Date'] });
    try {
      await t.app.scheduler.tick(due + 1000);
    } finally {
      clock.restore();
    }
    expect(await t.app.db('metric_models').where({ name: 'segments' }).first('name')).to.deep.equal({ name: 'segments' });
    expect(Number((await timer())?.due_at)).to.equal(due + 86_400_000);
  });
});

describe('admin stats routes in production without ADMIN_API_KEY', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({
      env: {
        NODE_ENV: 'production',
        MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
        MicrosoftAppPassword: 'app-password',
        WEBCHAT_SECRET: 'w'.repeat(40),
        ADMIN_API_KEY: '',
      },
    });
  });
  after(async () => t?.dispose());

  it('answers 503 on every stats route, even with a bearer key, and audits each call', async () => {
    for (const path of ['/admin/stats', '/admin/stats.csv', '/admin/stats/timeseries?metric=csat']) {
      const res = await fetch(`${t.url}${path}`, { headers: { Authorization: 'Bearer anything-at-all-here' } });
      expect(res.status, path).to.equal(503);
    }
    const res = await fetch(`${t.url}/admin/segments/refresh`, { method: 'POST' });
    expect(res.status).to.equal(503);
    const rows = await auditRows(t);
    expect(rows.filter((r) => r.status === 503)).to.have.length(4);
  });
});
