import { expect } from 'chai';
import { postActivity } from '../../bench/lib/activities';
import { TEAM, acceptInvoke, agent, botAddedToTeam, plainChannelMessage, threadReply } from '../../bench/lib/teams';
import { poll, post, startSession, userMessage, type Session } from '../directline/directline-client';
import { startTestApp, type TestApp } from '../helpers/test-app';

describe('a live chat between a web-widget customer and an agent in Teams', () => {
  let t: TestApp;
  let session: Session;
  let cardId: string;
  let thread: string;
  let sent = 0;

  beforeEach(async () => {
    t = await startTestApp({ env: { AGENT_TIMEOUT_S: '600' } });
    t.connector.members = [agent(1), agent(2)];
    await postActivity(t.url, botAddedToTeam(t.connector.url, agent(1)));
    session = await startSession(t.url);
    await customerSays('I want to talk to a real person please');
    await t.connector.waitFor(() => t.connector.messagesTo(TEAM.id).some((c) => c.body.attachments?.length));
    const handoff = await t.app.db('handoffs').first();
    cardId = handoff.card_activity_id;
    thread = `${TEAM.id};messageid=${cardId}`;
    await postActivity(t.url, acceptInvoke(t.connector.url, agent(2), cardId, { sb: 'accept', handoffId: handoff.id }));
  });
  afterEach(async () => {
    await t.dispose();
  });

  async function customerSays(text: string, value?: unknown): Promise<void> {
    const body = value === undefined ? userMessage(text, `c-${++sent}`) : { ...userMessage(text, `c-${++sent}`), value };
    expect((await post(t.url, session, body)).status).to.equal(200);
  }

  /** What the bot and agents sent the customer, as the widget receives it. */
  async function toCustomer(): Promise<any[]> {
    const { activities } = await poll(t.url, session);
    return activities.filter((a) => a.from?.role === 'bot' && a.type === 'message');
  }

  const handoffStatus = async () => (await t.app.db('handoffs').first()).status;

  it('gives the customer an End chat button when the agent joins', async () => {
    const joined = (await toCustomer()).find((a) => /has joined the chat/.test(a.text ?? ''));
    expect(JSON.stringify(joined.attachments)).to.contain('"title":"End chat"');
    expect(JSON.stringify(joined.attachments)).to.contain('{"sb":"handoff","op":"end"}');
  });

  it('relays customer messages with end, cancel, stop, quit or leave inside them to the agent', async () => {
    const said = [
      'cancel my order please',
      'stop sending me emails',
      'end of the month is too late',
      'quit charging my card twice',
      'leave it at the door next time',
      'stop',
    ];
    for (const text of said) await customerSays(text);
    const relayed = t.connector.textsTo(thread).join('\n');
    for (const text of said) expect(relayed).to.contain(text);
    expect(await handoffStatus()).to.equal('assigned');
    expect((await t.app.db('tickets').first()).status).to.equal('assigned');
    expect((await toCustomer()).map((a) => a.text).join('\n')).to.not.match(/ended the chat|left the queue/);
  });

  it('ends the chat only when the customer confirms a typed "end chat", or presses End chat', async () => {
    await customerSays('end chat');
    const confirm = (await toCustomer()).at(-1);
    expect(JSON.stringify(confirm.attachments)).to.contain('Keep chatting');
    expect(t.connector.textsTo(thread).join('\n'), 'the agent still reads it').to.contain('end chat');
    await customerSays('', { sb: 'handoff', op: 'stay' });
    expect(await handoffStatus()).to.equal('assigned');
    await customerSays('', { sb: 'handoff', op: 'end' });
    expect(await handoffStatus()).to.equal('ended');
    expect((await t.app.db('tickets').first()).status).to.equal('resolved');
    expect(t.connector.textsTo(thread).at(-1)).to.equal('The customer ended the chat.');
  });

  it('keeps agent commands from the customer and answers them in the thread', async () => {
    for (const text of ['/note refund approved by Sam', '/status', '/help', '/refund 20', '/note']) {
      await postActivity(t.url, threadReply(t.connector.url, agent(2), cardId, text));
    }
    const answers = t.connector.textsTo(thread);
    expect(answers.some((a) => a.startsWith('Note saved'))).to.equal(true);
    expect(answers.some((a) => /^Ticket #\d+: assigned \(Agent 2\)\.$/.test(a))).to.equal(true);
    expect(answers.some((a) => a.startsWith('Unknown command /refund'))).to.equal(true);
    expect(answers.filter((a) => a.includes('/release'))).to.have.length(2);
    const customerSees = (await toCustomer()).map((a) => a.text ?? '').join('\n');
    for (const leaked of ['refund approved', '/status', '/help', '/refund', '/note', 'Unknown command']) {
      expect(customerSees).to.not.contain(leaked);
    }
    expect(await t.app.db('messages').where({ role: 'agent' })).to.have.length(0);
  });

  it('relays the words help and queue, and a plain reply without @mention, under the agent name', async () => {
    await postActivity(t.url, threadReply(t.connector.url, agent(2), cardId, 'help'));
    await postActivity(t.url, threadReply(t.connector.url, agent(2), cardId, 'queue'));
    await postActivity(t.url, plainChannelMessage(t.connector.url, agent(2), 'I have cancelled it for you.', { cardId }));
    const relayed = (await toCustomer()).filter((a) => ['help', 'queue', 'I have cancelled it for you.'].includes(a.text));
    expect(relayed.map((a) => a.text)).to.deep.equal(['help', 'queue', 'I have cancelled it for you.']);
    for (const a of relayed) {
      expect(a.from.name).to.equal('Agent 2');
      expect(a.from.id, "from.id stays the bot's").to.equal((await toCustomer())[0].from.id);
    }
  });

  it('changes the ticket status with /status through the ticket lifecycle, ending a live chat with /status resolved', async () => {
    await postActivity(t.url, threadReply(t.connector.url, agent(2), cardId, '/status done'));
    expect(t.connector.textsTo(thread).at(-1)).to.match(/Unknown status "done"/);
    await postActivity(t.url, threadReply(t.connector.url, agent(2), cardId, '/status resolved'));
    expect(await handoffStatus()).to.equal('ended');
    expect((await t.app.db('tickets').first()).status).to.equal('resolved');
    await postActivity(t.url, threadReply(t.connector.url, agent(2), cardId, '/status closed'));
    expect((await t.app.db('tickets').first()).status).to.equal('closed');
    await postActivity(t.url, threadReply(t.connector.url, agent(2), cardId, '/status resolved'));
    expect(t.connector.textsTo(thread).at(-1)).to.match(/is closed: it cannot become resolved/);
  });
});
