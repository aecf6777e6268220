import { expect } from 'chai';
import { saveReference } from '../../../store/conversation-references';
import type { Knex } from '../../../store/db';
import { appendDlActivity, createDlConversation } from '../../../store/directline';
import { NotFoundError } from '../../../store/errors';
import { createHandoff } from '../../../store/handoffs';
import type { Repositories } from '../../../store/repositories';
import { DAY_MS } from '../../../common/time';
import { rejectionOf, type Contract, type KnexSubject, type Probe } from './backends';

const T0 = 7_000_000;

/**
 * A customer with everything the product stores about one: an ended web chat conversation and
 * an open Direct Line one, with messages (typed and a card submit), a survey answer, a KB vote,
 * a ticket with a note, a handoff, a conversation reference, dialog state and Direct Line
 * activities. The conversation ids are `${tag}1` and `${tag}2`.
 */
async function seedCustomer(repos: Repositories, probe: Probe, db: Knex, tag: string) {
  const ended = await probe.conversation({ channelId: 'webchat', channelConversationId: `${tag}1` });
  const customerId = ended.customerId;
  const open = await probe.conversation({ channelId: 'directline', channelConversationId: `${tag}2`, customerId });
  await repos.conversations.end(ended.conversationId, 'goodbye', T0);
  const say = (conversationId: string, n: number, over: { kind?: 'card_action'; text?: string | null; value?: unknown } = {}) =>
    repos.messages.claim(
      {
        conversationId,
        channelId: 'webchat',
        dedupKey: `${tag}-m${n}`,
        activityId: `m${n}`,
        role: 'customer',
        kind: over.kind ?? 'text',
        text: over.text === undefined ? `${tag}: my email is ${tag}@example.com` : over.text,
        value: over.value,
        language: 'en',
        now: T0 + n,
      },
      T0 + n,
    );
  await say(ended.conversationId, 1);
  await say(ended.conversationId, 2, { kind: 'card_action', text: null, value: { sb: 'survey', rating: 2, comment: `${tag} was cross` } });
  await say(open.conversationId, 3);
  await repos.messages.storeOutgoing({
    conversationId: open.conversationId,
    channelId: 'directline',
    role: 'bot',
    kind: 'text',
    text: 'On it.',
    activityId: null,
    now: T0 + 4,
  });
  await repos.feedback.surveySent({ ...ended, channelId: 'webchat', kind: 'agent', now: T0 });
  await repos.feedback.surveyAnswered({ ...ended, kind: 'agent', rating: 2, comment: `${tag} was cross`, sentiment: -0.5, now: T0 + 2 });
  await repos.feedback.kbVoted({
    conversationId: ended.conversationId,
    articleId: 'returns',
    helpful: false,
    channelId: 'webchat',
    now: T0,
  });
  const { ticket } = await repos.tickets.open({
    ...open,
    channelId: 'directline',
    priority: 'normal',
    intent: null,
    subject: `${tag} wants a person`,
    summary: `${tag}@example.com`,
    sourceKey: `${tag}-m3`,
    now: T0 + 3,
  });
  await repos.tickets.addEvent(ticket.id, 'note', 'agent-x', { text: `${tag} called` }, T0 + 5);
  await createHandoff(db, { ticketId: ticket.id, conversationId: open.conversationId, now: T0 + 3 });
  await saveReference(db, `customer:${tag}`, 'customer', JSON.stringify({ conversation: { id: `${tag}2` } }), customerId, T0);
  for (const key of [`webchat/conversations/${tag}1/DialogState`, `directline/conversations/${tag}2/DialogState`]) {
    await db('bot_state').insert({ key, data: '{}', etag: '1', updated_at: T0 });
  }
  await createDlConversation(db, { id: `${tag}2`, userId: `dl_${tag}`, now: T0 });
  await appendDlActivity(db, { conversationId: `${tag}2`, activityId: `${tag}-a1`, activity: { text: `${tag} says hi` }, now: T0 });
  return { customerId, ticketId: ticket.id, ended: ended.conversationId, open: open.conversationId };
}

export const privacyContract: Contract<KnexSubject> = (make) => {
  async function setUp() {
    const { repos, probe, db } = await make();
    // `c1` and `c10` share a key prefix: erasing c1's state must not touch c10's.
    const jane = await seedCustomer(repos, probe, db, 'c1');
    const other = await seedCustomer(repos, probe, db, 'c10');
    return { privacy: repos.privacy, db, jane, other };
  }

  it('export contains the customer and all their conversations, messages, tickets, events, handoffs, feedback and references', async () => {
    const { privacy, jane } = await setUp();
    const data = await privacy.export(jane.customerId);
    expect(Object.keys(data)).to.have.members([
      'customer',
      'conversations',
      'messages',
      'tickets',
      'ticketEvents',
      'handoffs',
      'feedback',
      'kbFeedback',
      'conversationReferences',
      'satisfactionEstimates',
      'dialogState',
      'directLineConversations',
      'directLineActivities',
      'customerEmails',
      'emailOutbox',
      'photos',
      'nluExamples',
      'nluReview',
      'auditLog',
      'statsCustomerSpans',
      'statsCustomerMonths',
    ]);
    expect(data.statsCustomerSpans.map((r) => r.channel_id)).to.include('*');
    expect(data.customer).to.include({ id: jane.customerId, erased_at: null });
    expect(data.conversations.map((c) => c.id)).to.have.members([jane.ended, jane.open]);
    expect(data.messages.map((m) => m.text)).to.deep.equal([
      'c1: my email is c1@example.com',
      null,
      'c1: my email is c1@example.com',
      'On it.',
    ]);
    expect(JSON.parse(data.messages[1].value ?? 'null')).to.deep.equal({ sb: 'survey', rating: 2, comment: 'c1 was cross' });
    expect(data.tickets.map((t) => t.id)).to.deep.equal([jane.ticketId]);
    expect(data.ticketEvents.map((e) => [e.ticket_id, e.type])).to.deep.equal([
      [jane.ticketId, 'opened'],
      [jane.ticketId, 'note'],
    ]);
    expect(data.handoffs.map((h) => h.ticket_id)).to.deep.equal([jane.ticketId]);
    expect(data.feedback).to.have.length(1);
    expect(data.feedback[0]).to.include({ customer_id: jane.customerId, rating: 2, comment: 'c1 was cross' });
    expect(data.kbFeedback.map((f) => f.conversation_id)).to.deep.equal([jane.ended]);
    expect(data.conversationReferences.map((r) => [r.key, r.reference])).to.deep.equal([['customer:c1', { conversation: { id: 'c12' } }]]);
    expect(data.dialogState.map((s) => s.key)).to.deep.equal([
      'directline/conversations/c12/DialogState',
      'webchat/conversations/c11/DialogState',
    ]);
    expect(data.directLineConversations.map((c) => c.id)).to.deep.equal(['c12']);
    expect(data.directLineActivities.map((a) => a.activity)).to.deep.equal([{ text: 'c1 says hi' }]);
  });

  it('export and erase of an unknown customer are NotFoundErrors', async () => {
    const { privacy } = await setUp();
    const unknown = 'webchat:nobody';
    expect(await rejectionOf(privacy.export(unknown))).to.be.an.instanceOf(NotFoundError);
    expect(await rejectionOf(privacy.erase(unknown, T0))).to.be.an.instanceOf(NotFoundError);
  });

  it("erase deletes the customer's messages, survey comments, state, references and Direct Line activities, and anonymises the rest", async () => {
    const { privacy, db, jane, other } = await setUp();
    const before = await privacy.export(other.customerId);
    const otherState = await db('bot_state').where('key', 'like', '%/c10/%').orderBy('key');
    const otherDl = await db('dl_activities').where({ conversation_id: 'c102' });
    const report = await privacy.erase(jane.customerId, T0 + 100);
    const { tombstone, ...counts } = report;
    expect(counts).to.deep.equal({
      messages: 4,
      photos: 0,
      feedback: 1,
      stateKeys: 2,
      references: 1,
      ticketsAnonymised: 1,
      emails: 0,
      nluExamples: 0,
      nluModels: 0,
    });
    expect(await rejectionOf(privacy.export(jane.customerId)), 'the id is gone').to.be.an.instanceOf(NotFoundError);
    const after = await privacy.export(tombstone);
    expect(after.customer).to.include({ name: null, erased_at: T0 + 100 });
    expect(after.messages).to.deep.equal([]);
    expect(
      after.feedback.map((f) => [f.rating, f.comment]),
      'the rating stays for CSAT, the comment goes',
    ).to.deep.equal([[2, null]]);
    expect(after.kbFeedback).to.deep.equal([]);
    expect(after.conversationReferences).to.deep.equal([]);
    expect(after.tickets.map((t) => [t.id, t.subject, t.summary])).to.deep.equal([[jane.ticketId, '[erased]', null]]);
    expect(after.ticketEvents.map((e) => [e.type, JSON.parse(e.data ?? 'null')])).to.deep.equal([
      ['opened', { priority: 'normal', intent: null }],
      ['note', { text: '[erased]' }],
    ]);
    expect(after.handoffs).to.have.length(1);
    const ends = Object.fromEntries(after.conversations.map((c) => [c.id, [c.end_reason, c.ended_at]]));
    expect(ends).to.deep.equal({ [jane.ended]: ['goodbye', T0], [jane.open]: ['erased', T0 + 100] });
    expect(await db('bot_state').where('key', 'like', '%/c1/%')).to.deep.equal([]);
    expect(await db('bot_state').where('key', 'like', '%/c12/%')).to.deep.equal([]);
    expect(await db('dl_activities').where({ conversation_id: 'c12' })).to.deep.equal([]);
    expect(await db('dl_conversations').where({ id: 'c12' })).to.deep.equal([]);
    // The other customer keeps everything.
    expect(await privacy.export(other.customerId)).to.deep.equal(before);
    expect(await db('bot_state').where('key', 'like', '%/c10/%').orderBy('key')).to.deep.equal(otherState);
    expect(await db('dl_activities').where({ conversation_id: 'c102' })).to.deep.equal(otherDl);
  });

  it('purge removes the text and card payloads of messages older than the retention period only, keeping the rows', async () => {
    const { privacy, db } = await setUp();
    // Each customer has messages at T0+1 (typed), T0+2 (card submit), T0+3 (typed) and T0+4 (bot).
    const cutoff = T0 + 3;
    const now = cutoff + 30 * DAY_MS;
    await db('messages').update({ entities: '[{"type":"email"}]' });
    await appendDlActivity(db, { conversationId: 'c12', activityId: 'c1-recent', activity: { text: 'recent' }, now: cutoff });
    expect((await privacy.purgeOldText(30, now)).messages).to.equal(4);
    const rows = await db('messages').orderBy('id');
    expect(rows).to.have.length(8);
    for (const row of rows) {
      const old = Number(row.created_at) < cutoff;
      expect([row.text === null, row.value === null, row.entities === null], `message at ${row.created_at - T0}`).to.deep.equal(
        old ? [true, true, true] : [false, true, false],
      );
    }
    expect((await db('dl_activities').orderBy('seq')).map((a) => a.activity_id)).to.deep.equal(['c1-recent']);
    expect(await privacy.purgeOldText(30, now), 'a second purge').to.deep.equal({
      messages: 0,
      photos: 0,
      tickets: 0,
      agentNotes: 0,
      surveyComments: 0,
      dialogStates: 0,
      directLineActivities: 0,
      emails: 0,
      nluExamples: 0,
      nluModels: 0,
    });
  });
};
