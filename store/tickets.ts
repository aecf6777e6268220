import type { Knex } from 'knex';
import { ConflictError, NotFoundError } from './errors';
import { groupCommitOf } from './group-commit';
import { placeholders } from './sqlite-statements';
import { canTransition, statusesLeadingTo, transitionEvent } from './ticket-transitions';

/** Ticket lifecycle (see store/ticket-transitions.ts): open → assigned → waiting → resolved → closed; reopened goes back to open. */
export type TicketStatus = 'open' | 'assigned' | 'waiting' | 'resolved' | 'closed';
/** Statuses in which a ticket still waits on our team or the customer: its conversation resumes. */
export const UNRESOLVED_TICKET: readonly TicketStatus[] = ['open', 'assigned', 'waiting'];
/** Ticket priority, highest last. */
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';

export interface DbTicketRow {
  id: number;
  conversation_id: string;
  customer_id: string;
  channel_id: string;
  status: TicketStatus;
  priority: TicketPriority;
  intent: string | null;
  subject: string;
  summary: string | null;
  assignee_id: string | null;
  source_key: string | null;
  /** The order the ticket is about (canonical format), when the customer named one. */
  order_number: string | null;
  opened_at: number;
  assigned_at: number | null;
  first_agent_reply_at: number | null;
  resolved_at: number | null;
  closed_at: number | null;
  updated_at: number;
}

/** A row of `ticket_events` (`data` is JSON). */
export interface DbTicketEventRow {
  id: number;
  ticket_id: number;
  type: string;
  actor: string | null;
  data: string | null;
  created_at: number;
}

/** Input of {@link openTicket}. */
export interface NewTicket {
  conversationId: string;
  customerId: string;
  channelId: string;
  priority: TicketPriority;
  intent: string | null;
  subject: string;
  summary: string;
  /** Idempotency key (the triggering activity): a redelivery returns the same ticket. */
  sourceKey: string | null;
  /** The order the customer named in the conversation (canonical format). */
  orderNumber?: string | null;
  now: number;
}

/** Opens a ticket (once per source key, also when opened concurrently) and records the `opened` event. */
export async function openTicket(db: Knex, t: NewTicket): Promise<{ ticket: DbTicketRow; created: boolean }> {
  return db.transaction(async (tx) => {
    if (t.sourceKey) {
      const existing = await tx<DbTicketRow>('tickets').where({ source_key: t.sourceKey }).first();
      if (existing) return { ticket: existing, created: false };
    }
    const [row] = await tx('tickets')
      .insert({
        conversation_id: t.conversationId,
        customer_id: t.customerId,
        channel_id: t.channelId,
        status: 'open',
        priority: t.priority,
        intent: t.intent,
        subject: t.subject.slice(0, 255),
        summary: t.summary,
        source_key: t.sourceKey,
        order_number: t.orderNumber ?? null,
        opened_at: t.now,
        updated_at: t.now,
      })
      // A concurrent open of the same source key may commit between the read above and this
      // insert (PostgreSQL runs both transactions at once): it then wins, and this returns it.
      .onConflict('source_key')
      .ignore()
      .returning('*');
    if (!row) {
      const winner = await tx<DbTicketRow>('tickets').where({ source_key: t.sourceKey }).first();
      if (!winner) throw new Error(`ticket ${t.sourceKey} vanished after a conflicting insert`);
      return { ticket: winner, created: false };
    }
    await addTicketEvent(tx, row.id, 'opened', 'bot', { priority: t.priority, intent: t.intent }, t.now);
    return { ticket: row as DbTicketRow, created: true };
  });
}

/** Appends to a ticket's event log. */
export async function addTicketEvent(
  db: Knex,
  ticketId: number,
  type: string,
  actor: string | null,
  data: unknown,
  now: number,
): Promise<void> {
  await db('ticket_events').insert({ ticket_id: ticketId, type, actor, data: JSON.stringify(data ?? null), created_at: now });
}

/** A ticket by id, or NotFoundError. */
export async function getTicket(db: Knex, id: number): Promise<DbTicketRow> {
  const row = await db<DbTicketRow>('tickets').where({ id }).first();
  if (!row) throw new NotFoundError(`Ticket ${id} not found`);
  return row;
}

/** A status change of {@link transitionTicket}: who made it, when, and the event it records. */
export interface TicketChange {
  actor: string;
  now: number;
  /** The agent a ticket moved to `assigned` goes to (omitted: it keeps its agent). */
  assigneeId?: string | null;
  /** The event type recorded (default: {@link transitionEvent}, e.g. `assigned`, `reopened`). */
  event?: string;
  /** The event's data; `{ from, to }` when omitted. */
  data?: unknown;
}

/**
 * Moves a ticket to `to` only if it is currently in one of `from` and the lifecycle table
 * (store/ticket-transitions.ts) allows the move: a conditional update, so concurrent changes on
 * any instance cannot both succeed. Throws ConflictError otherwise, NotFoundError for no ticket.
 * Returns the status the ticket moved from.
 */
export async function transitionTicket(
  db: Knex,
  id: number,
  from: TicketStatus[],
  to: TicketStatus,
  change: TicketChange,
): Promise<TicketStatus> {
  return db.transaction(async (tx) => {
    const current = await tx<DbTicketRow>('tickets').where({ id }).first('status');
    if (!current) throw new NotFoundError(`Ticket ${id} not found`);
    const was = current.status;
    // Handing an assigned ticket to another agent keeps the status: a reassignment, not a move.
    const reassignment = was === 'assigned' && to === 'assigned' && change.assigneeId !== undefined;
    if (!from.includes(was) || !(canTransition(was, to) || reassignment)) {
      throw new ConflictError(`Ticket ${id} is ${was}: it cannot become ${to}`);
    }
    const fields: Record<string, unknown> = { status: to, updated_at: change.now };
    // Back from waiting on the customer, a ticket keeps its agent and the time they took it.
    if (to === 'assigned' && change.assigneeId !== undefined)
      Object.assign(fields, { assignee_id: change.assigneeId, assigned_at: change.now });
    if (to === 'open') Object.assign(fields, { assignee_id: null, resolved_at: null, closed_at: null });
    if (to === 'resolved') fields.resolved_at = change.now;
    if (to === 'closed') fields.closed_at = change.now;
    // Conditional on the status just read: of concurrent changes exactly one updates the row.
    const updated = await tx('tickets').where({ id, status: was }).update(fields);
    if (updated === 0) throw new ConflictError(`Ticket ${id} changed meanwhile: it is no longer ${was}`);
    await addTicketEvent(tx, id, change.event ?? transitionEvent(was, to), change.actor, change.data ?? { from: was, to }, change.now);
    return was;
  });
}

/** Moves a ticket to `to` from whatever status the lifecycle table allows it from (see {@link transitionTicket}). */
export async function setTicketStatus(db: Knex, id: number, to: TicketStatus, change: TicketChange): Promise<TicketStatus> {
  return transitionTicket(db, id, statusesLeadingTo(to), to, change);
}

/** Ids of the tickets resolved before `cutoff` and still resolved (the autoclose candidates), oldest first. */
export async function resolvedTicketsBefore(db: Knex, cutoff: number, limit = 500): Promise<number[]> {
  const rows = await db<DbTicketRow>('tickets')
    .where({ status: 'resolved' })
    .where('resolved_at', '<', cutoff)
    .orderBy('resolved_at')
    .limit(limit)
    .select('id');
  return rows.map((r) => r.id);
}

/** The customer's most recent ticket in one of `statuses`, if any. */
export async function latestTicketOf(db: Knex, customerId: string, statuses: TicketStatus[]): Promise<DbTicketRow | undefined> {
  // Every customer turn asks (a reply reopens a resolved ticket): on SQLite a prepared statement in the turns' group commit.
  const batched = groupCommitOf(db);
  if (batched) {
    const sql = `select * from tickets where customer_id = ? and status in (${placeholders(statuses.length)}) order by id desc limit 1`;
    return batched.run((s) => s.get<DbTicketRow>(sql, [customerId, ...statuses]));
  }
  return db<DbTicketRow>('tickets').where({ customer_id: customerId }).whereIn('status', statuses).orderBy('id', 'desc').first();
}

/** Records the first agent reply of a ticket (for the first-response metric); later calls change nothing. */
export async function markFirstAgentReply(db: Knex, id: number, now: number): Promise<void> {
  await db('tickets').where({ id }).whereNull('first_agent_reply_at').update({ first_agent_reply_at: now });
}

/** Open and assigned tickets, most urgent and oldest first. */
export async function listActiveTickets(db: Knex, limit = 100): Promise<DbTicketRow[]> {
  return db<DbTicketRow>('tickets')
    .whereIn('status', ['open', 'assigned'])
    .orderByRaw(`case priority when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end`)
    .orderBy('opened_at')
    .limit(limit);
}

/** The events of a ticket in order. */
export async function listTicketEvents(db: Knex, ticketId: number): Promise<DbTicketEventRow[]> {
  return db('ticket_events').where({ ticket_id: ticketId }).orderBy('id');
}
