import { expect } from 'chai';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../../bot/admin-session';
import { describeEachEngine, type TestDatabase } from '../helpers/databases';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../helpers/test-app';

describeEachEngine('admin dashboard sessions', (engine) => {
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  before(async function () {
    this.timeout(60_000);
    database = await engine.create();
    a = await startTestApp({ database });
    b = await startTestApp({ database, connector: a.connector });
  });
  after(async () => {
    await b?.stop();
    await a?.dispose();
  });

  /** Logs in on `t`; resolves with the `Cookie` header value of the new session. */
  async function login(t: TestApp): Promise<string> {
    const res = await fetch(`${t.url}/admin/dashboard/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key: TEST_ADMIN_KEY }).toString(),
      redirect: 'manual',
    });
    expect(res.status).to.equal(303);
    return (res.headers.get('set-cookie') ?? '').split(';')[0];
  }
  const stats = async (t: TestApp, cookie: string) => (await fetch(`${t.url}/admin/stats`, { headers: { Cookie: cookie } })).status;
  const logout = (t: TestApp, cookie: string) =>
    fetch(`${t.url}/admin/dashboard/logout`, { method: 'POST', headers: { Cookie: cookie }, redirect: 'manual' });

  it('keeps sessions server-side: one login works on every instance and logout on one ends it on all', async () => {
    const cookie = await login(a);
    expect(await stats(a, cookie), 'on the instance that logged in').to.equal(200);
    expect(await stats(b, cookie), 'on the other instance').to.equal(200);
    const token = cookie.split('=')[1];
    const stored = await a.app.db('admin_sessions').select('token_hash');
    expect(JSON.stringify(stored), 'the table holds a hash, not the cookie').to.not.include(token);

    const out = await logout(b, cookie);
    expect(out.status).to.equal(303);
    expect(out.headers.get('set-cookie')).to.match(/^sb_admin=;.*Max-Age=0/);
    expect(await stats(a, cookie), 'the old cookie after logout').to.equal(401);
    expect(await stats(b, cookie)).to.equal(401);
  });

  it(`ends a session idle for ${SESSION_IDLE_MS / 60_000} minutes`, async () => {
    const cookie = await login(a);
    expect(await stats(a, cookie)).to.equal(200);
    await a.app.db('admin_sessions').update({ last_seen_at: Date.now() - SESSION_IDLE_MS - 1000 });
    expect(await stats(a, cookie)).to.equal(401);
  });

  it(`ends an active session ${SESSION_ABSOLUTE_MS / 3_600_000} hours after login`, async () => {
    const cookie = await login(a);
    expect(await stats(a, cookie)).to.equal(200);
    const loggedIn = Date.now() - SESSION_ABSOLUTE_MS - 1000;
    await a.app.db('admin_sessions').update({ created_at: loggedIn, expires_at: loggedIn + SESSION_ABSOLUTE_MS, last_seen_at: Date.now() });
    expect(await stats(a, cookie)).to.equal(401);
  });
});
