import { expect } from 'chai';
import sinon from 'sinon';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { acceptInvoke, agent, botAddedToTeam } from '../../bench/lib/teams';
import { DAY_MS, HOUR_MS } from '../../common/time';
import { issueAgent, type IssuedAgent } from '../helpers/agents';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../helpers/test-app';

// The ticket lifecycle of DESIGN.md (conversation flow 8) through real HTTP: open → assigned →
// waiting → resolved → closed, reopened by a customer message, closed by the autoclose job,
// and tickets the customer left or reopened taken again with Accept.

describe('ticket lifecycle', () => {
  let t: TestApp;
  const chat = 'lifecycle-chat';
  // Agents sign in to the tab with credentials an admin issued, one per name.
  let issued: Map<string, IssuedAgent>;
  const signedIn = async (name: string) => {
    if (!issued.has(name)) issued.set(name, await issueAgent(t.url, name));
    return issued.get(name) as IssuedAgent;
  };
  const idOf = (name: string) => (issued.get(name) as IssuedAgent).agentId;
  const adminHeaders = { Authorization: `Bearer ${TEST_ADMIN_KEY}`, 'Content-Type': 'application/json' };
  const agentApi = async (method: string, path: string, body?: unknown, name = 'Robin') =>
    fetch(`${t.url}/agent/api${path}`, {
      method,
      headers: (await signedIn(name)).headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const adminApi = (method: string, path: string, body?: unknown) =>
    fetch(`${t.url}/admin${path}`, { method, headers: adminHeaders, body: body === undefined ? undefined : JSON.stringify(body) });
  const say = (text: string, value?: unknown) =>
    postActivity(t.url, messageActivity({ serviceUrl: t.connector.url, conversationId: chat, text, value }));
  const ticket = async () => t.app.db('tickets').first();
  const eventsOf = async () => (await t.app.db('ticket_events').orderBy('id')).map((e) => [e.type, e.actor] as [string, string | null]);

  beforeEach(async () => {
    t = await startTestApp({ env: { TICKET_AUTOCLOSE_DAYS: '7' } });
    issued = new Map();
    t.connector.members = [agent(1), agent(2)];
    await postActivity(t.url, botAddedToTeam(t.connector.url, agent(1)));
    await say('I want to talk to a real person please');
  });
  afterEach(async () => {
    sinon.restore();
    await t.dispose();
  });

  async function acceptInTab(name = 'Robin'): Promise<Response> {
    const { handoff } = await (await agentApi('GET', `/tickets/${(await ticket()).id}`)).json();
    return agentApi('POST', `/handoffs/${handoff.id}/accept`, undefined, name);
  }

  it('walks open → assigned → waiting → assigned (customer replied) → resolved → closed, each an event with its actor', async () => {
    const { id } = await ticket();
    expect((await acceptInTab()).status).to.equal(200);
    const waiting = await agentApi('POST', `/tickets/${id}/status`, { status: 'waiting' });
    expect(waiting.status).to.equal(200);
    expect((await waiting.json()).ticket.status).to.equal('waiting');
    await say('Here is my order number: 12345');
    expect((await ticket()).status, 'a customer reply ends the wait').to.equal('assigned');
    expect((await ticket()).assignee_id).to.equal(idOf('Robin'));
    expect((await agentApi('POST', `/tickets/${id}/status`, { status: 'resolved' })).status).to.equal(200);
    expect((await t.app.db('handoffs').first()).status, 'resolving ends the chat').to.equal('ended');
    expect(t.connector.textsTo(chat).join('\n')).to.contain(`marked your ticket #${id} as resolved`);
    expect((await adminApi('POST', `/tickets/${id}/status`, { status: 'closed' })).status).to.equal(200);
    expect(await eventsOf()).to.deep.equal([
      ['opened', 'bot'],
      ['assigned', idOf('Robin')],
      ['waiting', idOf('Robin')],
      ['customer_replied', 'webchat:customer-1'],
      ['resolved', idOf('Robin')],
      ['closed', 'admin'],
    ]);
    const audit = (await t.app.db('audit_log').orderBy('id')).map((a) => `${a.actor} ${a.action.split(' ')[0]} ${a.status}`);
    expect(audit).to.include.members([`${idOf('Robin')} agent.ticket.status 200`, 'admin admin.ticket.status 200']);
  });

  it('answers 409 to a transition the lifecycle does not allow and 400 to an unknown status, changing nothing', async () => {
    const { id } = await ticket();
    await adminApi('POST', `/tickets/${id}/status`, { status: 'closed' });
    const refused = await agentApi('POST', `/tickets/${id}/status`, { status: 'resolved' });
    expect(refused.status).to.equal(409);
    expect((await refused.json()).error).to.match(/is closed: it cannot become resolved/);
    const bad = await agentApi('POST', `/tickets/${id}/status`, { status: 'done' });
    expect(bad.status).to.equal(400);
    expect((await bad.json()).error).to.match(/^status:/);
    const extra = await agentApi('POST', `/tickets/${id}/status`, { status: 'open', assignee: 'x' });
    expect(extra.status, 'agents cannot name an assignee').to.equal(400);
    const assign = await adminApi('POST', `/tickets/${id}/status`, { status: 'assigned' });
    expect((await assign.json()).error).to.match(/^assignee:/);
    expect((await ticket()).status).to.equal('closed');
    expect((await agentApi('POST', '/tickets/999/status', { status: 'open' })).status).to.equal(404);
  });

  it('lets an agent accept a ticket whose customer left the queue, in Teams and in the tab', async () => {
    await say('', { sb: 'handoff', op: 'end' });
    expect((await t.app.db('handoffs').first()).status).to.equal('abandoned');
    const { id: handoffId, card_activity_id: cardId } = await t.app.db('handoffs').first();
    const body = await (await postActivity(t.url, acceptInvoke(t.connector.url, agent(2), cardId, { sb: 'accept', handoffId }))).json();
    expect(body.value, 'Teams Accept wins').to.equal('You have the ticket.');
    expect(await ticket()).to.include({ status: 'assigned' });
    const handoffs = await t.app.db('handoffs').orderBy('id');
    expect(handoffs.map((h) => h.status)).to.deep.equal(['abandoned', 'assigned']);
    expect(t.connector.textsTo(chat).join('\n')).to.contain('Agent 2 from our support team has picked up your ticket');
    const late = await acceptInTab('Sam');
    expect(late.status).to.equal(409);
    expect((await late.json()).error).to.equal('Already taken by Agent 2');
    await say('oh great, thanks for coming back');
    const relayed = await t.app.db('messages').where({ role: 'bot' }).orderBy('id', 'desc').first();
    expect(relayed.text, 'the customer is in the chat, not talking to the bot').to.not.match(/not something I can help with/);
    expect((await t.app.db('handoffs').orderBy('id', 'desc').first()).status).to.equal('assigned');
  });

  it('reopens a resolved ticket on a customer message, not on a survey answer, and lets an agent accept it again', async () => {
    const { id } = await ticket();
    await acceptInTab('Dana');
    const { handoff } = await (await agentApi('GET', `/tickets/${id}`)).json();
    await agentApi('POST', `/handoffs/${handoff.id}/end`, undefined, 'Dana');
    expect((await ticket()).status).to.equal('resolved');
    await say('5');
    expect((await ticket()).status, 'a typed rating is a survey answer').to.equal('resolved');
    expect((await t.app.db('feedback').first()).rating).to.equal(5);
    await say('the lamp broke again');
    expect((await ticket()).status).to.equal('open');
    expect((await eventsOf()).slice(-1)).to.deep.equal([['reopened', 'webchat:customer-1']]);
    const accepted = await acceptInTab('Sam');
    expect(accepted.status, 'no longer "Already taken by Dana"').to.equal(200);
    expect(await ticket()).to.include({ status: 'assigned', assignee_id: idOf('Sam') });
    const page = await (await agentApi('GET', `/tickets/${id}`)).json();
    expect(page.handoff).to.include({ status: 'assigned', agent_id: idOf('Sam') });
    expect(page.surveys.map((s: { rating: number }) => s.rating)).to.deep.equal([5]);
    expect(page.transcript.map((m: { text: string }) => m.text)).to.include('the lamp broke again');
  });

  it('closes resolved tickets after TICKET_AUTOCLOSE_DAYS on the scheduler, as the bot', async () => {
    const { id } = await ticket();
    await adminApi('POST', `/tickets/${id}/status`, { status: 'resolved' });
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
    clock.tick(6 * DAY_MS);
    await t.app.scheduler.tick();
    expect((await ticket()).status, 'six days later').to.equal('resolved');
    clock.tick(DAY_MS + HOUR_MS);
    await t.app.scheduler.tick();
    clock.restore();
    expect(await ticket()).to.include({ status: 'closed' });
    expect((await eventsOf()).slice(-1)).to.deep.equal([['closed', 'bot']]);
    await say('hello again');
    expect((await ticket()).status, 'a closed ticket stays closed').to.equal('closed');
  });
});
