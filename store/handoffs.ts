import type { Knex } from 'knex';
import { groupCommitOf } from './group-commit';
import { placeholders } from './sqlite-statements';

/** waiting (queued) → assigned (an agent accepted) → ended; or timed_out / abandoned. */
export type HandoffStatus = 'waiting' | 'assigned' | 'ended' | 'timed_out' | 'abandoned';

export interface DbHandoffRow {
  id: number;
  ticket_id: number;
  conversation_id: string;
  status: HandoffStatus;
  requested_at: number;
  accepted_at: number | null;
  agent_id: string | null;
  first_agent_reply_at: number | null;
  ended_at: number | null;
  outcome: string | null;
  card_activity_id: string | null;
  agent_conversation_id: string | null;
  /** True for a request made while the team was away (`BUSINESS_HOURS`). */
  out_of_hours: boolean | number;
}

/** Statuses in which the customer is still connected to the handoff. */
export const LIVE_HANDOFF: HandoffStatus[] = ['waiting', 'assigned'];

/**
 * Creates a handoff for a ticket: waiting for an agent, or, out of hours, `timed_out` at once
 * (nobody is queued; an agent accepts it when the team is back).
 */
export async function createHandoff(
  db: Knex,
  h: { ticketId: number; conversationId: string; now: number; outOfHours?: boolean },
): Promise<DbHandoffRow> {
  const status: HandoffStatus = h.outOfHours ? 'timed_out' : 'waiting';
  const [row] = await db('handoffs')
    .insert({
      ticket_id: h.ticketId,
      conversation_id: h.conversationId,
      status,
      requested_at: h.now,
      out_of_hours: h.outOfHours ?? false,
      outcome: h.outOfHours ? 'out_of_hours' : null,
    })
    .returning('*');
  return row as DbHandoffRow;
}

/**
 * The live (waiting or assigned) handoff of a conversation, if any: also one made on an earlier
 * conversation of the same channel conversation (an agent who accepts a reopened or abandoned
 * ticket joins the customer's chat after that conversation ended).
 */
export async function liveHandoffOf(db: Knex, conversationId: string): Promise<DbHandoffRow | undefined> {
  // Every customer turn asks: on SQLite a prepared statement in the turns' group commit.
  const batched = groupCommitOf(db);
  if (batched) return batched.run((s) => s.get<DbHandoffRow>(LIVE_HANDOFF_OF, [conversationId, ...LIVE_HANDOFF]));
  const sameChat = db('conversations as c')
    .join('conversations as here', (j) =>
      j.on('c.channel_id', 'here.channel_id').andOn('c.channel_conversation_id', 'here.channel_conversation_id'),
    )
    .where('here.id', conversationId)
    .select('c.id');
  return db<DbHandoffRow>('handoffs').whereIn('conversation_id', sameChat).whereIn('status', LIVE_HANDOFF).orderBy('id', 'desc').first();
}

/** {@link liveHandoffOf} on SQLite: the query knex builds there, prepared once. */
const LIVE_HANDOFF_OF = `select * from handoffs where conversation_id in (select c.id from conversations as c
  inner join conversations as here on c.channel_id = here.channel_id and c.channel_conversation_id = here.channel_conversation_id
  where here.id = ?) and status in (${placeholders(LIVE_HANDOFF.length)}) order by id desc limit 1`;

/** Handoff statuses an agent can still accept (a timed-out customer is still waiting, told the ticket stays open). */
export const CLAIMABLE_HANDOFF: HandoffStatus[] = ['waiting', 'timed_out'];

/** The latest handoff of a ticket. */
export async function handoffOfTicket(db: Knex, ticketId: number): Promise<DbHandoffRow | undefined> {
  return db<DbHandoffRow>('handoffs').where({ ticket_id: ticketId }).orderBy('id', 'desc').first();
}

/** The handoff whose agent thread is this conversation id. */
export async function handoffByAgentConversation(db: Knex, agentConversationId: string): Promise<DbHandoffRow | undefined> {
  return db<DbHandoffRow>('handoffs').where({ agent_conversation_id: agentConversationId }).orderBy('id', 'desc').first();
}

/** Records where the ticket card was posted in the agents' channel. */
export async function setHandoffCard(db: Knex, id: number, cardActivityId: string, agentConversationId: string): Promise<void> {
  await db('handoffs').where({ id }).update({ card_activity_id: cardActivityId, agent_conversation_id: agentConversationId });
}

/**
 * Assigns the handoff to an agent only if nobody has yet: one conditional UPDATE, so of many
 * simultaneous accepts on any number of instances exactly one returns true.
 */
export async function claimHandoff(db: Knex, id: number, agentId: string, now: number): Promise<boolean> {
  const updated = await db('handoffs')
    .where({ id })
    .whereIn('status', CLAIMABLE_HANDOFF)
    .update({ status: 'assigned', agent_id: agentId, accepted_at: now });
  return updated === 1;
}

/** Hands an assigned handoff to another agent; returns whether it was still assigned. */
export async function reassignHandoff(db: Knex, id: number, agentId: string): Promise<boolean> {
  return (await db('handoffs').where({ id, status: 'assigned' }).update({ agent_id: agentId })) === 1;
}

/** Moves a handoff from one of `from` to `to`; returns whether it changed. */
export async function moveHandoff(
  db: Knex,
  id: number,
  from: HandoffStatus[],
  to: HandoffStatus,
  now: number,
  outcome?: string,
): Promise<boolean> {
  const fields: Record<string, unknown> = { status: to };
  if (to === 'ended' || to === 'abandoned') Object.assign(fields, { ended_at: now, outcome: outcome ?? to });
  if (to === 'timed_out') fields.outcome = 'timeout';
  if (to === 'waiting') Object.assign(fields, { agent_id: null, accepted_at: null });
  return (await db('handoffs').where({ id }).whereIn('status', from).update(fields)) === 1;
}

/** Records the agent's first message to the customer. */
export async function markHandoffFirstReply(db: Knex, id: number, now: number): Promise<void> {
  await db('handoffs').where({ id }).whereNull('first_agent_reply_at').update({ first_agent_reply_at: now });
}

/** Position of a waiting handoff in the queue (1 = next). */
export async function queuePosition(db: Knex, handoff: DbHandoffRow): Promise<number> {
  const [{ n }] = await db('handoffs').where({ status: 'waiting' }).where('requested_at', '<=', handoff.requested_at).count({ n: '*' });
  return Math.max(1, Number(n));
}
