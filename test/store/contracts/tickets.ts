import { expect } from 'chai';
import { upsertAgent } from '../../../store/agents';
import { ConflictError, NotFoundError } from '../../../store/errors';
import type { NewTicket } from '../../../store/tickets';
import { rejectionOf, type Contract, type KnexSubject } from './backends';

const T0 = 6_000_000;

export const ticketsContract: Contract<KnexSubject> = (make) => {
  async function setUp() {
    const { repos, probe, db } = await make();
    const c = await probe.conversation();
    await upsertAgent(db, { id: 'agent-1', name: 'Sam', source: 'admin', now: T0 });
    const ticket = (over: Partial<NewTicket> = {}): NewTicket => ({
      ...c,
      channelId: 'webchat',
      priority: 'normal',
      intent: 'refund_status',
      subject: 'Refund',
      summary: 'wants a refund',
      sourceKey: 'webchat|conv|a1',
      now: T0,
      ...over,
    });
    return { tickets: repos.tickets, ticket };
  }

  it('opens a ticket once per source key: a repeat returns the first one', async () => {
    const { tickets, ticket } = await setUp();
    const first = await tickets.open(ticket());
    const again = await tickets.open(ticket({ subject: 'Other', now: T0 + 1 }));
    expect(first.created).to.equal(true);
    expect(again).to.deep.equal({ ticket: first.ticket, created: false });
    expect(first.ticket).to.include({ status: 'open', priority: 'normal', subject: 'Refund', opened_at: T0, assignee_id: null });
    expect(await tickets.get(first.ticket.id)).to.deep.equal(first.ticket);
    const events = await tickets.events(first.ticket.id);
    expect(events.map((e) => [e.type, e.actor, JSON.parse(e.data ?? 'null')])).to.deep.equal([
      ['opened', 'bot', { priority: 'normal', intent: 'refund_status' }],
    ]);
  });

  it('two concurrent opens with the same source key make one ticket', async () => {
    const { tickets, ticket } = await setUp();
    const opened = await Promise.all([tickets.open(ticket()), tickets.open(ticket({ now: T0 + 1 }))]);
    expect(opened.filter((o) => o.created)).to.have.length(1);
    expect(opened[0].ticket.id).to.equal(opened[1].ticket.id);
    expect(await tickets.listActive()).to.have.length(1);
    expect(await tickets.events(opened[0].ticket.id)).to.have.length(1);
  });

  it('opens a new ticket each time without a source key, and keeps subjects to 255 characters', async () => {
    const { tickets, ticket } = await setUp();
    const a = await tickets.open(ticket({ sourceKey: null, subject: 'x'.repeat(300) }));
    const b = await tickets.open(ticket({ sourceKey: null }));
    expect([a.created, b.created]).to.deep.equal([true, true]);
    expect(a.ticket.id).to.not.equal(b.ticket.id);
    expect(a.ticket.subject).to.have.length(255);
  });

  it('get of an unknown ticket is a NotFoundError', async () => {
    const { tickets } = await setUp();
    expect(await rejectionOf(tickets.get(999_999))).to.be.an.instanceOf(NotFoundError);
  });

  it('allowed transitions change the status and its times and record one event each', async () => {
    const { tickets, ticket } = await setUp();
    const { id } = (await tickets.open(ticket())).ticket;
    await tickets.transition(id, ['open'], 'assigned', { actor: 'agent-1', assigneeId: 'agent-1', event: 'assigned', now: T0 + 1 });
    expect(await tickets.get(id)).to.include({ status: 'assigned', assignee_id: 'agent-1', assigned_at: T0 + 1, updated_at: T0 + 1 });
    await tickets.transition(id, ['assigned'], 'resolved', {
      actor: 'agent-1',
      event: 'resolved',
      data: { note: 'refunded' },
      now: T0 + 2,
    });
    await tickets.transition(id, ['resolved'], 'closed', { actor: 'bot', event: 'closed', now: T0 + 3 });
    expect(await tickets.get(id)).to.include({ status: 'closed', resolved_at: T0 + 2, closed_at: T0 + 3 });
    await tickets.transition(id, ['resolved', 'closed'], 'open', { actor: 'admin', event: 'reopened', now: T0 + 4 });
    expect(await tickets.get(id)).to.include({ status: 'open', assignee_id: null, resolved_at: null, closed_at: null });
    const events = await tickets.events(id);
    expect(events.map((e) => [e.type, e.actor, e.created_at, JSON.parse(e.data ?? 'null')])).to.deep.equal([
      ['opened', 'bot', T0, { priority: 'normal', intent: 'refund_status' }],
      ['assigned', 'agent-1', T0 + 1, { from: 'open', to: 'assigned' }],
      ['resolved', 'agent-1', T0 + 2, { note: 'refunded' }],
      ['closed', 'bot', T0 + 3, { from: 'resolved', to: 'closed' }],
      ['reopened', 'admin', T0 + 4, { from: 'closed', to: 'open' }],
    ]);
  });

  it('setStatus follows the lifecycle table, names the event after the move and refuses what it forbids', async () => {
    const { tickets, ticket } = await setUp();
    const { id } = (await tickets.open(ticket())).ticket;
    expect(await tickets.setStatus(id, 'assigned', { actor: 'agent-1', assigneeId: 'agent-1', now: T0 + 1 })).to.equal('open');
    expect(await tickets.setStatus(id, 'waiting', { actor: 'agent-1', now: T0 + 2 })).to.equal('assigned');
    expect(await tickets.get(id)).to.include({ status: 'waiting', assignee_id: 'agent-1' });
    await tickets.setStatus(id, 'resolved', { actor: 'agent-1', now: T0 + 3 });
    expect(
      await rejectionOf(tickets.setStatus(id, 'waiting', { actor: 'agent-1', now: T0 + 4 })),
      'resolved → waiting',
    ).to.be.an.instanceOf(ConflictError);
    await tickets.setStatus(id, 'closed', { actor: 'bot', now: T0 + 5 });
    expect(
      await rejectionOf(tickets.setStatus(id, 'resolved', { actor: 'agent-1', now: T0 + 6 })),
      'closed → resolved',
    ).to.be.an.instanceOf(ConflictError);
    await tickets.setStatus(id, 'open', { actor: 'admin', now: T0 + 7 });
    await tickets.setStatus(id, 'assigned', { actor: 'agent-1', assigneeId: 'agent-1', now: T0 + 8 });
    await tickets.setStatus(id, 'open', { actor: 'agent-1', now: T0 + 9 });
    expect((await tickets.events(id)).map((e) => e.type)).to.deep.equal([
      'opened',
      'assigned',
      'waiting',
      'resolved',
      'closed',
      'reopened',
      'assigned',
      'released',
    ]);
  });

  it('latestOf and resolvedBefore find the tickets a customer message reopens and autoclose closes', async () => {
    const { tickets, ticket } = await setUp();
    const older = (await tickets.open(ticket({ sourceKey: 'k1' }))).ticket.id;
    const newer = (await tickets.open(ticket({ sourceKey: 'k2' }))).ticket.id;
    const customerId = ticket().customerId;
    expect(await tickets.latestOf(customerId, ['resolved'])).to.equal(undefined);
    await tickets.setStatus(older, 'resolved', { actor: 'agent-1', now: T0 + 10 });
    await tickets.setStatus(newer, 'resolved', { actor: 'agent-1', now: T0 + 20 });
    expect((await tickets.latestOf(customerId, ['resolved']))?.id).to.equal(newer);
    expect(await tickets.latestOf('webchat:someone-else', ['resolved'])).to.equal(undefined);
    expect(await tickets.resolvedBefore(T0 + 10)).to.deep.equal([]);
    expect(await tickets.resolvedBefore(T0 + 21)).to.deep.equal([older, newer]);
    await tickets.setStatus(older, 'closed', { actor: 'bot', now: T0 + 30 });
    expect(await tickets.resolvedBefore(T0 + 21), 'closed ones are done').to.deep.equal([newer]);
  });

  it('a disallowed transition is a ConflictError and changes nothing', async () => {
    const { tickets, ticket } = await setUp();
    const opened = (await tickets.open(ticket())).ticket;
    const error = await rejectionOf(
      tickets.transition(opened.id, ['assigned'], 'resolved', { actor: 'agent-1', event: 'resolved', now: T0 + 1 }),
    );
    expect(error).to.be.an.instanceOf(ConflictError);
    expect(await tickets.get(opened.id)).to.deep.equal(opened);
    expect((await tickets.events(opened.id)).map((e) => e.type)).to.deep.equal(['opened']);
  });

  it('a transition of an unknown ticket is a NotFoundError', async () => {
    const { tickets } = await setUp();
    expect(
      await rejectionOf(tickets.transition(999_999, ['open'], 'closed', { actor: 'bot', event: 'closed', now: T0 })),
    ).to.be.an.instanceOf(NotFoundError);
  });

  it('of concurrent transitions from the same status exactly one succeeds, the others are ConflictErrors', async () => {
    const { tickets, ticket } = await setUp();
    const { id } = (await tickets.open(ticket())).ticket;
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, n) =>
        tickets.transition(id, ['open'], 'resolved', { actor: `agent-${n}`, event: 'resolved', now: T0 + n }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
    for (const r of results.filter((r) => r.status === 'rejected')) expect(r.reason).to.be.an.instanceOf(ConflictError);
    expect((await tickets.events(id)).map((e) => e.type)).to.deep.equal(['opened', 'resolved']);
  });

  it('addEvent appends to the event log in order', async () => {
    const { tickets, ticket } = await setUp();
    const { id } = (await tickets.open(ticket())).ticket;
    await tickets.addEvent(id, 'note', 'agent-1', { text: 'called the courier' }, T0 + 1);
    await tickets.addEvent(id, 'priority', null, undefined, T0 + 1);
    const events = await tickets.events(id);
    expect(events.map((e) => [e.ticket_id, e.type, e.actor, JSON.parse(e.data ?? 'undefined')])).to.deep.equal([
      [id, 'opened', 'bot', { priority: 'normal', intent: 'refund_status' }],
      [id, 'note', 'agent-1', { text: 'called the courier' }],
      [id, 'priority', null, null],
    ]);
  });

  it('markFirstAgentReply keeps the first reply time', async () => {
    const { tickets, ticket } = await setUp();
    const { id } = (await tickets.open(ticket())).ticket;
    await tickets.markFirstAgentReply(id, T0 + 10);
    await tickets.markFirstAgentReply(id, T0 + 20);
    expect((await tickets.get(id)).first_agent_reply_at).to.equal(T0 + 10);
  });

  it('listActive lists open and assigned tickets, most urgent and oldest first', async () => {
    const { tickets, ticket } = await setUp();
    const open = async (priority: NewTicket['priority'], now: number) =>
      (await tickets.open(ticket({ sourceKey: null, priority, now }))).ticket.id;
    const normalOld = await open('normal', T0);
    const urgent = await open('urgent', T0 + 2);
    const normalNew = await open('normal', T0 + 3);
    const low = await open('low', T0 + 1);
    const resolved = await open('urgent', T0);
    await tickets.transition(resolved, ['open'], 'resolved', { actor: 'bot', event: 'resolved', now: T0 + 4 });
    await tickets.transition(normalNew, ['open'], 'assigned', { actor: 'agent-1', assigneeId: 'agent-1', event: 'assigned', now: T0 + 4 });
    expect((await tickets.listActive()).map((t) => t.id)).to.deep.equal([urgent, normalOld, normalNew, low]);
    expect((await tickets.listActive(2)).map((t) => t.id)).to.deep.equal([urgent, normalOld]);
  });
};
