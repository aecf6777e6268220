import { expect } from 'chai';
import type { DbAuditRow } from '../../store/tables';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../helpers/test-app';

function login(t: TestApp, key: string): Promise<Response> {
  return fetch(`${t.url}/admin/dashboard/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ key }).toString(),
    redirect: 'manual',
  });
}

describe('admin dashboard', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t?.dispose());

  describe('GET /admin/dashboard', () => {
    it('shows the key form without a session, under a CSP without unsafe scripts', async () => {
      const res = await fetch(`${t.url}/admin/dashboard`);
      expect(res.status).to.equal(200);
      const html = await res.text();
      expect(html).to.include('name="key"').and.not.include('chart-volume');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).to.include("script-src 'self'");
      expect(csp).to.not.include('unsafe-eval');
      expect(csp).to.not.include('unsafe-inline');
      expect(html).to.not.match(/<script(?![^>]*\bsrc=)[^>]*>/);
    });
  });

  describe('POST /admin/dashboard/login', () => {
    it('refuses a wrong key without setting a cookie, and audits the attempt', async () => {
      const res = await login(t, 'not-the-key-at-all');
      expect(res.status).to.equal(401);
      expect(res.headers.get('set-cookie')).to.equal(null);
      expect(await res.text()).to.include('That key is not right.');
      const last = (await t.app.db<DbAuditRow>('audit_log').orderBy('id', 'desc').first())!;
      expect(last).to.include({ actor: 'anonymous', status: 401 });
    });

    it('sets an HttpOnly, SameSite=Strict session cookie for the right key that opens the stats', async () => {
      const res = await login(t, TEST_ADMIN_KEY);
      expect(res.status).to.equal(303);
      expect(res.headers.get('location')).to.equal('/admin/dashboard');
      const cookie = res.headers.get('set-cookie') ?? '';
      expect(cookie).to.match(/^sb_admin=[^;]+;/);
      expect(cookie).to.include('HttpOnly');
      expect(cookie).to.include('SameSite=Strict');
      expect(cookie).to.include('Path=/admin');
      const session = cookie.split(';')[0];
      const page = await fetch(`${t.url}/admin/dashboard`, { headers: { Cookie: session } });
      const html = await page.text();
      expect(html).to.include('chart-volume');
      expect(html, 'the survey comments panel').to.include('id="feedback"');
      expect((await fetch(`${t.url}/admin/feedback?comments=only`, { headers: { Cookie: session } })).status).to.equal(200);
      const stats = await fetch(`${t.url}/admin/stats`, { headers: { Cookie: session } });
      expect(stats.status).to.equal(200);
      const forged = await fetch(`${t.url}/admin/stats`, { headers: { Cookie: `${session}x` } });
      expect(forged.status).to.equal(401);
    });
  });

  describe('GET /admin/dashboard/assets/:file', () => {
    it('serves chart.js from node_modules and the page script, and nothing else', async () => {
      const chart = await fetch(`${t.url}/admin/dashboard/assets/chart.umd.js`);
      expect(chart.status).to.equal(200);
      expect(chart.headers.get('content-type')).to.match(/javascript/);
      expect(await chart.text()).to.include('Chart');
      expect((await fetch(`${t.url}/admin/dashboard/assets/dashboard.js`)).status).to.equal(200);
      expect((await fetch(`${t.url}/admin/dashboard/assets/..%2Fadmin-auth.ts`)).status).to.equal(404);
    });
  });
});
