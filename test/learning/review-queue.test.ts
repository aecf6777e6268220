import { expect } from 'chai';
import { issueAgent } from '../helpers/agents';
import { describeEachEngine } from '../helpers/databases';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../helpers/test-app';
import { admin, chat, reviewQueue, type Chat } from './learning-helpers';

// The shipped model's readings these conversations rely on (checked with `support-bot nlu predict`):
// "who won the football match yesterday" is out of scope; "payment methods problem" splits
// payment_issue / check_payment_methods within the clarify margin; "where is my parcel" is track_order.
const OUT_OF_SCOPE = 'who won the football match yesterday';
// Top two intents within CLARIFY_MARGIN for the shipped model: the bot asks which one is meant.
const AMBIGUOUS = 'payment method problem';
const PARCEL = 'where is my parcel';

describeEachEngine('NLU review queue (GET /admin/nlu/review)', (engine) => {
  let t: TestApp;
  const byMessage = async (id: number) => (await reviewQueue(t)).find((i) => i.messageId === id);

  before(async () => {
    t = await startTestApp({ database: await engine.create() });
  });
  after(async () => {
    await t?.dispose();
  });

  describe('filling from conversations', () => {
    let c: Chat;
    before(async () => {
      c = chat(t, 'queue-customer', 'conv-queue');
    });

    it('lists an out-of-scope message with the bot guess, its confidence and why', async () => {
      await c.say(OUT_OF_SCOPE);
      const item = await byMessage(await c.messageIdOf(OUT_OF_SCOPE));
      expect(item, 'queued').not.to.equal(undefined);
      expect(item.text).to.equal(OUT_OF_SCOPE);
      expect(item.guess.outOfScope).to.equal(true);
      expect(item.guess.confidence).to.be.a('number');
      expect(item.reasons).to.deep.equal([{ reason: 'out_of_scope', label: null }]);
      expect(Date.parse(item.createdAt)).to.be.closeTo(Date.now(), 60_000);
    });

    it('lists a message whose top two intents were close, then the customer clarify choice with a suggestion', async () => {
      await c.say(AMBIGUOUS);
      const id = await c.messageIdOf(AMBIGUOUS);
      expect((await byMessage(id)).reasons).to.deep.equal([{ reason: 'small_margin', label: null }]);
      // The customer picks the second option, so the bot's guess and the choice differ.
      await c.say('A payment problem');
      const item = await byMessage(id);
      expect(item.reasons).to.deep.equal([
        { reason: 'small_margin', label: null },
        { reason: 'clarify_choice', label: 'payment_issue' },
      ]);
      expect(item.suggestion).to.include({ intent: 'payment_issue', source: 'clarify_choice' });
      expect(item.guess.intent, 'the guess stays the bot reading').to.equal('check_payment_methods');
    });

    it('lists the question whose KB answer got a "No"', async () => {
      const k = chat(t, 'queue-customer', 'conv-queue-kb');
      await k.say(PARCEL);
      const id = await k.messageIdOf(PARCEL);
      expect(await byMessage(id), 'a well understood question is not queued').to.equal(undefined);
      await k.say('no');
      expect((await byMessage(id)).reasons).to.deep.equal([{ reason: 'kb_no', label: null }]);
    });

    it('lists the message behind a ticket whose intent an agent corrected, with the correction', async () => {
      const h = chat(t, 'queue-handoff', 'conv-queue-handoff');
      const text = 'I want to speak to a human about my parcel please';
      await h.say(text);
      const ticket = await t.app
        .db('tickets')
        .where({ conversation_id: (await t.app.db('conversations').where({ channel_conversation_id: h.conversationId }).first()).id })
        .first();
      expect(ticket, 'a ticket opened').not.to.equal(undefined);
      const { headers } = await issueAgent(t.url, 'Corrector');
      const res = await fetch(`${t.url}/agent/api/tickets/${ticket.id}/intent`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({ intent: 'track_order' }),
      });
      expect(res.status).to.equal(200);
      expect((await t.app.db('tickets').where({ id: ticket.id }).first()).intent).to.equal('track_order');
      const item = await byMessage(await h.messageIdOf(text));
      expect(item.reasons).to.deep.equal([{ reason: 'agent_corrected', label: 'track_order' }]);
      const events = await t.app.db('ticket_events').where({ ticket_id: ticket.id, type: 'intent_corrected' });
      expect(events).to.have.length(1);
    });

    it('refuses an intent correction to an unknown intent with 400, changing nothing', async () => {
      const [ticket] = await t.app.db('tickets').select('id', 'intent');
      const res = await admin(t, 'POST', `/admin/tickets/${ticket.id}/intent`, { intent: 'buy_a_boat' });
      expect(res.status).to.equal(400);
      expect(res.body.error).to.match(/^intent: unknown intent/);
      expect((await t.app.db('tickets').where({ id: ticket.id }).first()).intent).to.equal(ticket.intent);
    });

    it('pages newest first with a cursor and refuses a foreign cursor and an unknown parameter', async () => {
      const all = await reviewQueue(t);
      expect(all.length).to.be.at.least(4);
      const times = all.map((i) => Date.parse(i.createdAt));
      expect(times).to.deep.equal([...times].sort((a, b) => b - a));
      expect(new Set(all.map((i) => i.messageId)).size, 'no message twice across pages').to.equal(all.length);
      expect((await admin(t, 'GET', '/admin/nlu/review?cursor=nope')).status).to.equal(400);
      expect((await admin(t, 'GET', '/admin/nlu/review?sort=old')).status).to.equal(400);
    });

    it('is for admins only, and the refusal is audited', async () => {
      expect((await admin(t, 'GET', '/admin/nlu/review', undefined, {})).status).to.equal(401);
      const audited = await t.app.db('audit_log').where('action', 'like', 'nlu.review GET%').select('status');
      expect(audited.map((a) => a.status)).to.include.members([200, 401]);
    });

    it('the dashboard panel lists the queue and labels in one click with the session cookie', async () => {
      const login = await fetch(`${t.url}/admin/dashboard/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ key: TEST_ADMIN_KEY }).toString(),
        redirect: 'manual',
      });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
      const page = await (await fetch(`${t.url}/admin/dashboard`, { headers: { Cookie: cookie } })).text();
      expect(page).to.include('id="review"').and.include('/admin/dashboard/assets/nlu-review.js');
      const script = await fetch(`${t.url}/admin/dashboard/assets/nlu-review.js`);
      expect(script.status).to.equal(200);
      expect(await script.text()).to.include('/admin/nlu/examples');
      const session = { Cookie: cookie, 'Content-Type': 'application/json' };
      const queue = await admin(t, 'GET', '/admin/nlu/review', undefined, session);
      expect(queue.status).to.equal(200);
      expect(queue.body.intents, 'the labels the panel offers').to.include.members(['track_order', 'oos']);
      const item = queue.body.items.find((i: { guess: { outOfScope: boolean } }) => !i.guess.outOfScope);
      const confirm = await admin(t, 'POST', '/admin/nlu/examples', { messageId: item.messageId, intent: item.guess.intent }, session);
      expect(confirm.status).to.equal(201);
      expect((await reviewQueue(t)).map((i) => i.messageId)).not.to.include(item.messageId);
    });

    it('never repeats a message when a channel redelivers it', async () => {
      const r = chat(t, 'queue-redelivery', 'conv-queue-redelivery');
      await r.say(OUT_OF_SCOPE, 'fixed-activity-id');
      await r.say(OUT_OF_SCOPE, 'fixed-activity-id');
      const rows = await t.app.db('nlu_review').where({ message_id: await r.messageIdOf(OUT_OF_SCOPE) });
      expect(rows).to.have.length(1);
    });
  });
});
