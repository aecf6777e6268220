import { expect } from 'chai';
import type { Knex } from 'knex';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { customerEmailOf, offerEmail } from '../../store/customer-emails';
import { suggestExample } from '../../store/nlu-examples';
import { describeEachEngine, type TestDatabase } from '../helpers/databases';
import { botAddedToTeam, agent, TEAM } from '../../bench/lib/teams';
import { issueAgent } from '../helpers/agents';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../helpers/test-app';
import { post, startSession, userMessage, type Session } from '../directline/directline-client';

// Every string that reaches a column is refused with a 400 naming the field when it holds a
// NUL or is longer than its column, and stored when it is exactly as long as the column, on
// both databases. (PostgreSQL refuses NUL in text and enforces varchar lengths; before these
// limits agreed with the columns it answered 200 and stored nothing.)

const ID_LENGTH = 255;
const CLIENT_ACTIVITY_ID_LENGTH = 128;
const NUL = '\u0000';

let serial = 0;
/** A fresh string of exactly `length` characters starting with `prefix` (unique per call). */
function unique(prefix: string, length: number): string {
  const head = `${prefix}-${++serial}-`;
  return head + 'x'.repeat(length - head.length);
}

/** Customer messages stored for the channel's conversation `channelConversationId`. */
async function storedMessages(
  db: Knex,
  channelConversationId: string,
): Promise<Array<{ text: string | null; activity_id: string | null }>> {
  return db('messages')
    .join('conversations', 'conversations.id', 'messages.conversation_id')
    .where('conversations.channel_conversation_id', channelConversationId)
    .where('messages.role', 'customer')
    .select('messages.text', 'messages.activity_id');
}

/** The conversation id of an activity built by the helpers. */
function conversationOf(activity: Record<string, unknown>): string {
  return (activity.conversation as { id: string }).id;
}

/** The audit rows `query` selects, once they are written (a route audits after it answered). */
async function auditRows(query: Knex.QueryBuilder): Promise<unknown[]> {
  for (let attempt = 0; ; attempt++) {
    const rows = (await query.clone()) as unknown[];
    if (rows.length > 0 || attempt === 20) return rows;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The `{error}` message of a refused request (fails unless the status is 400). */
async function refusal(res: Response): Promise<string> {
  const text = await res.text();
  expect(res.status, text).to.equal(400);
  return (JSON.parse(text) as { error: string }).error;
}

describeEachEngine('Field limits agree with their columns', (engine) => {
  let database: TestDatabase;
  let t: TestApp;
  before(async () => {
    database = await engine.create();
    t = await startTestApp({ database, env: { RATE_LIMIT_CONVERSATION_PER_MIN: '0', RATE_LIMIT_WIDGET_PER_MIN: '0' } });
  });
  after(async () => {
    await t?.dispose();
  });

  describe('POST /api/messages', () => {
    const message = (o: { conversationId?: string; id?: string; fromId?: string; fromName?: string; text?: string; value?: unknown }) =>
      messageActivity({
        serviceUrl: t.connector.url,
        text: 'where is my order?',
        ...o,
        conversationId: o.conversationId ?? unique('conv', 40),
      });

    it('refuses text with a NUL character, naming the field, and stores nothing', async () => {
      const activity = message({ text: `where is my order?${NUL}` });
      const res = await postActivity(t.url, activity);
      expect(await refusal(res)).to.equal('text: must not contain NUL characters');
      expect(await storedMessages(t.app.db, conversationOf(activity))).to.have.length(0);
    });

    it('refuses a NUL inside a card submit value, naming its path', async () => {
      const value = { sb: 'survey', kind: 'kb', conversationId: 'c1', rating: 4, comment: `fine${NUL}` };
      const activity = message({ text: undefined, value });
      expect(await refusal(await postActivity(t.url, activity))).to.equal('value.comment: must not contain NUL characters');
      expect(await storedMessages(t.app.db, conversationOf(activity))).to.have.length(0);
    });

    // Each case posts to a conversation of its own: the field's value, or a short id taken from it.
    const idFields: Array<{ field: string; activity: (value: string) => Record<string, unknown> }> = [
      { field: 'id', activity: (v) => message({ id: v, conversationId: v.slice(0, 20) }) },
      { field: 'from.id', activity: (v) => message({ fromId: v, conversationId: v.slice(0, 20) }) },
      { field: 'from.name', activity: (v) => message({ fromName: v, conversationId: v.slice(0, 20) }) },
      { field: 'conversation.id', activity: (v) => message({ conversationId: v }) },
    ];
    for (const { field, activity } of idFields) {
      it(`stores ${field} of exactly ${ID_LENGTH} characters`, async () => {
        const posted = activity(unique(field, ID_LENGTH));
        const res = await postActivity(t.url, posted);
        expect(res.status, await res.text()).to.equal(200);
        expect(await storedMessages(t.app.db, conversationOf(posted))).to.have.length(1);
      });

      it(`refuses ${field} of ${ID_LENGTH + 1} characters, naming the field, and stores nothing`, async () => {
        const posted = activity(unique(field, ID_LENGTH + 1));
        expect(await refusal(await postActivity(t.url, posted))).to.equal(`${field}: at most ${ID_LENGTH} characters`);
        expect(await storedMessages(t.app.db, conversationOf(posted))).to.have.length(0);
      });
    }

    it('stores an activity whose channel id, conversation id, activity id and sender are all at their limits', async () => {
      // The dedup key, the ticket source key, the reference key and the customer id are built from these.
      const conversationId = unique('all', ID_LENGTH);
      const activity = messageActivity({
        serviceUrl: t.connector.url,
        channelId: 'c'.repeat(64),
        conversationId,
        id: unique('activity', ID_LENGTH),
        fromId: unique('user', ID_LENGTH),
        fromName: 'n'.repeat(ID_LENGTH),
        text: 'I want to talk to a person',
      });
      const res = await postActivity(t.url, activity);
      expect(res.status, await res.text()).to.equal(200);
      expect(await storedMessages(t.app.db, conversationId)).to.have.length(1);
      expect(await postActivity(t.url, activity).then((r) => r.status), 'redelivery').to.equal(200);
      expect(await storedMessages(t.app.db, conversationId), 'redelivery stored once').to.have.length(1);
    });

    it('keeps the email follow-up and the training suggestions of a customer whose id is at its longest', async () => {
      const customerId = `${'c'.repeat(64)}:${unique('user', ID_LENGTH)}`;
      const now = Date.now();
      await t.app
        .db('customers')
        .insert({ id: customerId, channel_id: 'c'.repeat(64), channel_user_id: customerId.slice(65), created_at: now, last_seen_at: now });
      await offerEmail(t.app.db, customerId, 1, now);
      expect((await customerEmailOf(t.app.db, customerId))?.status).to.equal('offered');
      const suggestion = { text: 'where is it', intent: 'track_order', source: 'kb_yes' as const, conversationId: 'c-1', messageId: 1 };
      expect(await suggestExample(t.app.db, { ...suggestion, customerId, now })).to.equal(true);
    });

    it('refuses a Teams team name longer than its column and stores the team at the limit', async () => {
      const install = (name: string) => {
        const activity = botAddedToTeam(t.connector.url, agent(1));
        return { ...activity, channelData: { ...(activity.channelData as object), team: { ...TEAM, name } } };
      };
      expect(await refusal(await postActivity(t.url, install('t'.repeat(ID_LENGTH + 1))))).to.equal(
        `channelData.team.name: at most ${ID_LENGTH} characters`,
      );
      expect(await t.app.db('agent_channels').pluck('team_name')).to.deep.equal([]);
      const res = await postActivity(t.url, install('t'.repeat(ID_LENGTH)));
      expect(res.status, await res.text()).to.equal(200);
      expect(await t.app.db('agent_channels').pluck('team_name')).to.deep.equal(['t'.repeat(ID_LENGTH)]);
    });
  });

  describe('POST /v3/directline/conversations/:id/activities', () => {
    let session: Session;
    before(async () => {
      session = await startSession(t.url);
    });
    const dlActivities = (clientActivityId: string) =>
      t.app.db('dl_activities').where({ conversation_id: session.conversationId, client_activity_id: clientActivityId });

    it('refuses text with a NUL character, naming the field, and stores nothing', async () => {
      const clientId = unique('nul', 20);
      expect(await refusal(await post(t.url, session, userMessage(`hello${NUL}`, clientId)))).to.equal(
        'text: must not contain NUL characters',
      );
      expect(await dlActivities(clientId)).to.have.length(0);
      expect(await storedMessages(t.app.db, session.conversationId)).to.have.length(0);
    });

    it(`stores a clientActivityID of exactly ${CLIENT_ACTIVITY_ID_LENGTH} characters with its message`, async () => {
      const clientId = unique('client', CLIENT_ACTIVITY_ID_LENGTH);
      const res = await post(t.url, session, userMessage('where is my parcel?', clientId));
      expect(res.status, await res.text()).to.equal(200);
      expect(await dlActivities(clientId)).to.have.length(1);
      expect((await storedMessages(t.app.db, session.conversationId)).map((m) => m.text)).to.include('where is my parcel?');
    });

    const refusedFields: Array<{ field: string; body: (clientId: string) => object }> = [
      {
        field: `channelData.clientActivityID: at most ${CLIENT_ACTIVITY_ID_LENGTH} characters`,
        body: () => userMessage('hi', unique('client', CLIENT_ACTIVITY_ID_LENGTH + 1)),
      },
      { field: `from.id: at most ${ID_LENGTH} characters`, body: (c) => userMessage('hi', c, unique('user', ID_LENGTH + 1)) },
      {
        field: `from.name: at most ${ID_LENGTH} characters`,
        body: (c) => ({ ...userMessage('hi', c), from: { id: 'u', name: 'n'.repeat(ID_LENGTH + 1) } }),
      },
      {
        field: 'value.comment: must not contain NUL characters',
        body: (c) => ({ ...userMessage('hi', c), value: { sb: 'survey', comment: `ok${NUL}` } }),
      },
    ];
    for (const { field, body } of refusedFields) {
      it(`refuses ${field.split(':')[0]} (${field.split(': ')[1]}) and stores nothing`, async () => {
        const before = await storedMessages(t.app.db, session.conversationId);
        const clientId = unique('refused', 20);
        expect(await refusal(await post(t.url, session, body(clientId)))).to.equal(field);
        expect(await dlActivities(clientId)).to.have.length(0);
        expect(await storedMessages(t.app.db, session.conversationId)).to.have.length(before.length);
      });
    }
  });

  describe('admin and agent routes', () => {
    const adminHeaders = { Authorization: `Bearer ${TEST_ADMIN_KEY}`, 'Content-Type': 'application/json' };

    it('refuses an agent message with a NUL character', async () => {
      const res = await fetch(`${t.url}/agent/api/handoffs/1/messages`, {
        method: 'POST',
        headers: (await issueAgent(t.url, 'Ana')).headers,
        body: JSON.stringify({ text: `on my way${NUL}` }),
      });
      expect(await refusal(res)).to.equal('text: must not contain NUL characters');
    });

    it('refuses a KB edit with a NUL character or a title longer than its column', async () => {
      const [id] = await t.app.db('kb_articles').orderBy('id').limit(1).pluck('id');
      const edit = (change: object) =>
        fetch(`${t.url}/admin/kb/${id}`, { method: 'PUT', headers: adminHeaders, body: JSON.stringify(change) });
      expect(await refusal(await edit({ body: `A body long enough to pass.${NUL}` }))).to.equal('body: must not contain NUL characters');
      expect(await refusal(await edit({ title: 't'.repeat(ID_LENGTH + 1) }))).to.equal(`title: at most ${ID_LENGTH} characters`);
      expect(await refusal(await edit({ tags: [`tag${NUL}`] }))).to.equal('tags.0: must not contain NUL characters');
    });

    it('issues a credential to an agent with the longest name, audits them by id, and audits an admin request with a long path', async () => {
      const agent = await issueAgent(t.url, 'A'.repeat(120));
      const queue = await fetch(`${t.url}/agent/api/queue`, { headers: agent.headers });
      expect(queue.status, await queue.text()).to.equal(200);
      expect(await auditRows(t.app.db('audit_log').where({ actor: agent.agentId }))).to.have.length(1);
      const refused = await fetch(`${t.url}/admin/agents`, {
        method: 'POST',
        headers: adminHeaders,
        body: JSON.stringify({ name: 'A'.repeat(121) }),
      });
      expect(await refusal(refused)).to.equal('name: at most 120 characters');
      // restify matches a path parameter of at most 100 characters: the action still passes 128.
      const customerId = `webchat:${'u'.repeat(92)}`;
      const res = await fetch(`${t.url}/admin/customers/${customerId}/export`, { headers: adminHeaders });
      expect(res.status, await res.text()).to.equal(404);
      expect(await auditRows(t.app.db('audit_log').where('action', 'like', `%${customerId}%`))).to.have.length(1);
    });

    it('refuses a customer id with a NUL character in a privacy request', async () => {
      const res = await fetch(`${t.url}/admin/customers/${encodeURIComponent(`webchat:a${NUL}b`)}/export`, { headers: adminHeaders });
      expect(await refusal(res)).to.match(/must not contain NUL characters$/);
    });
  });
});
