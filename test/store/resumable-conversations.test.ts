import { expect } from 'chai';
import { currentConversation, endIdleConversations } from '../../store/conversations';
import { upsertCustomer } from '../../store/customers';
import type { Knex } from '../../store/db';
import { createDlConversation, findResumableDlConversation } from '../../store/directline';
import { storeOutgoing } from '../../store/messages';
import { customerTicketStatus } from '../../store/ticket-status';
import { openTicket, setTicketStatus, type TicketStatus } from '../../store/tickets';
import { describeEachEngine, useMigratedDatabase } from '../helpers/databases';

const IDLE_MS = 30 * 60_000;
const HOUR_MS = 60 * 60_000;
const T0 = 1_800_000_000_000;

describeEachEngine('returning customers (store)', (engine) => {
  let db: Knex;
  useMigratedDatabase(engine, (opened) => {
    db = opened;
  });
  let n = 0;

  /** A widget user's Direct Line conversation with its customer conversation, last active at `at`. */
  async function widgetConversation(userId: string, at: number) {
    const dlId = `dl-conv-${++n}`;
    await createDlConversation(db, { id: dlId, userId, now: at });
    const customerId = await upsertCustomer(db, { channelId: 'directline', channelUserId: userId }, at);
    const row = await currentConversation(db, {
      channelId: 'directline',
      channelConversationId: dlId,
      customerId,
      now: at,
      idleMs: IDLE_MS,
    });
    return { dlId, customerId, conversationId: row.id };
  }

  async function ticketOn(c: { conversationId: string; customerId: string }, at: number, status: TicketStatus = 'open') {
    const { ticket } = await openTicket(db, {
      conversationId: c.conversationId,
      customerId: c.customerId,
      channelId: 'directline',
      priority: 'normal',
      intent: null,
      subject: 'The blanket I ordered is the wrong colour',
      summary: '',
      sourceKey: `source-${++n}`,
      now: at,
    });
    if (status !== 'open') await setTicketStatus(db, ticket.id, status, { actor: 'test', now: at, event: status });
    return ticket.id;
  }

  const resumable = (userId: string, now: number) =>
    findResumableDlConversation(db, { userId, channelId: 'directline', now, idleMs: IDLE_MS });

  describe('findResumableDlConversation', () => {
    it('finds the latest conversation still active within the idle time', async () => {
      const older = await widgetConversation('dl_user_active1', T0);
      const latest = await widgetConversation('dl_user_active1', T0 + 60_000);
      expect(await resumable('dl_user_active1', T0 + 5 * 60_000)).to.equal(latest.dlId);
      expect(older.dlId).to.not.equal(latest.dlId);
    });

    it('finds none once the conversation went idle, also before the sweep ended it', async () => {
      await widgetConversation('dl_user_idle001', T0);
      expect(await resumable('dl_user_idle001', T0 + IDLE_MS + 1)).to.equal(undefined);
    });

    it('finds an idle conversation that has an unresolved ticket, but not one whose ticket is resolved', async () => {
      const waiting = await widgetConversation('dl_user_ticket1', T0);
      await ticketOn(waiting, T0, 'waiting');
      await endIdleConversations(db, T0 + 3 * HOUR_MS, IDLE_MS);
      expect(await resumable('dl_user_ticket1', T0 + 3 * HOUR_MS)).to.equal(waiting.dlId);
      const solved = await widgetConversation('dl_user_ticket2', T0);
      await ticketOn(solved, T0, 'resolved');
      expect(await resumable('dl_user_ticket2', T0 + 3 * HOUR_MS)).to.equal(undefined);
    });

    it("never finds another user's conversation", async () => {
      await widgetConversation('dl_user_owner01', T0);
      expect(await resumable('dl_user_other01', T0 + 60_000)).to.equal(undefined);
    });
  });

  describe('currentConversation after a long absence', () => {
    const lookup = (c: { dlId: string; customerId: string }, now: number) =>
      currentConversation(db, { channelId: 'directline', channelConversationId: c.dlId, customerId: c.customerId, now, idleMs: IDLE_MS });

    it('resumes the conversation of an unresolved ticket that the idle sweep ended', async () => {
      const c = await widgetConversation('dl_user_resume1', T0);
      await ticketOn(c, T0);
      await endIdleConversations(db, T0 + 2 * HOUR_MS, IDLE_MS);
      const resumed = await lookup(c, T0 + 2 * HOUR_MS);
      expect(resumed.id).to.equal(c.conversationId);
      const row = await db('conversations').where({ id: c.conversationId }).first();
      expect({ ended: row.ended_at, reason: row.end_reason, last: Number(row.last_activity_at) }).to.deep.equal({
        ended: null,
        reason: null,
        last: T0 + 2 * HOUR_MS,
      });
    });

    it('starts a new conversation when the idle one has no unresolved ticket', async () => {
      const c = await widgetConversation('dl_user_resume2', T0);
      await ticketOn(c, T0, 'resolved');
      const next = await lookup(c, T0 + 2 * HOUR_MS);
      expect(next.id).to.not.equal(c.conversationId);
      expect((await db('conversations').where({ id: c.conversationId }).first()).end_reason).to.equal('idle');
    });

    it('does not resume a conversation that ended for another reason than idleness', async () => {
      const c = await widgetConversation('dl_user_resume3', T0);
      await ticketOn(c, T0);
      await db('conversations')
        .where({ id: c.conversationId })
        .update({ ended_at: T0 + 1, end_reason: 'erased' });
      expect((await lookup(c, T0 + 2 * HOUR_MS)).id).to.not.equal(c.conversationId);
    });
  });

  describe('customerTicketStatus', () => {
    it("gives the customer's unresolved ticket before a later resolved one, with the agent's latest reply", async () => {
      const c = await widgetConversation('dl_user_status1', T0);
      const unresolved = await ticketOn(c, T0, 'assigned');
      await storeOutgoing(db, {
        conversationId: c.conversationId,
        channelId: 'directline',
        role: 'agent',
        kind: 'text',
        text: 'First look done.',
        activityId: null,
        now: T0 + 1_000,
      });
      await storeOutgoing(db, {
        conversationId: c.conversationId,
        channelId: 'directline',
        role: 'agent',
        kind: 'text',
        text: 'A replacement is on its way.',
        activityId: null,
        now: T0 + 2_000,
      });
      await storeOutgoing(db, {
        conversationId: c.conversationId,
        channelId: 'directline',
        role: 'bot',
        kind: 'text',
        text: 'Anything else?',
        activityId: null,
        now: T0 + 3_000,
      });
      await ticketOn(c, T0 + 10_000, 'resolved');
      expect(await customerTicketStatus(db, c.customerId)).to.deep.equal({
        ticketId: unresolved,
        status: 'assigned',
        subject: 'The blanket I ordered is the wrong colour',
        openedAt: T0,
        lastAgentReply: { text: 'A replacement is on its way.', at: T0 + 2_000 },
      });
    });

    it('gives no reply when no agent wrote, and nothing for a customer without tickets', async () => {
      const c = await widgetConversation('dl_user_status2', T0);
      await ticketOn(c, T0);
      expect((await customerTicketStatus(db, c.customerId))?.lastAgentReply).to.equal(null);
      const none = await widgetConversation('dl_user_status3', T0);
      expect(await customerTicketStatus(db, none.customerId)).to.equal(undefined);
    });
  });
});
