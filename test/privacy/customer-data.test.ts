import { expect } from 'chai';
import { purgeOldCustomerText } from '../../store/retention';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../helpers/test-app';

describe('privacy requests', () => {
  let t: TestApp;
  const customerId = 'webchat:privacy-customer';
  const admin = { Authorization: `Bearer ${TEST_ADMIN_KEY}` };

  beforeEach(async () => {
    t = await startTestApp();
    const say = (text: string) =>
      postActivity(t.url, messageActivity({ serviceUrl: t.connector.url, conversationId: 'p-1', fromId: 'privacy-customer', text }));
    await say('my email is jane@example.com and my order PP-123456 never came');
    await say('I want to talk to a person');
  });
  afterEach(async () => {
    await t.dispose();
  });

  describe('GET /admin/customers/:id/export', () => {
    it('returns everything held about the customer', async () => {
      const res = await fetch(`${t.url}/admin/customers/${encodeURIComponent(customerId)}/export`, { headers: admin });
      expect(res.status).to.equal(200);
      const body = await res.json();
      expect(body.customer.id).to.equal(customerId);
      expect(body.messages.map((m: { text: string }) => m.text)).to.include(
        'my email is jane@example.com and my order PP-123456 never came',
      );
      expect(body.tickets).to.have.length(1);
      expect(body.conversationReferences).to.have.length(1);
    });
    it('answers 404 for an unknown customer and 401 without the key, both audited', async () => {
      expect((await fetch(`${t.url}/admin/customers/webchat%3Anobody/export`, { headers: admin })).status).to.equal(404);
      expect((await fetch(`${t.url}/admin/customers/${encodeURIComponent(customerId)}/export`)).status).to.equal(401);
      const audit = await t.app.db('audit_log').orderBy('id');
      expect(audit.map((a) => [a.action.split(' ')[0], a.status])).to.deep.equal([
        ['customer.export', 404],
        ['customer.export', 401],
      ]);
    });
  });

  describe('DELETE /admin/customers/:id', () => {
    it('erases messages, feedback, state and references and keeps anonymised tickets under a tombstone id', async () => {
      const res = await fetch(`${t.url}/admin/customers/${encodeURIComponent(customerId)}`, { method: 'DELETE', headers: admin });
      expect(res.status).to.equal(200);
      const { tombstone } = await res.json();
      expect(tombstone).to.match(/^webchat:erased-[0-9a-f]{24}$/);
      expect(await t.app.db('messages')).to.have.length(0);
      expect(await t.app.db('conversation_references')).to.have.length(0);
      expect(await t.app.db('bot_state').where('key', 'like', '%p-1%')).to.have.length(0);
      const [ticket] = await t.app.db('tickets');
      expect(ticket.subject).to.equal('[erased]');
      expect(ticket.summary).to.equal(null);
      expect(ticket.customer_id).to.equal(tombstone);
      expect(await t.app.db('customers').where({ id: customerId })).to.deep.equal([]);
      const customer = await t.app.db('customers').where({ id: tombstone }).first();
      expect(customer.erased_at).to.be.a('number');
      expect((await t.app.db('audit_log').first()).action).to.equal(
        `customer.erase DELETE /admin/customers/${encodeURIComponent(tombstone)}`,
      );
    });
    it('lets the customer write again: a new conversation with its reference, the old one ended as erased', async () => {
      await fetch(`${t.url}/admin/customers/${encodeURIComponent(customerId)}`, { method: 'DELETE', headers: admin });
      const res = await postActivity(
        t.url,
        messageActivity({ serviceUrl: t.connector.url, conversationId: 'p-1', fromId: 'privacy-customer', text: 'where is my parcel?' }),
      );
      expect(res.status).to.equal(200);
      const conversations = await t.app.db('conversations').orderBy('started_at');
      expect(conversations.map((c) => [c.customer_id === customerId, c.end_reason])).to.deep.equal([
        [false, 'erased'],
        [true, null],
      ]);
      const [reference] = await t.app.db('conversation_references').where({ customer_id: customerId });
      expect(JSON.parse(reference.reference).conversation.id).to.equal('p-1');
      expect(await t.app.db('messages').where({ conversation_id: conversations[1].id, role: 'customer' })).to.have.length(1);
    });
  });

  describe('purgeOldCustomerText', () => {
    it('removes the text of messages older than the retention period only', async () => {
      const old = Date.now() - 40 * 86_400_000;
      await t.app.db('messages').where({ role: 'customer' }).update({ created_at: old });
      const purged = await purgeOldCustomerText(t.app.db, 30, Date.now());
      expect(purged.messages).to.equal(2);
      expect(await t.app.db('messages').where({ role: 'customer' }).whereNotNull('text')).to.have.length(0);
      expect(await t.app.db('messages').where({ role: 'bot' }).whereNotNull('text')).to.have.length.greaterThan(0);
    });
  });
});
