import { expect } from 'chai';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { startTestApp, TEST_AGENT_KEY, type TestApp } from '../helpers/test-app';

describe('agent tab API (/agent/api)', () => {
  let t: TestApp;
  const agentHeaders = { Authorization: `Bearer ${TEST_AGENT_KEY}`, 'X-Agent-Name': 'Robin', 'Content-Type': 'application/json' };
  const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = agentHeaders) =>
    fetch(`${t.url}/agent/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });

  beforeEach(async () => {
    t = await startTestApp();
    await postActivity(
      t.url,
      messageActivity({ serviceUrl: t.connector.url, conversationId: 'tab-1', text: 'I need to talk to a human now' }),
    );
  });
  afterEach(async () => {
    await t.dispose();
  });

  it('refuses calls without the agent key or without a name', async () => {
    expect((await api('GET', '/queue', undefined, {})).status).to.equal(401);
    expect((await api('GET', '/queue', undefined, { Authorization: `Bearer ${TEST_AGENT_KEY}` })).status).to.equal(400);
  });

  it('lists the queue, accepts, writes to the customer, ends and reopens the ticket', async () => {
    const { tickets } = await (await api('GET', '/queue')).json();
    expect(tickets).to.have.length(1);
    const [{ id, handoffId }] = tickets;
    expect((await api('POST', `/handoffs/${handoffId}/accept`)).status).to.equal(200);
    expect(
      (await api('POST', `/handoffs/${handoffId}/accept`, undefined, { ...agentHeaders, 'X-Agent-Name': 'Sam' })).status,
      'a second agent is refused',
    ).to.equal(409);
    expect((await api('POST', `/handoffs/${handoffId}/messages`, { text: 'Hi, this is Robin. How can I help?' })).status).to.equal(201);
    expect(t.connector.textsTo('tab-1')).to.include('Hi, this is Robin. How can I help?');
    const detail = await (await api('GET', `/tickets/${id}`)).json();
    expect(detail.transcript.map((m: { role: string }) => m.role)).to.include('agent');
    expect((await api('POST', `/handoffs/${handoffId}/end`)).status).to.equal(200);
    expect((await t.app.db('tickets').first()).status).to.equal('resolved');
    expect((await api('POST', `/tickets/${id}/status`, { status: 'open' })).status).to.equal(200);
    expect((await t.app.db('tickets').first()).status).to.equal('open');
    const events = (await t.app.db('ticket_events').orderBy('id')).map((e) => e.type);
    expect(events).to.deep.equal(['opened', 'assigned', 'resolved', 'reopened']);
    expect((await api('POST', `/tickets/${id}/status`, { status: 'open' })).status, 'an open ticket cannot be reopened').to.equal(409);
  });

  it('answers 400 to an empty message and 404 to an unknown ticket', async () => {
    expect((await api('POST', '/handoffs/1/messages', { text: '' })).status).to.equal(400);
    expect((await api('GET', '/tickets/999')).status).to.equal(404);
  });

  it('registers the named agent when they accept a handoff, not on reads or refused calls', async () => {
    expect((await api('GET', '/queue')).status).to.equal(200);
    expect((await api('GET', '/tickets/999')).status).to.equal(404);
    expect((await api('POST', '/handoffs/999/accept')).status).to.equal(404);
    expect((await api('POST', '/handoffs/1/messages', { text: 'hello' })).status, 'not the assignee').to.equal(409);
    expect(await t.app.db('agents').select('id')).to.deep.equal([]);
    const { tickets } = await (await api('GET', '/queue')).json();
    expect((await api('POST', `/handoffs/${tickets[0].handoffId}/accept`)).status).to.equal(200);
    expect(await t.app.db('agents').select('id', 'name')).to.deep.equal([{ id: 'tab:robin', name: 'Robin' }]);
  });
});
