import { expect } from 'chai';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { startTestApp, type TestApp } from '../helpers/test-app';

interface CardAction {
  title: string;
  data?: Record<string, unknown>;
}

describe('customer conversation through /api/messages', () => {
  let t: TestApp;
  let n = 0;
  let conversationId: string;

  before(async () => {
    t = await startTestApp();
  });
  after(async () => {
    await t.dispose();
  });
  beforeEach(() => {
    conversationId = `dialog-${++n}`;
  });

  const say = (text: string | undefined, value?: unknown) =>
    postActivity(t.url, messageActivity({ serviceUrl: t.connector.url, conversationId, text, value }));
  const sent = () => t.connector.messagesTo(conversationId).map((c) => c.body);
  const lastCard = () => {
    const withCard = sent().filter((b) => b.attachments?.length);
    return withCard[withCard.length - 1]?.attachments[0].content as { body: Array<{ text?: string }>; actions: CardAction[] } | undefined;
  };

  it('greets on "hi" with the top topics', async () => {
    await say('hi');
    const [reply] = sent();
    expect(reply.text).to.match(/Pebble & Pine assistant/);
    expect(reply.suggestedActions.actions.map((a: { title: string }) => a.title)).to.include('Talk to a person');
  });

  it('stores the customer message with its intent, confidence and sentiment', async () => {
    const text = 'I am really unhappy, where is my parcel PP-204811? It was due last week';
    await say(text);
    const row = await t.app.db('messages').where({ role: 'customer', text }).first();
    expect(row.intent).to.equal('track_order');
    expect(row.confidence).to.be.within(0, 1);
    expect(row.sentiment).to.be.below(0);
    const entities = JSON.parse(row.entities) as Array<{ type: string; value: string }>;
    const start = text.indexOf('PP-204811');
    expect(entities).to.deep.include({ type: 'order_number', value: 'PP-204811', canonical: 'PP-204811', start, end: start + 9 });
    await say('and how long do refunds take');
    const conversation = await t.app.db('conversations').where({ channel_conversation_id: conversationId }).first();
    expect(conversation.first_intent, 'the first classified intent is kept').to.equal('track_order');
  });

  it('answers from the KB with a card asking whether it helped (speak and inputHint set)', async () => {
    await say('how do I send back a jacket that does not fit');
    const card = lastCard();
    expect(card, 'a KB card').to.not.equal(undefined);
    expect(card!.body[0].text).to.match(/return|exchang/i);
    expect(card!.actions.map((a) => a.title)).to.include.members(['Yes, that solved it', 'No']);
    const reply = sent().find((b) => b.attachments?.length);
    expect(reply.speak).to.be.a('string').and.have.length.greaterThan(10);
    expect(reply.inputHint).to.equal('expectingInput');
  });

  it('records "Yes, that solved it" once, marks the conversation solved and sends the survey', async () => {
    await say('how long does a refund take to reach my bank');
    const yes = lastCard()!.actions.find((a) => a.title === 'Yes, that solved it')!;
    await say(undefined, yes.data);
    await say(undefined, yes.data);
    const feedback = await t.app.db('kb_feedback').where({ article_id: yes.data!.articleId });
    expect(feedback, 'a double click counts once').to.have.length(1);
    expect(Boolean(feedback[0].helpful)).to.equal(true);
    const conversation = await t.app.db('conversations').where({ channel_conversation_id: conversationId }).first();
    expect(Boolean(conversation.resolved_by_bot)).to.equal(true);
    expect(JSON.stringify(sent())).to.contain('"sb":"survey"');
  });

  it('offers another article and a person after "No", and opens a ticket after the second miss', async () => {
    await say('my order has not arrived yet');
    const first = lastCard()!;
    await say(undefined, first.actions.find((a) => a.title === 'No')!.data);
    const afterNo = sent();
    const suggestions = afterNo.flatMap((b) => (b.suggestedActions?.actions ?? []).map((a: { title: string }) => a.title));
    expect(suggestions).to.include('Talk to a person');
    const second = lastCard()!;
    expect(second.body[0].text, 'a different article').to.not.equal(first.body[0].text);
    await say(undefined, second.actions.find((a) => a.title === 'No')!.data);
    const ticket = await t.app
      .db('tickets')
      .join('conversations', 'conversations.id', 'tickets.conversation_id')
      .where({ channel_conversation_id: conversationId })
      .first();
    expect(ticket, 'a ticket after two misses').to.not.equal(undefined);
    expect(
      sent()
        .map((b) => b.text)
        .join('\n'),
    ).to.match(/ticket #\d+/);
  });

  it('hands over at once when the customer asks for a person', async () => {
    await say('Talk to a person');
    expect(
      sent()
        .map((b) => b.text)
        .join('\n'),
    ).to.match(/opened ticket #\d+/);
  });

  it('falls back politely, with topics and an agent option, for out-of-scope questions', async () => {
    await say("what's the weather like in Lisbon tomorrow");
    const [reply] = sent();
    expect(reply.text).to.match(/not something I can help with/);
    expect(reply.suggestedActions.actions.map((a: { title: string }) => a.title)).to.include('Talk to a person');
    const row = await t.app.db('messages').where({ text: "what's the weather like in Lisbon tomorrow" }).first();
    expect(Boolean(row.out_of_scope)).to.equal(true);
  });

  it('ends the conversation on goodbye and starts a new one on the next message', async () => {
    await say('ok bye, that is all');
    const ended = await t.app.db('conversations').where({ channel_conversation_id: conversationId }).first();
    expect(ended.end_reason).to.equal('goodbye');
    await say('hello again');
    const conversations = await t.app.db('conversations').where({ channel_conversation_id: conversationId });
    expect(conversations).to.have.length(2);
  });

  it('answers an account deletion from the KB, then opens a ticket once the customer confirms', async () => {
    await say('please delete my account and all my data');
    expect(lastCard()!.body[0].text).to.match(/Deleting your account/);
    expect(
      sent()
        .map((b) => b.text)
        .join('\n'),
    ).to.match(/delete your account for you/);
    await say('yes');
    const ticket = await t.app
      .db('tickets')
      .join('conversations', 'conversations.id', 'tickets.conversation_id')
      .where({ channel_conversation_id: conversationId })
      .first();
    expect(ticket.intent).to.equal('delete_account');
  });

  it('ignores a card payload that is not ours without changing anything', async () => {
    await say(undefined, { sb: 'kb', articleId: 42, helpful: 'maybe' });
    expect(await t.app.db('kb_feedback').where({ article_id: '42' })).to.have.length(0);
  });
});
