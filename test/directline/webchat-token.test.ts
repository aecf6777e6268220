import { expect } from 'chai';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { WidgetTokens } from '../../bot/webchat/widget-tokens';
import { fetchWidgetToken } from './directline-client';

const SECRET = 'webchat-token-test-secret-0123456789abcdef';

describe('POST /webchat/token', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ env: { WEBCHAT_SECRET: SECRET } });
  });
  afterEach(async () => {
    await t?.dispose();
  });

  it('returns a 30-minute token bound to a user id the server chose', async () => {
    const { status, body } = await fetchWidgetToken(t.url);
    expect(status).to.equal(200);
    expect(body.userId).to.match(/^dl_[A-Za-z0-9_-]{8,}$/);
    expect(body.expires_in).to.equal(1800);
    expect(await new WidgetTokens(SECRET).verify(body.token)).to.deep.equal({ userId: body.userId, conversationId: undefined });
  });

  it('sets an HttpOnly, SameSite=Lax visitor cookie', async () => {
    const { setCookie } = await fetchWidgetToken(t.url);
    expect(setCookie).to.match(/^sb_visitor=dl_[^;]+/);
    expect(setCookie).to.include('HttpOnly');
    expect(setCookie).to.include('SameSite=Lax');
    expect(setCookie).to.include('Path=/');
  });

  it('keeps the user id of a returning visitor who sends the cookie back', async () => {
    const first = await fetchWidgetToken(t.url);
    const again = await fetchWidgetToken(t.url, first.setCookie.split(';')[0]);
    expect(again.body.userId).to.equal(first.body.userId);
    const stranger = await fetchWidgetToken(t.url);
    expect(stranger.body.userId).to.not.equal(first.body.userId);
  });

  it('gives a new user id when the cookie names a user id with a forged signature', async () => {
    const first = await fetchWidgetToken(t.url);
    const [name, value] = first.setCookie.split(';')[0].split('=');
    const userId = value.slice(0, value.lastIndexOf('.'));
    const forged = await fetchWidgetToken(t.url, `${name}=dl_victim1234567.${value.slice(value.lastIndexOf('.') + 1)}`);
    expect(forged.status).to.equal(200);
    expect(forged.body.userId).to.not.equal('dl_victim1234567');
    const unsigned = await fetchWidgetToken(t.url, `${name}=${userId}`);
    expect(unsigned.body.userId).to.not.equal(userId);
  });

  it('keeps the same user id across app instances that share WEBCHAT_SECRET', async () => {
    const first = await fetchWidgetToken(t.url);
    const other = await startTestApp({ env: { WEBCHAT_SECRET: SECRET } });
    try {
      const again = await fetchWidgetToken(other.url, first.setCookie.split(';')[0]);
      expect(again.body.userId).to.equal(first.body.userId);
    } finally {
      await other.dispose();
    }
  });
});

describe('WidgetTokens.verify', () => {
  it('refuses a token it verified before once the token has expired', async () => {
    let now = Date.now();
    const tokens = new WidgetTokens(SECRET, () => now);
    const token = await tokens.issue({ userId: 'dl_abcdefghijkl', conversationId: 'c-1' });
    expect(await tokens.verify(token)).to.deep.equal({ userId: 'dl_abcdefghijkl', conversationId: 'c-1' });
    expect(await tokens.verify(token)).to.deep.equal({ userId: 'dl_abcdefghijkl', conversationId: 'c-1' });
    now += 1801_000;
    let failure: unknown;
    await tokens.verify(token).catch((error: unknown) => (failure = error));
    expect(String(failure)).to.match(/expired/);
  });

  it('refuses a verified token with one character changed', async () => {
    const tokens = new WidgetTokens(SECRET);
    const token = await tokens.issue({ userId: 'dl_abcdefghijkl' });
    await tokens.verify(token);
    // The second-to-last character: all six of its bits belong to the signature (the last one's low
    // bits are padding), and the replacement must differ from it or nothing was changed (1 in 64 runs).
    const changed = token.at(-2) === 'A' ? 'B' : 'A';
    const tampered = token.slice(0, -2) + changed + token.slice(-1);
    expect(tampered).to.not.equal(token);
    let failure: unknown;
    await tokens.verify(tampered).catch((error: unknown) => (failure = error));
    expect(String(failure)).to.match(/invalid token/);
  });
});
