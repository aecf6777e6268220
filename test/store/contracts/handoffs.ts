import { expect } from 'chai';
import { upsertAgent } from '../../../store/agents';
import { createHandoff, moveHandoff } from '../../../store/handoffs';
import type { Contract, KnexSubject } from './backends';

const T0 = 2_000_000;

export const handoffsContract: Contract<KnexSubject> = (make) => {
  /** A conversation with a ticket and `agents` known agents; `handoff()` requests one more handoff. */
  async function setUp(agents = 1) {
    const { repos, probe, db } = await make();
    const c = await probe.conversation();
    const { ticket } = await repos.tickets.open({
      ...c,
      channelId: 'webchat',
      priority: 'normal',
      intent: null,
      subject: 'Talk to a person',
      summary: 'asked for an agent',
      sourceKey: null,
      now: T0,
    });
    const agentIds = Array.from({ length: agents }, (_, i) => `agent-${i}`);
    for (const id of agentIds) await upsertAgent(db, { id, source: 'admin', now: T0 });
    const handoff = (now = T0) => createHandoff(db, { ticketId: ticket.id, conversationId: c.conversationId, now });
    return { handoffs: repos.handoffs, db, probe, conversationId: c.conversationId, customerId: c.customerId, agentIds, handoff };
  }

  it('of 10 concurrent claims exactly one wins, and the handoff is assigned to the winner', async () => {
    const { handoffs, conversationId, agentIds, handoff } = await setUp(10);
    const { id } = await handoff();
    const won = await Promise.all(agentIds.map((agentId) => handoffs.claim(id, agentId, T0 + 1)));
    expect(won.filter(Boolean)).to.have.length(1);
    const live = await handoffs.liveOf(conversationId);
    expect(live).to.include({ id, status: 'assigned', agent_id: agentIds[won.indexOf(true)], accepted_at: T0 + 1 });
  });

  it('a claim of an assigned or ended handoff fails; a timed-out one can still be claimed', async () => {
    const { handoffs, db, agentIds, handoff } = await setUp(2);
    const assigned = await handoff();
    expect(await handoffs.claim(assigned.id, agentIds[0], T0 + 1)).to.equal(true);
    expect(await handoffs.claim(assigned.id, agentIds[1], T0 + 2)).to.equal(false);
    const ended = await handoff();
    await moveHandoff(db, ended.id, ['waiting'], 'ended', T0 + 3);
    expect(await handoffs.claim(ended.id, agentIds[0], T0 + 4)).to.equal(false);
    const timedOut = await handoff();
    await moveHandoff(db, timedOut.id, ['waiting'], 'timed_out', T0 + 5);
    expect(await handoffs.claim(timedOut.id, agentIds[1], T0 + 6)).to.equal(true);
  });

  it('liveOf returns the waiting or assigned handoff, never an ended one', async () => {
    const { handoffs, db, conversationId, agentIds, handoff } = await setUp();
    expect(await handoffs.liveOf(conversationId)).to.equal(undefined);
    const first = await handoff();
    expect(await handoffs.liveOf(conversationId)).to.include({ id: first.id, status: 'waiting' });
    await handoffs.claim(first.id, agentIds[0], T0 + 1);
    expect(await handoffs.liveOf(conversationId)).to.include({ id: first.id, status: 'assigned' });
    await moveHandoff(db, first.id, ['assigned'], 'ended', T0 + 2);
    expect(await handoffs.liveOf(conversationId)).to.equal(undefined);
    const second = await handoff(T0 + 3);
    expect(await handoffs.liveOf(conversationId)).to.include({ id: second.id, status: 'waiting' });
  });

  it('liveOf also finds a live handoff made on an earlier conversation of the same chat', async () => {
    const { handoffs, db, probe, conversationId, customerId, handoff } = await setUp();
    const first = await handoff();
    const chat = await db('conversations').where({ id: conversationId }).first();
    await db('conversations')
      .where({ id: conversationId })
      .update({ ended_at: T0 + 1, end_reason: 'customer_left' });
    const later = await probe.conversation({ channelId: chat.channel_id, channelConversationId: chat.channel_conversation_id, customerId });
    const elsewhere = await probe.conversation({ channelId: chat.channel_id, customerId });
    expect(await handoffs.liveOf(later.conversationId), 'the same channel conversation').to.include({ id: first.id });
    expect(await handoffs.liveOf(elsewhere.conversationId), 'another chat of the customer').to.equal(undefined);
  });
};
