import { expect } from 'chai';
import { currentConversation } from '../../store/conversations';
import { upsertCustomer } from '../../store/customers';
import type { Knex } from '../../store/db';
import { upsertAgent } from '../../store/agents';
import { searchTickets, type TicketFilter } from '../../store/ticket-search';
import { openTicket, setTicketStatus, type TicketPriority } from '../../store/tickets';
import { describeEachEngine, useMigratedDatabase } from '../helpers/databases';

const T0 = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;

describeEachEngine('searchTickets', (engine) => {
  let db: Knex;
  const ids: Record<string, number> = {};
  useMigratedDatabase(engine, async (opened) => {
    db = opened;
    await upsertAgent(db, { id: 'agent-1', name: 'Sam', source: 'admin', now: T0 });
    const seed: Array<[string, string, TicketPriority, string, number]> = [
      ['ada-refund', 'ada', 'high', 'Refund for a broken lamp', 0],
      ['ada-parcel', 'ada', 'normal', 'Where is my parcel', 1],
      ['bob-refund', 'bob', 'normal', 'REFUND please 100%', 2],
      ['bob-login', 'bob', 'low', 'Cannot log in', 3],
      ['cy-lamp', 'cy', 'urgent', 'Lamp flickers', 3],
    ];
    for (const [key, who, priority, subject, hour] of seed) {
      const identity = { channelId: 'webchat', channelUserId: who };
      await upsertCustomer(db, identity, T0);
      const c = await currentConversation(db, {
        channelId: 'webchat',
        channelConversationId: who,
        customerId: `webchat:${who}`,
        now: T0,
        idleMs: HOUR,
      });
      const { ticket } = await openTicket(db, {
        conversationId: c.id,
        customerId: `webchat:${who}`,
        channelId: 'webchat',
        priority,
        intent: null,
        subject,
        summary: `customer ${who}`,
        sourceKey: key,
        now: T0 + hour * HOUR,
      });
      ids[key] = ticket.id;
    }
    await setTicketStatus(db, ids['ada-refund'], 'assigned', { actor: 'agent-1', assigneeId: 'agent-1', now: T0 + 5 * HOUR });
    await setTicketStatus(db, ids['ada-refund'], 'resolved', { actor: 'agent-1', now: T0 + 6 * HOUR });
    await setTicketStatus(db, ids['bob-login'], 'closed', { actor: 'bot', now: T0 + 6 * HOUR });
  });

  const search = async (filter: Partial<TicketFilter>) => (await searchTickets(db, { limit: 25, ...filter })).tickets.map((t) => t.id);

  it('lists every ticket newest first, resolved and closed ones included', async () => {
    expect(await search({})).to.deep.equal([ids['cy-lamp'], ids['bob-login'], ids['bob-refund'], ids['ada-parcel'], ids['ada-refund']]);
  });

  it('filters by status, priority, assignee, customer, words and opening time', async () => {
    expect(await search({ status: ['resolved', 'closed'] })).to.deep.equal([ids['bob-login'], ids['ada-refund']]);
    expect(await search({ priority: ['urgent', 'high'] })).to.deep.equal([ids['cy-lamp'], ids['ada-refund']]);
    expect(await search({ assignee: 'agent-1' })).to.deep.equal([ids['ada-refund']]);
    expect(await search({ assignee: 'none' })).to.have.length(4);
    expect(await search({ customer: 'webchat:bob' })).to.deep.equal([ids['bob-login'], ids['bob-refund']]);
    expect(await search({ q: 'refund' }), 'case-insensitive').to.deep.equal([ids['bob-refund'], ids['ada-refund']]);
    expect(await search({ q: 'lamp broken' }), 'every word').to.deep.equal([ids['ada-refund']]);
    expect(await search({ q: '100%' }), 'LIKE wildcards are literal').to.deep.equal([ids['bob-refund']]);
    expect(await search({ q: '1_0' })).to.deep.equal([]);
    expect(await search({ from: T0 + HOUR, to: T0 + 3 * HOUR })).to.deep.equal([ids['bob-refund'], ids['ada-parcel']]);
    expect(await search({ customer: 'webchat:ada', status: ['open'] })).to.deep.equal([ids['ada-parcel']]);
  });

  it('pages with an opaque cursor that stays stable when tickets change meanwhile, also across equal times', async () => {
    const first = await searchTickets(db, { limit: 2 });
    expect(first.tickets.map((t) => t.id)).to.deep.equal([ids['cy-lamp'], ids['bob-login']]);
    expect(first.next).to.be.a('string');
    await setTicketStatus(db, ids['cy-lamp'], 'resolved', { actor: 'bot', now: T0 + 7 * HOUR });
    const second = await searchTickets(db, { limit: 2, cursor: first.next! });
    expect(second.tickets.map((t) => t.id)).to.deep.equal([ids['bob-refund'], ids['ada-parcel']]);
    const third = await searchTickets(db, { limit: 2, cursor: second.next! });
    expect(third.tickets.map((t) => t.id)).to.deep.equal([ids['ada-refund']]);
    expect(third.next).to.equal(null);
  });

  it('refuses a cursor it did not make, naming the parameter', async () => {
    for (const cursor of ['nonsense', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1.5,2]').toString('base64url')]) {
      let error: unknown;
      await searchTickets(db, { limit: 2, cursor }).catch((e: unknown) => (error = e));
      expect((error as Error)?.message, cursor).to.match(/^cursor:/);
    }
  });
});
