import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { postActivity } from '../../bench/lib/activities';
import { describeEachEngine } from '../helpers/databases';
import { localisedActivity, say, storedLanguages } from '../helpers/languages';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../helpers/test-app';
import { poll, post, startSession, userMessage } from '../directline/directline-client';

describeEachEngine('the language of customer messages', (engine) => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ database: await engine.create() });
  });
  after(async () => {
    await t?.dispose();
  });

  const fresh = (tag: string) => `${tag}-${randomUUID()}`;

  describe('through /api/messages', () => {
    it("stores the activity's locale as the language of the message and of the conversation", async () => {
      const german = fresh('de');
      const chinese = fresh('zh');
      await say(t, { conversationId: german, text: 'hallo', locale: 'de-DE' });
      await say(t, { conversationId: chinese, text: '你好', locale: 'zh-CN' });
      expect(await storedLanguages(t.app.db, german)).to.deep.equal({ messages: ['de'], conversation: 'de' });
      expect(await storedLanguages(t.app.db, chinese)).to.deep.equal({ messages: ['zh'], conversation: 'zh' });
    });

    it('answers in English without a locale, and for a locale the shop does not ship', async () => {
      const silent = fresh('none');
      const spanish = fresh('es');
      await say(t, { conversationId: silent, text: 'hello' });
      await say(t, { conversationId: spanish, text: 'hola', locale: 'es-ES' });
      expect(await storedLanguages(t.app.db, silent)).to.deep.equal({ messages: ['en'], conversation: 'en' });
      expect(await storedLanguages(t.app.db, spanish)).to.deep.equal({ messages: ['en'], conversation: 'en' });
    });

    it('follows a customer who switches language, and keeps the previous one for a message without a locale', async () => {
      const conversationId = fresh('switch');
      await say(t, { conversationId, text: 'hallo', locale: 'de-AT' });
      await say(t, { conversationId, text: 'danke' });
      expect(await storedLanguages(t.app.db, conversationId)).to.deep.equal({ messages: ['de', 'de'], conversation: 'de' });
      await say(t, { conversationId, text: 'hello again', locale: 'en-GB' });
      expect(await storedLanguages(t.app.db, conversationId)).to.deep.equal({ messages: ['de', 'de', 'en'], conversation: 'en' });
      await say(t, { conversationId, text: '谢谢', locale: 'zh-Hans-CN' });
      expect(await storedLanguages(t.app.db, conversationId)).to.deep.equal({ messages: ['de', 'de', 'en', 'zh'], conversation: 'zh' });
    });

    it('keeps the first choice of a redelivered activity and changes nothing on the conversation', async () => {
      const conversationId = fresh('redelivered');
      const first = localisedActivity(t, { conversationId, text: 'hallo', locale: 'de-DE' });
      expect((await postActivity(t.url, first)).status).to.equal(200);
      await say(t, { conversationId, text: 'hello', locale: 'en-US' });
      const replies = t.connector.messagesTo(conversationId).length;
      expect((await postActivity(t.url, { ...first, locale: 'zh-CN' })).status).to.equal(200);
      expect(await storedLanguages(t.app.db, conversationId)).to.deep.equal({ messages: ['de', 'en'], conversation: 'en' });
      expect(t.connector.messagesTo(conversationId), 'no second turn').to.have.length(replies);
    });

    it('answers a retried activity whose first turn failed in the language its first delivery chose', async () => {
      const conversationId = fresh('retried');
      const activity = localisedActivity(t, { conversationId, text: 'hallo', locale: 'de-DE' });
      t.connector.failWith = (call) => (call.conversationId === conversationId && call.method === 'POST' ? 503 : undefined);
      try {
        expect((await postActivity(t.url, activity)).status).to.be.at.least(500);
      } finally {
        t.connector.failWith = undefined;
      }
      expect((await postActivity(t.url, { ...activity, locale: 'en-US' })).status).to.equal(200);
      expect(await storedLanguages(t.app.db, conversationId)).to.deep.equal({ messages: ['de'], conversation: 'de' });
    });

    it('answers 400 to a locale that is not a language tag, and stores nothing', async () => {
      const conversationId = fresh('bad-locale');
      for (const locale of ['de DE', 'x'.repeat(36), '../../etc', 42]) {
        const res = await postActivity(t.url, { ...localisedActivity(t, { conversationId, text: 'hallo' }), locale });
        expect(res.status, `locale ${JSON.stringify(locale)}`).to.equal(400);
        expect((await res.json()).error).to.match(/locale/);
      }
      expect(await t.app.db('conversations').where({ channel_conversation_id: conversationId }).first()).to.equal(undefined);
    });
  });

  describe('GET /admin/stats', () => {
    const byLanguage = async (): Promise<Record<string, number>> => {
      const res = await fetch(`${t.url}/admin/stats`, { headers: { Authorization: `Bearer ${TEST_ADMIN_KEY}` } });
      expect(res.status).to.equal(200);
      const stats = (await res.json()) as { byLanguage: Array<{ language: string; conversations: number }> };
      return Object.fromEntries(stats.byLanguage.map((l) => [l.language, l.conversations]));
    };

    it('counts each conversation once, in the language it ended in', async () => {
      const before = await byLanguage();
      const conversationId = fresh('stats');
      await say(t, { conversationId, text: 'hallo', locale: 'de-DE' });
      await say(t, { conversationId, text: '你好', locale: 'zh-CN' });
      const after = await byLanguage();
      expect(after.zh ?? 0).to.equal((before.zh ?? 0) + 1);
      expect(after.de ?? 0).to.equal(before.de ?? 0);
    });
  });

  describe('through Direct Line', () => {
    it("stores the widget's locale on the message and the conversation", async () => {
      const s = await startSession(t.url);
      await poll(t.url, s);
      const res = await post(t.url, s, { ...userMessage('hallo', 'client-de'), locale: 'de-DE' });
      expect(res.status).to.equal(200);
      const conversation = await t.app.db('conversations').where({ channel_conversation_id: s.conversationId }).first('id', 'language');
      expect(conversation.language).to.equal('de');
      const message = await t.app.db('messages').where({ conversation_id: conversation.id, role: 'customer' }).first('language');
      expect(message.language).to.equal('de');
    });
  });
});
