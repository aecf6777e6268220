import { expect } from 'chai';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { CLIENT_VALUE_BYTES } from '../../store/field-limits';
import { post, startSession, type Session } from '../directline/directline-client';
import { startTestApp, type TestApp } from '../helpers/test-app';

/** A JSON value whose serialization is exactly `bytes` long. */
function valueOfBytes(bytes: number): { pad: string } {
  return { pad: 'x'.repeat(bytes - JSON.stringify({ pad: '' }).length) };
}

const CONVERSATION_LIMIT = 3;

describe('size caps on stored client values', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_CONVERSATION_PER_MIN: String(CONVERSATION_LIMIT) } });
  });
  after(async () => t?.dispose());

  const storedMessages = async () => Number((await t.app.db('messages').count({ n: '*' }))[0].n);
  const storedDlActivities = async (conversationId: string) =>
    Number((await t.app.db('dl_activities').where({ conversation_id: conversationId }).count({ n: '*' }))[0].n);
  const errorOf = async (res: Response) => ((await res.json()) as { error: string }).error;

  describe('POST /api/messages', () => {
    const send = (conversationId: string, value: unknown) =>
      postActivity(t.url, messageActivity({ serviceUrl: 'http://127.0.0.1:9/', conversationId, value }));

    it('refuses a message value over 8 KB of JSON with a 400 naming value, storing nothing', async () => {
      const before = await storedMessages();
      const res = await send('caps-api-big', valueOfBytes(CLIENT_VALUE_BYTES + 1));
      expect(res.status).to.equal(400);
      expect(await errorOf(res)).to.equal(`value: at most ${CLIENT_VALUE_BYTES} bytes of JSON`);
      const quarterMegabyte = await send('caps-api-250k', valueOfBytes(250 * 1024));
      expect(quarterMegabyte.status, 'under MAX_BODY_BYTES: a 400, not a 413').to.equal(400);
      expect(await storedMessages()).to.equal(before);
    });

    it('takes a value of exactly 8 KB, and still answers 413 for a body over MAX_BODY_BYTES', async () => {
      const res = await send('caps-api-fits', valueOfBytes(CLIENT_VALUE_BYTES));
      expect(res.status, await res.clone().text()).to.equal(200);
      const tooLarge = await send('caps-api-413', valueOfBytes(t.app.config.maxBodyBytes + 1));
      expect(tooLarge.status).to.equal(413);
    });
  });

  describe('POST /v3/directline/conversations/:id/activities', () => {
    let session: Session;
    beforeEach(async () => {
      session = await startSession(t.url);
    });

    it('refuses a message or event value over 8 KB with a 400 naming value, storing nothing', async () => {
      const before = await storedDlActivities(session.conversationId);
      for (const type of ['event', 'message']) {
        const res = await post(t.url, session, { type, name: 'webchat/join', value: valueOfBytes(250 * 1024) });
        expect(res.status, type).to.equal(400);
        expect(await errorOf(res), type).to.equal(`value: at most ${CLIENT_VALUE_BYTES} bytes of JSON`);
      }
      expect(await storedDlActivities(session.conversationId)).to.equal(before);
    });

    it('counts events against the per-conversation limit', async () => {
      // Twice the limit and one: a minute that ends during the loop cannot hide the refusal.
      const statuses: number[] = [];
      for (let i = 0; i <= 2 * CONVERSATION_LIMIT && !statuses.includes(429); i++) {
        const res = await post(t.url, session, { type: 'event', name: 'page-view', value: { i } });
        statuses.push(res.status);
        if (res.status === 429) expect(Number(res.headers.get('retry-after'))).to.be.greaterThan(0);
      }
      expect(statuses, 'events past the limit').to.include(429);
      expect(statuses.indexOf(429), 'events within the limit').to.be.at.least(CONVERSATION_LIMIT);
    });
  });
});
