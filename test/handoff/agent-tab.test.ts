import { expect } from 'chai';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { issueAgent, type IssuedAgent } from '../helpers/agents';
import { startTestApp, type TestApp } from '../helpers/test-app';

describe('agent tab API (/agent/api)', () => {
  let t: TestApp;
  let robin: IssuedAgent;
  const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = robin.headers) =>
    fetch(`${t.url}/agent/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });

  beforeEach(async () => {
    t = await startTestApp();
    robin = await issueAgent(t.url, 'Robin', 'robin@example.com');
    await postActivity(
      t.url,
      messageActivity({ serviceUrl: t.connector.url, conversationId: 'tab-1', text: 'I need to talk to a human now' }),
    );
  });
  afterEach(async () => {
    await t.dispose();
  });

  it('refuses calls without a credential or with a made-up one', async () => {
    expect((await api('GET', '/queue', undefined, {})).status).to.equal(401);
    const forged = robin.token.replace(/_[^_]+$/, `_${'A'.repeat(43)}`);
    expect((await api('GET', '/queue', undefined, { Authorization: `Bearer ${forged}` })).status).to.equal(401);
    expect((await api('GET', '/queue', undefined, { Authorization: 'Bearer test-agent-key-0123456789abcdef' })).status).to.equal(401);
  });

  it('tells the tab who is signed in', async () => {
    expect(await (await api('GET', '/me')).json()).to.deep.equal({ id: robin.agentId, name: 'Robin' });
  });

  it('ignores a typed X-Agent-Name: the agent is the credential holder', async () => {
    const { tickets } = await (await api('GET', '/queue')).json();
    const res = await api('POST', `/handoffs/${tickets[0].handoffId}/accept`, undefined, { ...robin.headers, 'X-Agent-Name': 'Sam' });
    expect(await res.json()).to.deep.equal({ takenBy: 'Robin' });
    expect((await t.app.db('tickets').first()).assignee_id).to.equal(robin.agentId);
  });

  it('lists the queue, accepts, writes to the customer, ends and reopens the ticket', async () => {
    const sam = await issueAgent(t.url, 'Sam');
    const { tickets } = await (await api('GET', '/queue')).json();
    expect(tickets).to.have.length(1);
    const [{ id, handoffId }] = tickets;
    expect((await api('POST', `/handoffs/${handoffId}/accept`)).status).to.equal(200);
    expect((await api('POST', `/handoffs/${handoffId}/accept`, undefined, sam.headers)).status, 'a second agent is refused').to.equal(409);
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

  it('audits every agent call with the verified agent id, refused ones as anonymous', async () => {
    const { tickets } = await (await api('GET', '/queue')).json();
    expect((await api('POST', `/handoffs/${tickets[0].handoffId}/accept`)).status).to.equal(200);
    expect((await api('POST', `/handoffs/${tickets[0].handoffId}/notes`, { text: 'checking the order' })).status).to.equal(201);
    expect((await api('GET', '/queue', undefined, { 'X-Agent-Name': 'Robin' })).status).to.equal(401);
    const rows = await t.app.db('audit_log').where('action', 'like', 'agent.%').orderBy('id').select('actor', 'action', 'status');
    expect(rows).to.deep.equal([
      { actor: robin.agentId, action: 'agent.queue GET /agent/api/queue', status: 200 },
      { actor: robin.agentId, action: `agent.accept POST /agent/api/handoffs/${tickets[0].handoffId}/accept`, status: 200 },
      { actor: robin.agentId, action: `agent.note POST /agent/api/handoffs/${tickets[0].handoffId}/notes`, status: 201 },
      { actor: 'anonymous', action: 'agent.queue GET /agent/api/queue', status: 401 },
    ]);
    const note = await t.app.db('ticket_events').where({ type: 'note' }).first();
    expect(note.actor).to.equal(robin.agentId);
  });
});
