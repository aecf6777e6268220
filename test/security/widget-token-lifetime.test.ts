import { expect } from 'chai';
import { SignJWT } from 'jose';
import { WIDGET_TOKEN_AUDIENCE, WIDGET_TOKEN_ISSUER, WIDGET_TOKEN_TTL_S } from '../../bot/webchat/widget-tokens';
import { bearer, poll, post, startSession, userMessage } from '../directline/directline-client';
import { issueAgent } from '../helpers/agents';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../helpers/test-app';

const SECRET = 'widget-lifetime-test-secret-0123456789abcdef';
const USER = 'dl_lifetimetest01';

/** A token signed with the right secret, with the lifetime claims `shape` chooses. */
async function signed(shape: { iat?: number; exp?: number }): Promise<string> {
  const jwt = new SignJWT({ user: USER })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(USER)
    .setIssuer(WIDGET_TOKEN_ISSUER)
    .setAudience(WIDGET_TOKEN_AUDIENCE);
  if (shape.iat !== undefined) jwt.setIssuedAt(shape.iat);
  if (shape.exp !== undefined) jwt.setExpirationTime(shape.exp);
  return jwt.sign(new TextEncoder().encode(SECRET));
}

describe('widget token lifetime and caching of personal data', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { WEBCHAT_SECRET: SECRET } });
  });
  after(async () => t?.dispose());

  const startWith = (token: string) => fetch(`${t.url}/v3/directline/conversations`, { method: 'POST', headers: bearer(token) });

  it('refuses a correctly signed token without exp, without iat, or living longer than the token lifetime', async () => {
    const now = Math.floor(Date.now() / 1000);
    const tenYears = 10 * 365 * 86_400;
    for (const [what, shape] of [
      ['no exp', { iat: now }],
      ['no iat', { exp: now + 600 }],
      ['ten years', { iat: now, exp: now + tenYears }],
      ['one second too long', { iat: now - 60, exp: now - 60 + WIDGET_TOKEN_TTL_S + 1 }],
    ] as const) {
      const res = await startWith(await signed(shape));
      expect(res.status, what).to.equal(401);
    }
    const res = await startWith(await signed({ iat: now, exp: now + WIDGET_TOKEN_TTL_S }));
    expect(res.status, 'a token of exactly the lifetime').to.equal(201);
  });

  it('answers Cache-Control: no-store on tokens, Direct Line activities, transcripts and exports', async () => {
    const token = await fetch(`${t.url}/webchat/token`, { method: 'POST' });
    expect(token.headers.get('cache-control'), 'POST /webchat/token').to.equal('no-store');
    const session = await startSession(t.url);
    const started = await fetch(`${t.url}/v3/directline/conversations/${session.conversationId}`, { headers: bearer(session.token) });
    expect(started.headers.get('cache-control'), 'GET /conversations/:id').to.equal('no-store');
    const posted = await post(t.url, session, userMessage('where is my order 12345?', 'c-1'));
    expect(posted.headers.get('cache-control'), 'POST …/activities').to.equal('no-store');
    await poll(t.url, session);
    const polled = await fetch(`${t.url}/v3/directline/conversations/${session.conversationId}/activities`, {
      headers: bearer(session.token),
    });
    expect(polled.headers.get('cache-control'), 'GET …/activities').to.equal('no-store');
    const refreshed = await fetch(`${t.url}/v3/directline/tokens/refresh`, { method: 'POST', headers: bearer(session.token) });
    expect(refreshed.headers.get('cache-control'), 'POST /tokens/refresh').to.equal('no-store');

    const agent = (await issueAgent(t.url, 'Avery Agent')).headers;
    const queue = await fetch(`${t.url}/agent/api/queue`, { headers: agent });
    expect(queue.headers.get('cache-control'), 'GET /agent/api/queue').to.equal('no-store');
    const transcript = await fetch(`${t.url}/agent/api/tickets/1`, { headers: agent });
    expect(transcript.headers.get('cache-control'), 'GET /agent/api/tickets/:id').to.equal('no-store');
    const exported = await fetch(`${t.url}/admin/customers/${encodeURIComponent(`directline:${session.userId}`)}/export`, {
      headers: { Authorization: `Bearer ${TEST_ADMIN_KEY}` },
    });
    expect(exported.status).to.equal(200);
    expect(exported.headers.get('cache-control'), 'GET /admin/customers/:id/export').to.equal('no-store');
    const refused = await fetch(`${t.url}/admin/customers/x:y/export`);
    expect(refused.headers.get('cache-control'), 'a refused export').to.equal('no-store');
  });
});
