import { expect } from 'chai';
import { joinActivity, messageActivity, postActivity } from '../../bench/lib/activities';
import { startTestApp, type TestApp } from '../helpers/test-app';

describe('POST /api/messages', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(async () => {
    await t.dispose();
  });

  const count = async (table: string) => Number((await t.app.db(table).count({ n: '*' }))[0].n);

  it('greets a customer who joins, through the fake connector', async () => {
    const res = await postActivity(t.url, joinActivity({ serviceUrl: t.connector.url, conversationId: 'c-join' }));
    expect(res.status).to.be.oneOf([200, 201]);
    await t.connector.waitFor(() => t.connector.messagesTo('c-join').length === 1);
    const [greeting] = t.connector.messagesTo('c-join');
    expect(greeting.body.text).to.match(/Pebble & Pine/);
    expect(greeting.body.speak, 'speak is plain text').to.be.a('string').and.not.match(/[*_#]/);
    expect(greeting.body.inputHint).to.equal('acceptingInput');
    expect(greeting.body.suggestedActions.actions).to.have.length.greaterThan(1);
  });

  it('stores the customer message before the reply is sent', async () => {
    let storedWhenReplied: string[] = [];
    t.connector.onCall = async (call) => {
      if (call.body?.type === 'message') {
        const rows = await t.app.db('messages').where({ role: 'customer' }).select('text');
        storedWhenReplied = rows.map((r) => r.text);
      }
    };
    await postActivity(t.url, messageActivity({ serviceUrl: t.connector.url, conversationId: 'c1', text: 'hello there' }));
    await t.connector.waitFor(() => t.connector.messagesTo('c1').length >= 1);
    expect(storedWhenReplied).to.deep.equal(['hello there']);
  });

  it('stores both directions with roles, timestamps and the response time', async () => {
    await postActivity(t.url, messageActivity({ serviceUrl: t.connector.url, conversationId: 'c2', text: 'hi' }));
    const rows = await t.app.db('messages').orderBy('id');
    expect(rows.map((r) => [r.direction, r.role])).to.deep.equal([
      ['in', 'customer'],
      ['out', 'bot'],
    ]);
    expect(rows[0].answered_by).to.equal('bot');
    expect(Number(rows[0].response_ms)).to.be.at.least(0);
    const conversation = await t.app.db('conversations').first();
    expect(conversation.channel_id).to.equal('webchat');
    expect(conversation.customer_id).to.equal('webchat:customer-1');
  });

  it('stores one message and runs one turn when the same activity id is posted twice', async () => {
    const activity = messageActivity({ serviceUrl: t.connector.url, conversationId: 'c3', id: 'same-id', text: 'hi' });
    await postActivity(t.url, activity);
    await postActivity(t.url, activity);
    const customerRows = await t.app.db('messages').where({ role: 'customer' });
    expect(customerRows).to.have.length(1);
    expect(t.connector.messagesTo('c3')).to.have.length(1);
  });

  it('answers 400 to malformed JSON and stores nothing', async () => {
    const res = await postActivity(t.url, '{"type": "message", ');
    expect(res.status).to.equal(400);
    expect(await count('messages')).to.equal(0);
  });

  it('answers 400 naming the field for a wrong-typed activity', async () => {
    const res = await postActivity(t.url, { type: 5 });
    expect(res.status).to.equal(400);
    const body = await res.json();
    expect(body.error).to.match(/type/);
    const wrongFrom = messageActivity({ serviceUrl: t.connector.url, conversationId: 'c4', text: 'x' });
    wrongFrom.from = { id: 42 };
    const res2 = await postActivity(t.url, wrongFrom);
    expect(res2.status).to.equal(400);
    expect((await res2.json()).error).to.match(/from\.id/);
    expect(await count('messages')).to.equal(0);
  });

  it('answers 400 to deeply nested JSON', async () => {
    let value: unknown = 1;
    for (let i = 0; i < 200; i++) value = { v: value };
    const res = await postActivity(t.url, messageActivity({ serviceUrl: t.connector.url, conversationId: 'c5', text: 'x', value }));
    expect(res.status).to.equal(400);
    expect(await count('messages')).to.equal(0);
  });

  it('answers 413 to a body over MAX_BODY_BYTES and stores nothing', async () => {
    const res = await postActivity(
      t.url,
      messageActivity({ serviceUrl: t.connector.url, conversationId: 'c6', text: 'x'.repeat(300_000) }),
    );
    expect(res.status).to.equal(413);
    expect(await count('messages')).to.equal(0);
  });

  it('answers 404 to an unknown route', async () => {
    const res = await fetch(`${t.url}/no/such/route`);
    expect(res.status).to.equal(404);
  });

  it('serves /healthz and /readyz', async () => {
    expect((await fetch(`${t.url}/healthz`)).status).to.equal(200);
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).to.equal(200);
    expect(await ready.json()).to.deep.equal({ status: 'ready' });
  });
});

describe('RATE_LIMIT_CONVERSATION_PER_MIN', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_CONVERSATION_PER_MIN: '2' } });
  });
  after(async () => {
    await t.dispose();
  });

  it('answers 429 with Retry-After past the limit of one conversation, stores nothing, and spares others', async () => {
    const post = (conversationId: string) =>
      postActivity(t.url, messageActivity({ serviceUrl: t.connector.url, conversationId, text: 'hello' }));
    // The limit counts per clock minute: start well inside one so the window cannot roll over.
    const leftInMinute = 60_000 - (Date.now() % 60_000);
    if (leftInMinute < 10_000) await new Promise((r) => setTimeout(r, leftInMinute + 50));
    expect((await post('busy')).status).to.equal(200);
    expect((await post('busy')).status).to.equal(200);
    const limited = await post('busy');
    expect(limited.status).to.equal(429);
    expect(Number(limited.headers.get('retry-after'))).to.be.within(1, 60);
    expect((await limited.json()).error).to.match(/Too many messages/);
    expect(await t.app.db('messages').where({ role: 'customer' })).to.have.length(2);
    expect((await post('calm')).status).to.equal(200);
  });
});
