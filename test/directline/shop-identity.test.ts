import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { ShopIdentityVerifier } from '../../bot/webchat/shop-identity';
import { SAMPLE_ORDERS } from '../../store/demo/demo-orders';
import { describeEachEngine } from '../helpers/databases';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { bearer, poll, post, startSession, userMessage, type Session } from './directline-client';

// The customer identity a shop's page signs for the widget (docs/shop-identity.md), through
// the built-in Direct Line endpoint like Web Chat uses it, and order status with it.

const IDENTITY_SECRET = 'shop-identity-test-secret-0123456789abcdef';
const ROBIN = SAMPLE_ORDERS.find((o) => o.number === 'PP-777777')!;
const INES = SAMPLE_ORDERS.find((o) => o.number === 'PP-318450')!;

/** Signs an identity the way docs/shop-identity.md tells a shop to, independently of the bot's code. */
function sign(payload: object, secret = IDENTITY_SECRET): string {
  const part = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${part}.${createHmac('sha256', secret).update(part).digest('base64url')}`;
}
const inMinutes = (m: number) => Math.floor(Date.now() / 1000) + m * 60;

describeEachEngine('signed shop identity for the widget', (engine) => {
  let t: TestApp;
  let n = 0;

  before(async () => {
    t = await startTestApp({ database: await engine.create(), env: { SHOP_IDENTITY_SECRET: IDENTITY_SECRET } });
  });
  after(async () => {
    await t?.dispose();
  });

  const requestToken = (body: unknown) =>
    fetch(`${t.url}/webchat/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  /** A widget session whose token carries `identity`. */
  async function signedSession(identity: string): Promise<Session> {
    const res = await requestToken({ identity });
    expect(res.status, 'token with a valid identity').to.equal(200);
    expect(res.headers.get('set-cookie'), 'no visitor cookie for a signed customer').to.equal(null);
    const token = await res.json();
    const started = await fetch(`${t.url}/v3/directline/conversations`, { method: 'POST', headers: bearer(token.token) });
    // A signed customer with a conversation still going resumes it (200) like a returning visitor.
    expect(started.status, 'a new conversation (201) or the one resumed (200)').to.equal(token.conversationId ? 200 : 201);
    const body = await started.json();
    if (token.conversationId) expect(body.conversationId).to.equal(token.conversationId);
    return { userId: token.userId, conversationId: body.conversationId, token: body.token, cookie: '' };
  }

  async function askOn(app: TestApp, s: Session, text: string): Promise<string> {
    const res = await post(app.url, s, userMessage(text, `client-${++n}`));
    expect(res.status, `"${text}" was accepted`).to.equal(200);
    const bot = (await poll(app.url, s)).activities.filter((a) => a.from.role === 'bot' && a.type === 'message');
    return String(bot[bot.length - 1]?.text ?? '');
  }
  const ask = (s: Session, text: string) => askOn(t, s, text);

  it('shows a signed customer their own order at once (by the shop’s customer id)', async () => {
    const s = await signedSession(sign({ userId: ROBIN.shopUserId, exp: inMinutes(30) }));
    expect(s.userId, 'a user id derived from the shop’s').to.match(/^dl_s[A-Za-z0-9_-]{24}$/);
    expect(await ask(s, 'where is my order PP-777777?')).to.match(/^Order PP-777777 is on its way with Parcelwing\./);
  });

  it('gives the same shop customer the same user id on every visit', async () => {
    const a = await signedSession(sign({ userId: 'shop-user-4242', exp: inMinutes(30) }));
    const b = await signedSession(sign({ userId: 'shop-user-4242', name: 'Kit', exp: inMinutes(20) }));
    const c = await signedSession(sign({ userId: 'shop-user-4243', exp: inMinutes(30) }));
    expect(b.userId).to.equal(a.userId);
    expect(c.userId).to.not.equal(a.userId);
  });

  it('recognises the owner by the signed email too', async () => {
    const s = await signedSession(sign({ userId: 'shop-user-new', email: INES.email, exp: inMinutes(30) }));
    expect(await ask(s, 'where is my order PP-318450')).to.match(/^Order PP-318450 is out for delivery with Northway Freight\./);
  });

  it('asks a signed customer for the email of an order that is not theirs', async () => {
    const s = await signedSession(sign({ userId: INES.shopUserId, email: INES.email, exp: inMinutes(30) }));
    expect(await ask(s, 'where is my order PP-777777?')).to.match(/email address you used for order PP-777777/);
    expect(await ask(s, INES.email)).to.match(/^I couldn't find order PP-777777 with those details\./);
  });

  it('keeps the identity through the token refresh', async () => {
    const s = await signedSession(sign({ userId: ROBIN.shopUserId, exp: inMinutes(30) }));
    const res = await fetch(`${t.url}/v3/directline/tokens/refresh`, { method: 'POST', headers: bearer(s.token) });
    const refreshed = { ...s, token: (await res.json()).token as string };
    expect(await ask(refreshed, 'where is my order PP-562093')).to.match(/^Order PP-562093 has been delivered/);
  });

  it('refuses a tampered identity with 401 and issues no token', async () => {
    const [part, signature] = sign({ userId: 'shop-user-9', exp: inMinutes(30) }).split('.');
    const forged = Buffer.from(JSON.stringify({ userId: ROBIN.shopUserId, exp: inMinutes(30) })).toString('base64url');
    for (const identity of [
      `${forged}.${signature}`,
      `${part}.${signature.slice(1)}x`,
      part,
      sign({ userId: 'x', exp: inMinutes(5) }, 'another-secret'),
    ]) {
      const res = await requestToken({ identity });
      expect(res.status, identity).to.equal(401);
      expect(await res.json(), 'a bare 401, like every refused credential').to.deep.equal({ error: 'unauthorized' });
    }
  });

  it('refuses an expired identity, and one valid for longer than a day', async () => {
    const expired = await requestToken({ identity: sign({ userId: ROBIN.shopUserId, exp: inMinutes(-1) }) });
    expect(expired.status).to.equal(401);
    const forever = await requestToken({ identity: sign({ userId: ROBIN.shopUserId, exp: inMinutes(25 * 60) }) });
    expect(forever.status).to.equal(401);
  });

  it('refuses a correctly signed payload that is not an identity (no userId, bad email)', async () => {
    for (const payload of [{ exp: inMinutes(5) }, { userId: 'u1', email: 'not-an-email', exp: inMinutes(5) }, { userId: 'u1' }]) {
      const res = await requestToken({ identity: sign(payload) });
      expect(res.status, JSON.stringify(payload)).to.equal(401);
    }
  });

  it('answers 400 to a token request whose body is not an identity', async () => {
    expect((await requestToken({ identity: 42 })).status).to.equal(400);
  });

  describe('failed lookups per client IP', () => {
    let fresh: TestApp;
    before(async () => {
      fresh = await startTestApp({ database: await engine.create() });
    });
    after(async () => {
      await fresh?.dispose();
    });

    it('counts failed lookups per client IP: another guest on the same IP is limited too', async () => {
      const first = await startSession(fresh.url);
      for (let i = 0; i < 5; i++) {
        expect(await askOn(fresh, first, `where is my order PP-80000${i}? email nobody@example.com`)).to.match(/^I couldn't find order/);
      }
      const second = await startSession(fresh.url);
      expect(await askOn(fresh, second, `where is my order PP-777777? email ${ROBIN.email}`)).to.match(/can't look up more orders/);
    });
  });
});

describe('signed shop identity without SHOP_IDENTITY_SECRET', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => {
    await t?.dispose();
  });

  it('answers 503 naming the variable, and still serves guests', async () => {
    const res = await fetch(`${t.url}/webchat/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ identity: sign({ userId: 'u1', exp: inMinutes(5) }) }),
    });
    expect(res.status).to.equal(503);
    expect(JSON.stringify(await res.json())).to.contain('SHOP_IDENTITY_SECRET');
    expect((await fetch(`${t.url}/webchat/token`, { method: 'POST' })).status).to.equal(200);
  });
});

describe('ShopIdentityVerifier', () => {
  const now = Date.UTC(2026, 10, 30, 12, 0, 0);
  const verifier = new ShopIdentityVerifier(IDENTITY_SECRET, () => now);
  const exp = (minutes: number) => Math.floor(now / 1000) + minutes * 60;

  it('returns the signed identity, with its expiry, and a user id derived from the shop’s', () => {
    const { identity, userId } = verifier.verify(sign({ userId: 'shop-user-7', email: 'kit@example.com', name: 'Kit', exp: exp(10) }));
    expect(identity).to.deep.equal({ userId: 'shop-user-7', email: 'kit@example.com', name: 'Kit', expiresAt: exp(10) * 1000 });
    expect(userId).to.match(/^dl_s/);
  });

  it('says why it refuses: bad signature, expired, too long, malformed', () => {
    const refusal = (signed: string) => {
      try {
        verifier.verify(signed);
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(refusal(sign({ userId: 'u', exp: exp(10) }, 'wrong-secret-0123456789abcdef0123'))).to.equal('identity: bad signature');
    expect(refusal(`${sign({ userId: 'u', exp: exp(10) })}.extra`)).to.equal('identity: bad signature');
    expect(refusal(sign({ userId: 'u', exp: exp(0) }))).to.equal('identity: expired');
    expect(refusal(sign({ userId: 'u', exp: exp(24 * 60 + 1) }))).to.equal('identity: valid for longer than a day');
    expect(refusal(sign({ userId: '', exp: exp(10) }))).to.equal('identity: malformed payload');
    expect(refusal(sign({ userId: 'u', exp: exp(24 * 60) }))).to.equal('accepted');
  });
});
