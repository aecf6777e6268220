import { expect } from 'chai';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { TEAM, agent, botAddedToTeam } from '../../bench/lib/teams';
import { SAMPLE_ORDERS } from '../../store/demo/demo-orders';
import { describeEachEngine } from '../helpers/databases';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../helpers/test-app';

// "Where is my order?" through /api/messages like a channel sends it, on a real database with
// the sample orders every new install gets (store/demo/demo-orders.ts).

const ROBIN = SAMPLE_ORDERS.find((o) => o.number === 'PP-777777')!;
/** What the bot must never show of an order. */
const PRIVATE = [ROBIN.address, ROBIN.phone, ROBIN.payment, 'Larch Row', '4242', '900417'];
const NOT_FOUND = /^I couldn't find order PP-\d{6} with those details\./;

describeEachEngine('order status through /api/messages', (engine) => {
  let t: TestApp;
  let n = 0;
  let conversationId: string;
  let customer: string;

  before(async () => {
    t = await startTestApp({ database: await engine.create() });
    // An agents' team, so tickets are posted there as cards.
    t.connector.members = [agent(1)];
    expect((await postActivity(t.url, botAddedToTeam(t.connector.url, agent(1)))).status).to.equal(200);
  });
  after(async () => {
    await t?.dispose();
  });
  beforeEach(() => {
    n++;
    conversationId = `orders-${engine.name}-${n}`;
    customer = `order-customer-${n}`;
  });

  const say = async (text: string, extra: Parameters<typeof messageActivity>[0] extends infer O ? Partial<O> : never = {}) => {
    const res = await postActivity(
      t.url,
      messageActivity({ serviceUrl: t.connector.url, conversationId, fromId: customer, text, ...extra }),
    );
    expect(res.status, `"${text}" was accepted`).to.equal(200);
  };
  const texts = () => t.connector.textsTo(conversationId);
  const last = () => texts()[texts().length - 1];

  it('asks a guest for the email on the order, then shows status, items, carrier and expected date only', async () => {
    await say('where is my order PP-777777?');
    expect(last()).to.match(/email address you used for order PP-777777/);
    await say(`it's ${ROBIN.email.toUpperCase()}`);
    const answer = last();
    expect(answer).to.match(/^Order PP-777777 is on its way with Parcelwing\./);
    expect(answer).to.match(/Expected delivery: \w+day,? \d{1,2} \w+ \d{4}\./);
    expect(answer).to.contain('1 × Kestrel backpack, 2 × Cobble mug');
    for (const secret of PRIVATE) expect(texts().join('\n'), `never shows "${secret}"`).to.not.contain(secret);
  });

  it('accepts the number in every demo format and the email in the same message', async () => {
    for (const written of ['#777777', 'PP777777', 'order 777777']) {
      await say(`where is ${written}? my email is ${ROBIN.email}`);
      expect(last(), written).to.match(/^Order PP-777777 is on its way/);
    }
    await say('PP-777777');
    expect(last(), 'a bare number').to.match(/email address you used for order PP-777777/);
  });

  it('gives an unknown number and a number with the wrong email the same reply, offering a person', async () => {
    await say('where is my order PP-777777? email wrong.person@example.com');
    const mismatched = t.connector.messagesTo(conversationId).at(-1)!.body;
    await say('where is my order PP-999999? email wrong.person@example.com');
    const unknown = t.connector.messagesTo(conversationId).at(-1)!.body;
    expect(mismatched.text).to.match(NOT_FOUND);
    expect(unknown.text.replace('PP-999999', 'PP-777777')).to.equal(mismatched.text);
    expect(unknown.suggestedActions.actions.map((a: { title: string }) => a.title)).to.deep.equal(['Talk to a person']);
    expect(mismatched.suggestedActions).to.deep.equal(unknown.suggestedActions);
  });

  it('asks for the email before saying whether an order exists', async () => {
    await say('where is my order PP-999999');
    expect(last()).to.match(/email address you used for order PP-999999/);
    await say('wrong.person@example.com');
    expect(last()).to.match(NOT_FOUND);
  });

  it('stops looking after 5 failed lookups in an hour and offers a person, even for the right email', async () => {
    for (let i = 0; i < 5; i++) {
      await say(`where is order PP-90000${i}? email ${ROBIN.email}`);
      expect(last(), `failure ${i + 1}`).to.match(NOT_FOUND);
    }
    await say(`where is my order PP-777777? email ${ROBIN.email}`);
    expect(last()).to.match(/can't look up more orders/);
    expect(texts().join('\n')).to.not.contain('Kestrel backpack');
    // Another customer is not limited by this one.
    customer = `${customer}-other`;
    conversationId = `${conversationId}-other`;
    await say(`where is my order PP-777777? email ${ROBIN.email}`);
    expect(last()).to.match(/^Order PP-777777 is on its way/);
  });

  it('carries the order number onto the ticket and its card when the customer asks for a person', async () => {
    await say('where is my order PP-999999? email someone@example.com');
    await say('Talk to a person');
    const conversation = await t.app.db('conversations').where({ channel_conversation_id: conversationId }).first();
    const ticket = await t.app.db('tickets').where({ conversation_id: conversation.id }).first();
    expect(ticket.order_number).to.equal('PP-999999');
    const cardOf = () =>
      t.connector
        .messagesTo(TEAM.id)
        .map((c) => JSON.stringify(c.body.attachments?.[0]?.content ?? {}))
        .find((card) => card.includes(`Ticket #${ticket.id}:`));
    await t.connector.waitFor(() => cardOf() !== undefined);
    expect(cardOf(), "the agents' card").to.contain('{"title":"Order","value":"PP-999999"}');
  });

  it('exports the order number of the customer’s ticket, and erasure removes it', async () => {
    await say('where is my order PP-999999? email someone@example.com');
    await say('Talk to a person');
    const conversation = await t.app.db('conversations').where({ channel_conversation_id: conversationId }).first();
    const admin = { Authorization: `Bearer ${TEST_ADMIN_KEY}` };
    const path = `${t.url}/admin/customers/${encodeURIComponent(conversation.customer_id)}`;
    const exported = await (await fetch(`${path}/export`, { headers: admin })).json();
    expect(exported.tickets.map((ticket: { order_number: string }) => ticket.order_number)).to.deep.equal(['PP-999999']);
    expect((await fetch(path, { method: 'DELETE', headers: admin })).status).to.equal(200);
    const ticket = await t.app.db('tickets').where({ conversation_id: conversation.id }).first();
    expect(ticket.order_number, 'the number links the kept ticket to the order’s email').to.equal(null);
    expect(await t.app.db('orders').where({ order_number: 'PP-777777' }).first(), 'the shop’s orders stay').to.not.equal(undefined);
  });

  it('answers "where is my order?" without a number as before, asking for no email', async () => {
    await say('where is my order?');
    expect(texts().join('\n')).to.not.match(/email address you used/);
  });

  it('shows a Teams user their order without asking for the email (the email Teams has for them)', async () => {
    t.connector.members.push({ id: customer, name: 'Robin Vale', aadObjectId: 'aad-robin', email: ROBIN.email });
    await say('where is my order PP-562093', { channelId: 'msteams', conversationType: 'personal' });
    expect(last()).to.match(/^Order PP-562093 has been delivered by Parcelwing\./);
    await say('and where is PP-318450', { channelId: 'msteams', conversationType: 'personal' });
    expect(last(), 'another customer’s order: asked for its email').to.match(/email address you used for order PP-318450/);
  });
});
