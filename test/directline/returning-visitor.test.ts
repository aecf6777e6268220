import { expect } from 'chai';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { endIdleConversations } from '../../store/conversations';
import { answerOnlyTicket } from '../helpers/agents';
import { describeEachEngine } from '../helpers/databases';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { bearer, fetchWidgetToken, poll, post, userMessage } from './directline-client';

const IDLE_MS = 30 * 60_000;
const GREETING = /Pebble & Pine assistant/;
const LATE_REPLY = 'Your parcel left our Leeds warehouse this morning; the tracking link is in your inbox.';

/** A visit to the widget page: the token request (with the stored visitor token, if any) and the conversation start. */
interface Visit {
  status: number;
  userId: string;
  visitor: string;
  conversationId: string;
  token: string;
}

async function visit(t: TestApp, visitor?: string): Promise<Visit> {
  const issued = await fetchWidgetToken(t.url, undefined, visitor === undefined ? {} : { visitor });
  expect(issued.status, 'token request').to.equal(200);
  const res = await fetch(`${t.url}/v3/directline/conversations`, { method: 'POST', headers: bearer(issued.body.token) });
  const started = await res.json();
  return { status: res.status, userId: issued.body.userId, visitor: issued.body.visitor, ...started };
}

const texts = async (t: TestApp, v: Visit): Promise<string[]> =>
  (await poll(t.url, v)).activities.map((a) => String(a.text ?? '')).filter((text) => text !== '');

/** The customer stays away for `ms`: every timestamp moves back, then the idle sweep runs as the background job does. */
async function awayFor(t: TestApp, ms: number): Promise<void> {
  await t.app.db('conversations').update({ last_activity_at: t.app.db.raw('last_activity_at - ?', [ms]) });
  await endIdleConversations(t.app.db, Date.now(), IDLE_MS);
}

describeEachEngine('a returning widget visitor (Direct Line)', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ database: await engine.create() });
  });
  afterEach(async () => {
    await t?.dispose();
  });

  it('gets their conversation back with its history, the agent reply sent while away included, and no second greeting', async () => {
    const first = await visit(t);
    expect(first.status, 'a new conversation').to.equal(201);
    expect((await post(t.url, first, userMessage('I need to talk to a human now', 'c-1'))).status).to.equal(200);
    await answerOnlyTicket(t.url, LATE_REPLY);

    const back = await visit(t, first.visitor);
    expect(back.userId, 'the same visitor').to.equal(first.userId);
    expect(back.status, 'the existing conversation, not a new one').to.equal(200);
    expect(back.conversationId).to.equal(first.conversationId);
    const history = await texts(t, back);
    expect(history).to.include('I need to talk to a human now');
    expect(history).to.include(LATE_REPLY);
    expect(
      history.filter((text) => GREETING.test(text)),
      'greeted once',
    ).to.have.length(1);
  });

  it('starts a new conversation once the last one went idle without a ticket', async () => {
    const first = await visit(t);
    expect((await post(t.url, first, userMessage('How long does delivery to Ireland take?', 'c-1'))).status).to.equal(200);
    await awayFor(t, IDLE_MS + 60_000);

    const back = await visit(t, first.visitor);
    expect(back.userId, 'the same visitor').to.equal(first.userId);
    expect(back.status, 'a new conversation').to.equal(201);
    expect(back.conversationId).to.not.equal(first.conversationId);
    const history = await texts(t, back);
    expect(
      history.some((text) => GREETING.test(text)),
      'greeted',
    ).to.equal(true);
    expect(history, 'nothing of the old conversation').to.not.include('How long does delivery to Ireland take?');
  });

  it('resumes a conversation with an unresolved ticket long after it went idle, and answers "did anyone answer my ticket?"', async () => {
    const first = await visit(t);
    expect((await post(t.url, first, userMessage('I need to talk to a human now', 'c-1'))).status).to.equal(200);
    const ticketId = await answerOnlyTicket(t.url, LATE_REPLY);
    await awayFor(t, 3 * 60 * 60_000);
    const [ticket] = await t.app.db('tickets').where({ id: ticketId });
    expect((await t.app.db('conversations').where({ id: ticket.conversation_id }).first()).end_reason, 'ended by the sweep').to.equal(
      'idle',
    );

    const back = await visit(t, first.visitor);
    expect(back.conversationId, 'the conversation of the ticket').to.equal(first.conversationId);
    const seen = (await poll(t.url, back)).watermark;
    expect((await post(t.url, back, userMessage('did anyone answer my ticket?', 'c-2'))).status).to.equal(200);
    const answer = (await poll(t.url, back, seen)).activities
      .filter((a) => a.from?.role === 'bot')
      .map((a) => String(a.text))
      .join('\n');
    expect(answer).to.include(`#${ticketId}`);
    expect(answer).to.include(LATE_REPLY);
    expect(answer).to.not.match(GREETING);
    const asked = await t.app.db('messages').where({ text: 'did anyone answer my ticket?' }).first();
    expect(asked.conversation_id, 'stored in the resumed conversation of the ticket').to.equal(ticket.conversation_id);
  });

  it('treats a tampered visitor token as a new visitor, never as the visitor it names', async () => {
    const first = await visit(t);
    expect((await post(t.url, first, userMessage('I need to talk to a human now', 'c-1'))).status).to.equal(200);
    const dot = first.visitor.lastIndexOf('.');
    const signature = first.visitor.slice(dot + 1);
    const flipped = `${first.visitor.slice(0, dot + 1)}${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    const stranger = await visit(t);
    const borrowed = `${first.userId}.${stranger.visitor.slice(stranger.visitor.lastIndexOf('.') + 1)}`;
    for (const forged of [flipped, borrowed, first.userId, `${first.visitor}x`]) {
      const issued = await fetchWidgetToken(t.url, undefined, { visitor: forged });
      expect(issued.status, forged).to.equal(200);
      expect(issued.body.userId, forged).to.not.equal(first.userId);
      expect(issued.body.conversationId, forged).to.equal(undefined);
    }
    const reading = await fetch(`${t.url}/v3/directline/conversations/${first.conversationId}/activities`, {
      headers: bearer((await fetchWidgetToken(t.url, undefined, { visitor: flipped })).body.token),
    });
    expect(reading.status, "the first visitor's conversation stays closed to the forger").to.equal(403);
    expect((await fetchWidgetToken(t.url, undefined, { visitor: 42 })).status, 'a visitor token that is not a string').to.equal(400);
  });
});

describeEachEngine('a returning Teams customer (personal chat)', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ database: await engine.create() });
  });
  afterEach(async () => {
    await t?.dispose();
  });

  const say = (text: string) =>
    postActivity(
      t.url,
      messageActivity({
        serviceUrl: t.connector.url,
        channelId: 'msteams',
        conversationId: 'a:personal-chat-1',
        conversationType: 'personal',
        fromId: '29:casey',
        text,
      }),
    );

  it('continues the conversation of an unresolved ticket after a long absence and gets the agent reply sent meanwhile', async () => {
    expect((await say('I need to talk to a human now')).status).to.equal(200);
    const ticketId = await answerOnlyTicket(t.url, LATE_REPLY);
    await awayFor(t, 3 * 60 * 60_000);

    const before = t.connector.textsTo('a:personal-chat-1').length;
    expect((await say('Did anyone answer my ticket?')).status).to.equal(200);
    const answer = t.connector.textsTo('a:personal-chat-1').slice(before).join('\n');
    expect(answer).to.include(`#${ticketId}`);
    expect(answer).to.include(LATE_REPLY);
    const [ticket] = await t.app.db('tickets').where({ id: ticketId });
    const conversations = await t.app.db('conversations').where({ channel_conversation_id: 'a:personal-chat-1' });
    expect(
      conversations.map((c) => c.id),
      'one conversation, resumed',
    ).to.deep.equal([ticket.conversation_id]);
  });
});
