import { expect } from 'chai';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { WidgetTokens } from '../../bot/webchat/widget-tokens';
import { bearer, poll, post, startSession, userMessage, type Session } from './directline-client';

const SECRET = 'directline-test-secret-0123456789abcdef';
const GREETING = /Pebble & Pine assistant/;

describe('Direct Line endpoint (/v3/directline)', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ env: { WEBCHAT_SECRET: SECRET } });
  });
  afterEach(async () => {
    await t?.dispose();
  });

  const count = async (table: string) => Number((await t.app.db(table).count({ n: '*' }))[0].n);
  const conversationUrl = (s: Pick<Session, 'conversationId'>) => `${t.url}/v3/directline/conversations/${s.conversationId}`;

  describe('POST /conversations', () => {
    it('starts a conversation with a token bound to it, and the greeting is in the first poll', async () => {
      const s = await startSession(t.url);
      expect(s.conversationId).to.match(/^[A-Za-z0-9_-]+$/);
      const grant = await new WidgetTokens(SECRET).verify(s.token);
      expect(grant).to.deep.equal({ userId: s.userId, conversationId: s.conversationId });
      const first = await poll(t.url, s);
      expect(first.activities).to.have.length(1);
      expect(first.activities[0].text).to.match(GREETING);
      expect(first.activities[0].from.role).to.equal('bot');
      expect(first.activities[0].channelId).to.equal('directline');
      expect(first.watermark).to.match(/^\d+$/);
    });

    it('answers 401 without a token, with a forged token and with an expired token', async () => {
      const start = (headers: Record<string, string>) => fetch(`${t.url}/v3/directline/conversations`, { method: 'POST', headers });
      const forged = await new WidgetTokens('another-secret-0123456789abcdef-xyz').issue({ userId: 'dl_abcdefghijkl' });
      const expired = await new WidgetTokens(SECRET, () => Date.now() - 3 * 3600_000).issue({ userId: 'dl_abcdefghijkl' });
      expect((await start({})).status).to.equal(401);
      expect((await start(bearer(forged))).status).to.equal(401);
      const res = await start(bearer(expired));
      expect(res.status).to.equal(401);
      expect(await res.json(), 'a refusal says nothing of why').to.deep.equal({ error: 'unauthorized' });
      expect(await count('dl_conversations')).to.equal(0);
    });

    it('returns the same conversation, without a second greeting, for a conversation-bound token', async () => {
      const s = await startSession(t.url);
      const again = await fetch(`${t.url}/v3/directline/conversations`, { method: 'POST', headers: bearer(s.token) });
      expect(again.status).to.equal(200);
      expect((await again.json()).conversationId).to.equal(s.conversationId);
      expect((await poll(t.url, s)).activities).to.have.length(1);
    });
  });

  describe('GET /conversations/:id/activities', () => {
    it('returns only activities after the watermark, in order, with the user message echoed first', async () => {
      const s = await startSession(t.url);
      const greeting = await poll(t.url, s);
      const res = await post(t.url, s, userMessage('where is my parcel?', 'client-1'));
      expect(res.status).to.equal(200);
      const { id } = await res.json();
      const next = await poll(t.url, s, greeting.watermark);
      expect(next.activities.map((a) => a.from.role)).to.deep.equal(['user', 'bot']);
      expect(next.activities[0]).to.include({ id, text: 'where is my parcel?' });
      expect(next.activities[0].channelData.clientActivityID).to.equal('client-1');
      expect(next.activities[1].replyToId).to.equal(id);
      expect(Number(next.watermark)).to.be.greaterThan(Number(greeting.watermark));
      const idle = await poll(t.url, s, next.watermark);
      expect(idle).to.deep.equal({ activities: [], watermark: next.watermark });
      const all = await poll(t.url, s);
      expect(all.activities.map((a) => a.id)).to.deep.equal([greeting.activities[0].id, ...next.activities.map((a) => a.id)]);
    });

    it('sets from.id from the token and ignores the id the browser sent', async () => {
      const s = await startSession(t.url);
      await post(t.url, s, userMessage('hello', 'client-2', 'dl_someone-else-entirely'));
      const echoed = (await poll(t.url, s)).activities.find((a) => a.from.role === 'user');
      expect(echoed.from.id).to.equal(s.userId);
      const customer = await t.app.db('customers').where({ channel_id: 'directline' }).first();
      expect(customer.channel_user_id).to.equal(s.userId);
    });

    it('reads a missing or unreadable watermark as "from the start"', async () => {
      const s = await startSession(t.url);
      for (const watermark of ['', 'undefined', '-3', 'abc']) {
        const set = await poll(t.url, s, watermark);
        expect(set.activities, `watermark "${watermark}"`).to.have.length(1);
      }
    });

    it('answers 200 with no activities and the same watermark when the database fails', async () => {
      const s = await startSession(t.url);
      await t.app.db.schema.dropTable('dl_activities');
      expect(await poll(t.url, s, '7')).to.deep.equal({ activities: [], watermark: '7' });
    });

    it('answers 404 for an unknown conversation', async () => {
      const s = await startSession(t.url);
      const res = await fetch(`${t.url}/v3/directline/conversations/no-such-conversation/activities`, { headers: bearer(s.token) });
      expect(res.status).to.equal(404);
    });

    it("answers 403 to another user's token and 401 without one", async () => {
      const mine = await startSession(t.url);
      const theirs = await startSession(t.url);
      const asThem = await fetch(`${conversationUrl(mine)}/activities`, { headers: bearer(theirs.token) });
      expect(asThem.status).to.equal(403);
      expect((await fetch(`${conversationUrl(mine)}/activities`)).status).to.equal(401);
    });

    it("answers 403 to the same user's token bound to another conversation", async () => {
      const s = await startSession(t.url);
      const tokens = new WidgetTokens(SECRET);
      const other = await tokens.issue({ userId: s.userId, conversationId: 'another-conversation' });
      const res = await fetch(`${conversationUrl(s)}/activities`, { headers: bearer(other) });
      expect(res.status).to.equal(403);
    });
  });

  describe('POST /conversations/:id/activities', () => {
    it('stores one copy and runs one turn when the same client activity is posted twice', async () => {
      const s = await startSession(t.url);
      const first = await (await post(t.url, s, userMessage('hi', 'retry-1'))).json();
      const second = await (await post(t.url, s, userMessage('hi', 'retry-1'))).json();
      expect(second.id).to.equal(first.id);
      const activities = (await poll(t.url, s)).activities;
      expect(activities.filter((a) => a.from.role === 'user')).to.have.length(1);
      expect(activities.filter((a) => a.from.role === 'bot')).to.have.length(2);
      expect(await t.app.db('messages').where({ role: 'customer' }).count({ n: '*' })).to.deep.equal([{ n: 1 }]);
    });

    it('answers 400 to malformed JSON and to a wrong-typed activity, storing nothing', async () => {
      const s = await startSession(t.url);
      const before = await count('dl_activities');
      expect((await post(t.url, s, '{"type": "message", ')).status).to.equal(400);
      const wrongType = await post(t.url, s, { type: 5, text: 'x' });
      expect(wrongType.status).to.equal(400);
      expect((await wrongType.json()).error).to.match(/type/);
      expect((await post(t.url, s, { type: 'message', text: 42 })).status).to.equal(400);
      expect((await post(t.url, s, [1, 2])).status).to.equal(400);
      expect(await count('dl_activities')).to.equal(before);
      expect(await t.app.db('messages').where({ role: 'customer' }).count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    });

    it("keeps Web Chat's postBack flag and the card's value on a button press, nothing else of channelData", async () => {
      const s = await startSession(t.url);
      const press = {
        type: 'message',
        value: { action: 'helpful', answer: 'no' },
        channelData: { clientActivityID: 'pb-1', postBack: true, evil: 'x' },
      };
      expect((await post(t.url, s, press)).status).to.equal(200);
      const echoed = (await poll(t.url, s)).activities.find((a) => a.from.role === 'user');
      expect(echoed.channelData).to.deep.equal({ clientActivityID: 'pb-1', postBack: true });
      expect(echoed.value).to.deep.equal({ action: 'helpful', answer: 'no' });
    });

    it('answers 400 to a message with attachments (photos go through the upload route)', async () => {
      const s = await startSession(t.url);
      const res = await post(t.url, s, { type: 'message', attachments: [{ contentType: 'image/png', contentUrl: 'x' }] });
      expect(res.status).to.equal(400);
      expect((await res.json()).error).to.match(/attachments: photos go through the upload route/);
    });

    it('answers 413 to a body over MAX_BODY_BYTES and stores nothing', async () => {
      const s = await startSession(t.url);
      const before = await count('dl_activities');
      const res = await post(t.url, s, userMessage('x'.repeat(300_000), 'big-1'));
      expect(res.status).to.equal(413);
      expect(await count('dl_activities')).to.equal(before);
    });

    it("answers 403 when posting to another user's conversation", async () => {
      const mine = await startSession(t.url);
      const theirs = await startSession(t.url);
      const res = await post(t.url, { conversationId: mine.conversationId, token: theirs.token }, userMessage('x', 'c'));
      expect(res.status).to.equal(403);
    });
  });

  describe('POST /conversations/:id/upload', () => {
    it('answers 415 to a file whose bytes are no PNG, JPEG or WebP, whatever its declared type (photos: test/photos)', async () => {
      const s = await startSession(t.url);
      const form = new FormData();
      form.append('activity', new Blob([JSON.stringify({ type: 'message' })], { type: 'application/vnd.microsoft.activity' }));
      form.append('file', new Blob(['not really a png'], { type: 'image/png' }), 'photo.png');
      const res = await fetch(`${conversationUrl(s)}/upload?userId=${s.userId}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${s.token}` },
        body: form,
      });
      expect(res.status).to.equal(415);
      expect((await res.json()).error).to.match(/PNG, JPEG or WebP/);
      expect((await fetch(`${t.url}/healthz`)).status, 'server still up').to.equal(200);
    });
  });

  describe('GET /conversations/:id (reconnect)', () => {
    it('returns the conversation with a fresh token that works', async () => {
      const s = await startSession(t.url);
      const res = await fetch(`${conversationUrl(s)}?watermark=1`, { headers: bearer(s.token) });
      expect(res.status).to.equal(200);
      const body = await res.json();
      expect(body.conversationId).to.equal(s.conversationId);
      expect((await poll(t.url, { conversationId: s.conversationId, token: body.token })).activities).to.have.length(1);
    });
  });

  describe('POST /tokens/refresh', () => {
    it('returns a new token for the same user and conversation', async () => {
      const s = await startSession(t.url);
      const res = await fetch(`${t.url}/v3/directline/tokens/refresh`, { method: 'POST', headers: bearer(s.token) });
      expect(res.status).to.equal(200);
      const body = await res.json();
      expect(body.expires_in).to.equal(1800);
      expect(await new WidgetTokens(SECRET).verify(body.token)).to.deep.equal({
        userId: s.userId,
        conversationId: s.conversationId,
      });
    });

    it('answers 401 to an expired token', async () => {
      const expired = await new WidgetTokens(SECRET, () => Date.now() - 3 * 3600_000).issue({ userId: 'dl_abcdefghijkl' });
      const res = await fetch(`${t.url}/v3/directline/tokens/refresh`, { method: 'POST', headers: bearer(expired) });
      expect(res.status).to.equal(401);
    });
  });

  describe('the transcript', () => {
    it('stores widget messages like any channel: customer and bot, channel directline', async () => {
      const s = await startSession(t.url);
      await post(t.url, s, userMessage('hi', 'tr-1'));
      const rows = await t.app.db('messages').orderBy('id').select('role', 'channel_id');
      expect(rows).to.deep.equal([
        { role: 'bot', channel_id: 'directline' },
        { role: 'customer', channel_id: 'directline' },
        { role: 'bot', channel_id: 'directline' },
      ]);
    });
  });
});
