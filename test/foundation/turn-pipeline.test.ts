import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import sqlite3 from 'sqlite3';
import sinon from 'sinon';
import knex from 'knex';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { createPostgresDatabase } from '../helpers/databases';
import { FakeIdentityProvider, startCredentialedApp } from '../helpers/fake-identity';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { post, startSession, userMessage, poll } from '../directline/directline-client';

// The one turn pipeline (bot/turn/customer-turns.ts) as a channel sees it: a message is
// answered once however often it is delivered, and a 2xx means it was stored.

describe('the customer turn pipeline', () => {
  describe('on SQLite', () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp({ env: { RATE_LIMIT_CONVERSATION_PER_MIN: '0' } });
    });
    after(async () => {
      await t.dispose();
    });
    afterEach(() => {
      t.connector.failWith = undefined;
    });

    const rowsOf = (conversationId: string, activityId: string) =>
      t.app.db('messages').where({ dedup_key: `webchat|${conversationId}|${activityId}` });

    it('answers ten concurrent deliveries of one activity once, and all of them 200', async () => {
      const conversationId = `dup-${randomUUID()}`;
      const activity = messageActivity({ serviceUrl: t.connector.url, conversationId, text: 'how do I return a jacket' });
      const responses = await Promise.all(Array.from({ length: 10 }, () => postActivity(t.url, activity)));
      expect(responses.map((r) => r.status)).to.deep.equal(Array(10).fill(200));
      expect(await rowsOf(conversationId, activity.id as string)).to.have.length(1);
      expect(t.connector.messagesTo(conversationId), 'one answer card').to.have.length(1);
      const replies = await t.app
        .db('messages')
        .where({ direction: 'out' })
        .whereIn('conversation_id', t.app.db('conversations').select('id').where({ channel_conversation_id: conversationId }));
      expect(replies).to.have.length(1);
    });

    it('answers five concurrent Direct Line posts of one client activity once', async () => {
      const session = await startSession(t.url);
      const before = (await poll(t.url, session)).activities.length;
      const body = userMessage('how do I return a jacket', `client-${randomUUID()}`);
      const responses = await Promise.all(Array.from({ length: 5 }, () => post(t.url, session, body)));
      expect(responses.map((r) => r.status)).to.deep.equal(Array(5).fill(200));
      const ids = new Set(await Promise.all(responses.map(async (r) => (await r.json()).id)));
      expect(ids.size, 'every post names the same activity').to.equal(1);
      const after = (await poll(t.url, session)).activities.slice(before);
      expect(
        after.filter((a: any) => a.from.role !== 'bot'),
        'the message once',
      ).to.have.length(1);
      expect(
        after.filter((a: any) => a.from.role === 'bot'),
        'one answer',
      ).to.have.length(1);
      expect(
        await t.app.db('messages').where({ channel_id: 'directline', role: 'customer', text: 'how do I return a jacket' }),
      ).to.have.length(1);
    });

    it('answers 5xx while the database is locked by another writer, then stores and answers the retry once', async function () {
      this.timeout(30_000);
      const file = t.database.url.replace(/^sqlite:/, '');
      const locker = new sqlite3.Database(file);
      const exec = (sql: string) => new Promise<void>((resolve, reject) => locker.exec(sql, (e) => (e ? reject(e) : resolve())));
      const conversationId = `locked-${randomUUID()}`;
      const activity = messageActivity({ serviceUrl: t.connector.url, conversationId, text: 'where is my order' });
      await postActivity(t.url, messageActivity({ serviceUrl: t.connector.url, conversationId, text: 'hi' }));
      sinon.stub(console, 'error');
      try {
        await exec('BEGIN IMMEDIATE');
        const refused = await postActivity(t.url, activity);
        expect(refused.status, 'the channel is told to retry').to.be.at.least(500);
        await exec('ROLLBACK');
      } finally {
        sinon.restore();
        await new Promise<void>((resolve) => locker.close(() => resolve()));
      }
      const sentBefore = t.connector.messagesTo(conversationId).length;
      expect((await postActivity(t.url, activity)).status).to.equal(200);
      const rows = await rowsOf(conversationId, activity.id as string);
      expect(rows).to.have.length(1);
      expect(rows[0].handled_at).to.be.a('number');
      expect(t.connector.messagesTo(conversationId).length - sentBefore, 'answered once').to.equal(1);
    });

    it('releases the claim when the reply cannot be sent: 5xx, and the retry answers once', async () => {
      const conversationId = `unsent-${randomUUID()}`;
      const activity = messageActivity({ serviceUrl: t.connector.url, conversationId, text: 'how long does delivery take' });
      t.connector.failWith = (call) => (call.conversationId === conversationId && call.method === 'POST' ? 503 : undefined);
      const refused = await postActivity(t.url, activity);
      expect(refused.status).to.be.at.least(500);
      const [held] = await rowsOf(conversationId, activity.id as string);
      expect(held, 'the message is kept').to.not.equal(undefined);
      expect(held.handled_at).to.equal(null);
      expect(held.claim_until, 'and its claim released').to.equal(null);
      t.connector.failWith = undefined;
      const failedSends = t.connector.messagesTo(conversationId).length;
      expect((await postActivity(t.url, activity)).status).to.equal(200);
      expect(await rowsOf(conversationId, activity.id as string)).to.have.length(1);
      expect(t.connector.messagesTo(conversationId).length - failedSends).to.equal(1);
    });

    it('takes over the claim of a crashed instance once it expires, and answers', async () => {
      const conversationId = `crashed-${randomUUID()}`;
      const activity = messageActivity({ serviceUrl: t.connector.url, conversationId, text: 'can I pay with paypal' });
      // A first delivery that stored the message and died before answering.
      await postActivity(t.url, messageActivity({ serviceUrl: t.connector.url, conversationId, text: 'hi' }));
      const conversation = await t.app.db('conversations').where({ channel_conversation_id: conversationId }).first();
      await t.app.db('messages').insert({
        conversation_id: conversation.id,
        channel_id: 'webchat',
        dedup_key: `webchat|${conversationId}|${activity.id}`,
        activity_id: activity.id,
        direction: 'in',
        role: 'customer',
        kind: 'text',
        text: 'can I pay with paypal',
        created_at: Date.now(),
        claim_until: Date.now() + 400,
      });
      const sentBefore = t.connector.messagesTo(conversationId).length;
      const started = Date.now();
      expect((await postActivity(t.url, activity)).status).to.equal(200);
      expect(Date.now() - started, 'it waited for the lease').to.be.at.least(300);
      const rows = await rowsOf(conversationId, activity.id as string);
      expect(rows).to.have.length(1);
      expect(rows[0].handled_at).to.be.a('number');
      expect(rows[0].intent, 'understood by the new delivery').to.be.a('string');
      expect(t.connector.messagesTo(conversationId).length - sentBefore).to.equal(1);
    });

    it('stores a card submit as a card action with its payload apart from the text', async () => {
      const conversationId = `card-${randomUUID()}`;
      await postActivity(t.url, messageActivity({ serviceUrl: t.connector.url, conversationId, text: 'how do I return a jacket' }));
      const value = { sb: 'kb', articleId: 'no-such-article', helpful: true };
      expect((await postActivity(t.url, messageActivity({ serviceUrl: t.connector.url, conversationId, value }))).status).to.equal(200);
      const row = await t.app.db('messages').where({ kind: 'card_action' }).orderBy('id', 'desc').first();
      expect(row.text).to.equal(null);
      expect(JSON.parse(row.value)).to.deep.equal(value);
    });
  });

  describe('on PostgreSQL', function () {
    let t: TestApp | undefined;
    before(async function () {
      if (!process.env.TEST_DATABASE_URL) {
        console.log('      PostgreSQL pipeline tests SKIPPED: set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test');
        this.skip();
      }
      t = await startTestApp({ database: await createPostgresDatabase() });
    });
    after(async () => {
      await t?.dispose();
    });

    it('answers 5xx when a table the turn needs is missing, then stores the retry once', async () => {
      const app = t!;
      const conversationId = `pg-${randomUUID()}`;
      const activity = messageActivity({ serviceUrl: app.connector.url, conversationId, text: 'where is my order' });
      // Another connection to the same scratch schema, so the app's pool keeps working.
      const other = knex({ client: 'pg', connection: app.database.url });
      sinon.stub(console, 'error');
      try {
        await other.raw('alter table messages rename to messages_away');
        const refused = await postActivity(app.url, activity);
        expect(refused.status).to.be.at.least(500);
        await other.raw('alter table messages_away rename to messages');
      } finally {
        sinon.restore();
        await other.destroy();
      }
      expect((await postActivity(app.url, activity)).status).to.equal(200);
      const rows = await app.app.db('messages').where({ dedup_key: `webchat|${conversationId}|${activity.id}` });
      expect(rows).to.have.length(1);
      expect(rows[0].handled_at).to.not.equal(null);
      expect(app.connector.messagesTo(conversationId)).to.have.length(1);
    });

    it('answers ten concurrent deliveries of one activity once', async () => {
      const app = t!;
      const conversationId = `pg-dup-${randomUUID()}`;
      const activity = messageActivity({ serviceUrl: app.connector.url, conversationId, text: 'how do I return a jacket' });
      const responses = await Promise.all(Array.from({ length: 10 }, () => postActivity(app.url, activity)));
      expect(responses.map((r) => r.status)).to.deep.equal(Array(10).fill(200));
      expect(app.connector.messagesTo(conversationId)).to.have.length(1);
    });
  });

  describe('with Bot Framework credentials', () => {
    const APP_ID = '6f1f5e1e-2222-4c2b-9a4e-0000000000cc';
    let identity: FakeIdentityProvider;
    let t: TestApp;
    before(async () => {
      identity = new FakeIdentityProvider();
      await identity.start();
      t = await startCredentialedApp(identity, APP_ID, { RATE_LIMIT_CONVERSATION_PER_MIN: '5' });
    });
    after(async () => {
      await t?.dispose();
      await identity?.stop();
    });

    it('does not let unsigned requests spend a conversation’s rate limit', async () => {
      const conversationId = `flooded-${randomUUID()}`;
      sinon.stub(console, 'error');
      try {
        for (let i = 0; i < 25; i++) {
          const unsigned = await postActivity(t.url, messageActivity({ serviceUrl: t.connector.url, conversationId, text: `spam ${i}` }));
          expect(unsigned.status).to.equal(401);
        }
      } finally {
        sinon.restore();
      }
      const token = await identity.channelToken(APP_ID, t.connector.url);
      const signed = await postActivity(t.url, messageActivity({ serviceUrl: t.connector.url, conversationId, text: 'hi' }), {
        Authorization: `Bearer ${token}`,
      });
      expect(signed.status).to.equal(200);
      expect(await t.app.db('messages').where({ role: 'customer' })).to.have.length(1);
    });
  });
});
