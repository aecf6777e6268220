import { expect } from 'chai';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { FixedWindowLimiter, MemoryWindowCounter } from '../../bot/webchat/rate-limit';
import { bearer, poll, post, startSession, userMessage } from './directline-client';

describe('FixedWindowLimiter', () => {
  describe('take', () => {
    it('allows `limit` requests per key and minute, then refuses with the seconds left', async () => {
      let now = 120_000 + 15_000;
      const limiter = new FixedWindowLimiter(2, new MemoryWindowCounter(), () => now);
      expect((await limiter.take('a')).allowed).to.equal(true);
      expect((await limiter.take('a')).allowed).to.equal(true);
      expect(await limiter.take('a')).to.deep.equal({ allowed: false, retryAfterS: 45 });
      expect((await limiter.take('b')).allowed, 'other keys have their own budget').to.equal(true);
      now += 45_000;
      expect((await limiter.take('a')).allowed, 'a new minute starts a new budget').to.equal(true);
    });

    it('never refuses when the limit is 0', async () => {
      const limiter = new FixedWindowLimiter(0, new MemoryWindowCounter(), () => 0);
      for (let i = 0; i < 1000; i++) expect((await limiter.take('a')).allowed).to.equal(true);
    });
  });
});

describe('RATE_LIMIT_WIDGET_PER_MIN', () => {
  const LIMIT = 3;
  const WEBCHAT_SECRET = 'rate-limit-test-secret-0123456789abcdef';
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_WIDGET_PER_MIN: String(LIMIT), WEBCHAT_SECRET } });
  });
  afterEach(async () => {
    await t?.dispose();
  });

  /** A second instance on the same database without a limit, to set up conversations. */
  const startUnlimited = () =>
    startTestApp({
      env: { RATE_LIMIT_WIDGET_PER_MIN: '0', WEBCHAT_SECRET },
      database: t.database,
      connector: t.connector,
    });

  // 2 × limit + 1 requests see at least one refusal even when a minute boundary falls between them.
  const burst = async (request: () => Promise<Response>) => {
    const responses: Response[] = [];
    for (let i = 0; i < 2 * LIMIT + 1; i++) responses.push(await request());
    return responses;
  };

  it('answers 429 with Retry-After on POST /webchat/token past the limit', async () => {
    const responses = await burst(() => fetch(`${t.url}/webchat/token`, { method: 'POST' }));
    const refused = responses.filter((r) => r.status === 429);
    expect(refused, 'some requests refused').to.have.length.greaterThan(0);
    expect(Number(refused[0].headers.get('retry-after'))).to.be.within(1, 60);
    expect(responses.filter((r) => r.status === 200)).to.have.length.at.least(LIMIT);
  });

  it('answers 429 with Retry-After on Direct Line posts past the limit', async () => {
    const unlimited = await startUnlimited();
    try {
      const s = await startSession(unlimited.url);
      const responses = await burst(() => fetch(`${t.url}/v3/directline/conversations`, { method: 'POST', headers: bearer(s.token) }));
      const refused = responses.find((r) => r.status === 429);
      expect(refused, 'some requests refused').to.not.equal(undefined);
      expect(refused!.headers.get('retry-after')).to.match(/^\d+$/);
    } finally {
      await unlimited.stop();
    }
  });

  it('never fails a poll: past the limit it answers 200 with no activities and Retry-After', async () => {
    const unlimited = await startUnlimited();
    try {
      const s = await startSession(unlimited.url);
      await post(unlimited.url, s, userMessage('hi', 'rl-1'));
      const url = `${t.url}/v3/directline/conversations/${s.conversationId}/activities?watermark=`;
      const responses = await burst(() => fetch(url, { headers: bearer(s.token) }));
      expect(responses.map((r) => r.status)).to.deep.equal(responses.map(() => 200));
      const limited = responses.filter((r) => r.headers.get('retry-after') !== null);
      expect(limited, 'some polls limited').to.have.length.greaterThan(0);
      expect(await limited[0].json()).to.deep.equal({ activities: [], watermark: '0' });
      expect((await poll(unlimited.url, s)).activities).to.have.length(3);
    } finally {
      await unlimited.stop();
    }
  });
});
