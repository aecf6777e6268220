import { expect } from 'chai';
import fc from 'fast-check';
import { TEST_ADMIN_KEY, type TestApp } from '../helpers/test-app';
import { hostileBody, hostilePathSegment } from './hostile-input';
import { useHostileApp, probe, send } from './hostile-server';

/** The HTML pages a browser opens. */
const pages = ['/', '/webchat/frame', '/agent', '/admin/dashboard'];

/** The other GET routes: assets, health, the snippet. */
const assets = [
  '/webchat/embed.js',
  '/webchat/widget.js',
  '/webchat/widget.css',
  '/agent/static/agent.js',
  '/agent/static/agent.css',
  '/admin/dashboard/assets/dashboard.js',
  '/admin/dashboard/assets/dashboard.css',
  '/healthz',
  '/readyz',
];

describe('Pages under hostile input', () => {
  let t: TestApp;
  useHostileApp((app) => {
    t = app;
  });

  describe('security headers', () => {
    for (const page of pages) {
      it(`${page} sends a Content-Security-Policy without 'unsafe-eval' and nosniff`, async () => {
        for (const headers of [{}, { Authorization: `Bearer ${TEST_ADMIN_KEY}` }]) {
          const answer = await send(t.url, { method: 'GET', path: page, headers });
          expect(answer.status).to.equal(200);
          expect(answer.contentType).to.match(/^text\/html/);
          const csp = answer.headers.get('content-security-policy') ?? '';
          expect(csp, `${page} CSP`).to.match(/script-src 'self'/);
          expect(csp, `${page} CSP`).to.not.include('unsafe-eval');
          expect(csp, `${page} CSP`).to.match(/frame-ancestors /);
          expect(answer.headers.get('x-content-type-options'), `${page} X-Content-Type-Options`).to.equal('nosniff');
        }
      });
    }
  });

  it('answers pages and assets normally whatever the query string and headers', async () => {
    const query = fc
      .array(fc.tuple(hostilePathSegment(), hostilePathSegment()), { maxLength: 4 })
      .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
    const header = fc.string({ maxLength: 80 }).map((s) => s.replace(/[^\x20-\x7e]/g, ''));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...pages, ...assets), query, header, header, async (path, search, ifNoneMatch, acceptEncoding) => {
        const answer = await probe(t.url, t.app.db, {
          method: 'GET',
          path: `${path}?${search}`,
          headers: { 'If-None-Match': ifNoneMatch, 'Accept-Encoding': acceptEncoding, Cookie: `sb_admin=${ifNoneMatch}` },
        });
        expect(answer.status, `${path}?${search}`).to.be.oneOf([200, 304]);
      }),
      { numRuns: 150, seed: 8_501 },
    );
  });

  it('answers unknown paths and methods without a 5xx, refusing with a JSON error and writing nothing', async () => {
    const prefix = fc.constantFrom('', '/webchat', '/agent/static', '/admin/dashboard/assets', '/v3/directline', '/admin', '/api');
    await fc.assert(
      fc.asyncProperty(
        prefix,
        hostilePathSegment(),
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
        async (base, segment, method) => {
          await probe(t.url, t.app.db, { method, path: `${base}/${segment}`, headers: { 'Content-Type': 'application/json' }, body: '{}' });
        },
      ),
      { numRuns: 150, seed: 8_502 },
    );
  });

  it('logs out of the dashboard with a redirect whatever the body', async () => {
    await fc.assert(
      fc.asyncProperty(hostileBody(), async ({ body, contentType }) => {
        const answer = await probe(t.url, t.app.db, {
          method: 'POST',
          path: '/admin/dashboard/logout',
          headers: { 'Content-Type': contentType },
          body,
        });
        if (answer.status < 400) {
          expect(answer.status).to.equal(303);
          expect(answer.headers.get('set-cookie')).to.match(/^sb_admin=; .*Max-Age=0/);
        }
      }),
      { numRuns: 100, seed: 8_503 },
    );
  });
});
