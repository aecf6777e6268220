import { expect } from 'chai';
import fc from 'fast-check';
import { TEST_ADMIN_KEY, type TestApp } from '../helpers/test-app';
import { hostileAuthorization, hostileBody, hostilePathSegment, hostileString } from './hostile-input';
import { auditRows, useHostileApp, probe, send } from './hostile-server';

/** Every admin API route (the JSON ones); `:id` is filled in per request. */
const adminApiRoutes: Array<{ method: string; path: (id: string) => string }> = [
  { method: 'GET', path: () => '/admin/stats' },
  { method: 'GET', path: () => '/admin/stats.csv' },
  { method: 'GET', path: () => '/admin/stats/timeseries?metric=csat' },
  { method: 'POST', path: () => '/admin/segments/refresh' },
  { method: 'GET', path: () => '/admin/kb' },
  { method: 'PUT', path: (id) => `/admin/kb/${id}` },
  { method: 'POST', path: () => '/admin/kb/reindex' },
  { method: 'GET', path: () => '/admin/agent-channel' },
  { method: 'PUT', path: () => '/admin/agent-channel' },
  { method: 'GET', path: (id) => `/admin/customers/${id}/export` },
  { method: 'DELETE', path: (id) => `/admin/customers/${id}` },
  { method: 'GET', path: () => '/admin/agents' },
  { method: 'POST', path: () => '/admin/agents' },
  { method: 'DELETE', path: (id) => `/admin/agents/${id}` },
  { method: 'POST', path: (id) => `/admin/agents/${id}/revoke` },
  { method: 'GET', path: () => '/admin/nlu/models' },
  { method: 'POST', path: () => '/admin/nlu/retrain' },
  { method: 'POST', path: (id) => `/admin/nlu/models/${id}/activate` },
];

/** Query text a spreadsheet user or an attacker could put in the window parameters. */
function hostileQueryValue(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      '2026-11-01',
      '2026-02-30',
      '2026-13-01',
      '0000-00-00',
      '9999-12-31T23:59:59+14:00',
      '2026-11-01T00:00:00-25:00',
      'yesterday',
      '',
      '1e309',
      '-1',
      'NaN',
      'null',
    ),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    hostilePathSegment(),
  );
}

describe('Admin routes under hostile input', () => {
  let t: TestApp;
  useHostileApp((app) => {
    t = app;
  });

  describe('without the admin key', () => {
    it('refuses every admin API call with 401 and a message, writing at most one audit row and nothing else', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...adminApiRoutes),
          hostileAuthorization(),
          hostilePathSegment(),
          hostileBody(),
          async (route, authorization, id, { body, contentType }) => {
            const audited = await auditRows(t.app.db);
            const answer = await probe(t.url, t.app.db, {
              method: route.method,
              path: route.path(id),
              headers: { Authorization: authorization, 'Content-Type': contentType },
              body,
            });
            expect(answer.status, `${route.method} ${route.path(id)}`).to.be.within(400, 499);
            // Refusals made by the router or body parser (404, 413, 415) happen before the route and are not audited;
            // the route's own refusals are audited once per IP, route and minute (test/security/refused-admin-calls.test.ts).
            if (answer.status === 401)
              expect(await auditRows(t.app.db), 'refused admin calls are audited').to.be.within(audited, audited + 1);
          },
        ),
        { numRuns: 200, seed: 8_201 },
      );
    });

    it('refuses forged dashboard session cookies with 401', async () => {
      const cookie = fc.oneof(
        hostileString(100).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
        fc.tuple(fc.integer(), fc.string({ maxLength: 60 })).map(([expires, sig]) => `${expires}.${sig.replace(/[^\x21-\x7e]/g, '')}`),
        fc.constant(`${Date.now() + 3_600_000}.${'A'.repeat(43)}`),
      );
      await fc.assert(
        fc.asyncProperty(cookie, fc.constantFrom(...adminApiRoutes.filter((r) => r.method === 'GET')), async (value, route) => {
          const answer = await probe(t.url, t.app.db, {
            method: 'GET',
            path: route.path('directline:dl_x'),
            headers: { Cookie: `sb_admin=${value}` },
          });
          expect(answer.status).to.equal(401);
        }),
        { numRuns: 100, seed: 8_202 },
      );
    });

    it('answers the login form a 401 page for any wrong key', async () => {
      await fc.assert(
        fc.asyncProperty(hostileBody({ key: 'x' }, ['key']), async ({ body, contentType }) => {
          const audited = await auditRows(t.app.db);
          const answer = await send(t.url, {
            method: 'POST',
            path: '/admin/dashboard/login',
            headers: { 'Content-Type': contentType },
            body,
          });
          expect(answer.status).to.be.oneOf([400, 401, 413, 415]);
          if (answer.status === 401) {
            expect(answer.contentType).to.match(/^text\/html/);
            expect(answer.text).to.include('That key is not right.');
            expect(await auditRows(t.app.db)).to.be.within(audited, audited + 1);
          }
        }),
        { numRuns: 100, seed: 8_203 },
      );
    });
  });

  describe('with the admin key', () => {
    const admin = { Authorization: `Bearer ${TEST_ADMIN_KEY}` };

    it('answers the stats routes 200 or a 400 naming the parameter for any window query', async () => {
      const query = fc.record(
        {
          from: hostileQueryValue(),
          to: hostileQueryValue(),
          channel: hostileQueryValue(),
          metric: hostileQueryValue(),
          interval: fc.oneof(fc.constantFrom('day', 'week'), hostileQueryValue()),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('/admin/stats', '/admin/stats.csv', '/admin/stats/timeseries'), query, async (path, params) => {
          const search = Object.entries(params)
            .map(([k, v]) => `${k}=${v}`)
            .join('&');
          const answer = await probe(t.url, t.app.db, { method: 'GET', path: `${path}?${search}`, headers: admin });
          expect(answer.status, `${path}?${search}: ${answer.text.slice(0, 200)}`).to.be.oneOf([200, 400]);
        }),
        { numRuns: 150, seed: 8_204 },
      );
    });

    it('never answers 5xx to hostile ids and bodies on the write routes, and writes nothing when refusing', async () => {
      const writeRoutes = adminApiRoutes.filter(
        // A retrain with an acceptable body starts a real training: test/learning/retrain.test.ts covers its refusals.
        (r) =>
          r.method !== 'GET' &&
          r.path('x') !== '/admin/segments/refresh' &&
          r.path('x') !== '/admin/kb/reindex' &&
          r.path('x') !== '/admin/nlu/retrain',
      );
      const id = fc.oneof(
        hostilePathSegment(),
        fc.constantFrom('cancel-an-order', 'no-such-article', 'directline:dl_nobody', 'webchat:customer-1'),
      );
      const editFields = ['title', 'summary', 'body', 'intents', 'tags', 'id', 'name', 'email'];
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...writeRoutes),
          id,
          hostileBody({ title: 'A title', summary: 'A summary long enough' }, editFields),
          async (route, key, { body, contentType }) => {
            await probe(t.url, t.app.db, {
              method: route.method,
              path: route.path(key),
              headers: { ...admin, 'Content-Type': contentType },
              body,
            });
          },
        ),
        { numRuns: 150, seed: 8_205 },
      );
    });

    it('never answers 5xx to hostile customer ids on the privacy export', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            hostilePathSegment(),
            hostileString(60).map((s) => encodeURIComponent(`webchat:${s.replace(/[\uD800-\uDFFF]/g, '')}`)),
          ),
          async (id) => {
            const answer = await probe(t.url, t.app.db, { method: 'GET', path: `/admin/customers/${id}/export`, headers: admin });
            expect(answer.status, 'dot segments route elsewhere (405)').to.be.oneOf([200, 400, 404, 405]);
          },
        ),
        { numRuns: 100, seed: 8_206 },
      );
    });
  });
});
