import { expect } from 'chai';
import sinon from 'sinon';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { TEAM, acceptInvoke, agent, botAddedToTeam, threadReply } from '../../bench/lib/teams';
import { startTestApp, type TestApp } from '../helpers/test-app';

describe('handoff to a human agent in Teams', () => {
  let t: TestApp;
  const customerConversation = 'customer-conv-1';

  beforeEach(async () => {
    t = await startTestApp({ env: { AGENT_TIMEOUT_S: '60' } });
    t.connector.members = [1, 2, 3, ...Array.from({ length: 10 }, (_, i) => 10 + i)].map(agent);
    const res = await postActivity(t.url, botAddedToTeam(t.connector.url, agent(1)));
    expect(res.status).to.equal(200);
  });
  afterEach(async () => {
    sinon.restore();
    await t.dispose();
  });

  const say = (text: string, extra: Partial<Parameters<typeof messageActivity>[0]> = {}) =>
    postActivity(t.url, messageActivity({ serviceUrl: t.connector.url, conversationId: customerConversation, text, ...extra }));

  async function requestAgent(): Promise<{ cardId: string; handoffId: number }> {
    await say('I want to talk to a real person please');
    await t.connector.waitFor(() => t.connector.messagesTo(TEAM.id).some((c) => c.body.attachments?.length));
    const cardCall = t.connector.messagesTo(TEAM.id).find((c) => c.body.attachments?.length)!;
    const card = cardCall.body.attachments[0].content;
    const accept = card.actions.find((a: { title: string }) => a.title === 'Accept');
    const handoff = await t.app.db('handoffs').orderBy('id', 'desc').first();
    const cardId = (await t.app.db('handoffs').where({ id: handoff.id }).first()).card_activity_id;
    expect(accept.type).to.equal('Action.Execute');
    expect(accept.data).to.deep.equal({ sb: 'accept', handoffId: handoff.id });
    return { cardId, handoffId: handoff.id };
  }

  it('registers the channel the bot was added to as the agents queue', async () => {
    const channels = await t.app.db('agent_channels');
    expect(channels).to.have.length(1);
    expect(channels[0].conversation_id).to.equal(TEAM.id);
    expect(Boolean(channels[0].active)).to.equal(true);
  });

  it('runs the whole path: ticket, card, accept, relay both ways, note, end, survey', async () => {
    const { cardId, handoffId } = await requestAgent();
    const ticket = await t.app.db('tickets').first();
    expect(ticket.status).to.equal('open');
    expect(t.connector.textsTo(customerConversation).join('\n')).to.match(/ticket #\d+.*number 1 in the queue/s);
    const events = t.connector.calls.filter((c) => c.conversationId === customerConversation && c.body?.type === 'event');
    expect(events.map((e) => e.body.name)).to.include('handoff.initiate');

    const acceptRes = await postActivity(t.url, acceptInvoke(t.connector.url, agent(2), cardId, { sb: 'accept', handoffId }));
    const acceptBody = await acceptRes.json();
    expect(acceptBody.statusCode).to.equal(200);
    expect(acceptBody.type).to.equal('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(acceptBody.value)).to.contain('Taken by Agent 2');
    const update = t.connector.calls.find((c) => c.method === 'PUT' && c.path.includes(encodeURIComponent(cardId)));
    expect(update, 'the card is updated for everyone').to.not.equal(undefined);
    expect(t.connector.textsTo(customerConversation).join('\n')).to.contain('Agent 2 from our support team has joined');
    expect((await t.app.db('tickets').first()).status).to.equal('assigned');

    await say('my Aurora desk lamp flickers');
    const thread = `${TEAM.id};messageid=${cardId}`;
    await t.connector.waitFor(() => t.connector.textsTo(thread).some((x) => x.includes('Aurora desk lamp flickers')));

    await postActivity(t.url, threadReply(t.connector.url, agent(2), cardId, 'Sorry about that, a replacement is on its way.'));
    await t.connector.waitFor(() => t.connector.textsTo(customerConversation).includes('Sorry about that, a replacement is on its way.'));
    const agentRow = await t.app.db('messages').where({ role: 'agent' }).first();
    expect(agentRow.text).to.equal('Sorry about that, a replacement is on its way.');
    const question = await t.app.db('messages').where({ role: 'customer', text: 'my Aurora desk lamp flickers' }).first();
    expect(question.answered_by, 'the relayed agent reply answers the question').to.equal('agent');

    await postActivity(t.url, threadReply(t.connector.url, agent(2), cardId, '/note customer sounds upset, check the batch'));
    expect(t.connector.textsTo(customerConversation).join('\n')).to.not.contain('check the batch');
    const note = await t.app.db('ticket_events').where({ type: 'note' }).first();
    expect(JSON.parse(note.data).text).to.equal('customer sounds upset, check the batch');

    await postActivity(t.url, threadReply(t.connector.url, agent(2), cardId, '/end'));
    expect((await t.app.db('tickets').first()).status).to.equal('resolved');
    const survey = t.connector
      .messagesTo(customerConversation)
      .find((c) => JSON.stringify(c.body.attachments ?? []).includes('"sb":"survey"'));
    expect(survey, 'the customer gets the survey card').to.not.equal(undefined);
    expect((await t.app.db('feedback').first()).kind).to.equal('agent');

    const rated = (await t.app.db('feedback').first()).conversation_id;
    await say('', { value: { sb: 'survey', kind: 'agent', conversationId: rated, rating: 5, comment: 'Quick and kind, thanks' } });
    await say('', { value: { sb: 'survey', kind: 'agent', conversationId: rated, rating: 1 } });
    const feedback = await t.app.db('feedback').first();
    expect(feedback.rating, 'the second click changes nothing').to.equal(5);
    expect(feedback.comment).to.equal('Quick and kind, thanks');
    expect(feedback.answered_at).to.be.a('number');
  });

  it('gives exactly one of ten simultaneous accepts the ticket and politely refuses nine', async () => {
    const { cardId, handoffId } = await requestAgent();
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        postActivity(t.url, acceptInvoke(t.connector.url, agent(10 + i), cardId, { sb: 'accept', handoffId })).then((r) => r.json()),
      ),
    );
    const winners = responses.filter((r) => r.type === 'application/vnd.microsoft.card.adaptive');
    const refusals = responses.filter((r) => r.type === 'application/vnd.microsoft.activity.message');
    expect(winners).to.have.length(1);
    expect(refusals).to.have.length(9);
    for (const r of refusals) expect(r.value).to.match(/already taken by Agent 1\d/);
    const assigned = await t.app.db('ticket_events').where({ type: 'assigned' });
    expect(assigned).to.have.length(1);
  });

  it('refuses a malformed accept payload without changing anything', async () => {
    const { cardId } = await requestAgent();
    const res = await postActivity(t.url, acceptInvoke(t.connector.url, agent(2), cardId, { sb: 'accept', handoffId: 'lots' }));
    const body = await res.json();
    expect(body.statusCode).to.equal(400);
    expect((await t.app.db('handoffs').first()).status).to.equal('waiting');
    expect((await t.app.db('tickets').first()).status).to.equal('open');
  });

  it('refuses an Accept sent from outside the agents channel', async () => {
    const { cardId, handoffId } = await requestAgent();
    const outside = {
      ...acceptInvoke(t.connector.url, agent(3), cardId, { sb: 'accept', handoffId }),
      conversation: { id: 'a-personal-chat', conversationType: 'personal' },
    };
    const body = await (await postActivity(t.url, outside)).json();
    expect(body.statusCode).to.equal(403);
    expect((await t.app.db('handoffs').first()).status).to.equal('waiting');
  });

  it('tells the customer when no agent answers in time and keeps the ticket open', async () => {
    await requestAgent();
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
    clock.tick(61_000);
    await t.app.scheduler.tick();
    clock.restore();
    expect(t.connector.textsTo(customerConversation).join('\n')).to.match(/no agent is free right now.*stays open/s);
    expect((await t.app.db('handoffs').first()).status).to.equal('timed_out');
    expect((await t.app.db('tickets').first()).status).to.equal('open');
  });

  it('counts a customer who leaves the queue as abandoned', async () => {
    await requestAgent();
    await say('end');
    expect((await t.app.db('handoffs').first()).status, 'a typed "end" only asks to confirm').to.equal('waiting');
    await say('', { value: { sb: 'handoff', op: 'end' } });
    expect((await t.app.db('handoffs').first()).status).to.equal('abandoned');
    expect((await t.app.db('conversations').first()).end_reason).to.equal('customer_left');
  });

  it('keeps the assignment and relays after a restart', async () => {
    const { cardId, handoffId } = await requestAgent();
    await postActivity(t.url, acceptInvoke(t.connector.url, agent(2), cardId, { sb: 'accept', handoffId }));
    await t.stop();
    const restarted = await startTestApp({ database: t.database, connector: t.connector });
    try {
      await postActivity(restarted.url, threadReply(t.connector.url, agent(2), cardId, 'Still here after the restart'));
      await t.connector.waitFor(() => t.connector.textsTo(customerConversation).includes('Still here after the restart'));
    } finally {
      await restarted.stop();
    }
    t = {
      ...t,
      stop: async () => undefined,
      dispose: async () => {
        await t.connector.stop();
        await t.database.dispose();
      },
    };
  });
});
