import type { Knex } from 'knex';
import type { DbMessageRow } from './tables';
import { UNRESOLVED_TICKET, type DbTicketRow, type TicketStatus } from './tickets';

/** What a customer asking "did anyone answer my ticket?" is told about. */
export interface CustomerTicketStatus {
  ticketId: number;
  status: TicketStatus;
  subject: string;
  openedAt: number;
  /** The latest message an agent sent in the ticket's conversation, when there is one. */
  lastAgentReply: { text: string; at: number } | null;
}

/**
 * The customer's most recent ticket (an unresolved one before any resolved or closed one) and
 * the agent's latest reply on it; undefined when the customer has no ticket.
 */
export async function customerTicketStatus(db: Knex, customerId: string): Promise<CustomerTicketStatus | undefined> {
  const ticket = await db<DbTicketRow>('tickets')
    .where({ customer_id: customerId })
    .orderByRaw(`case when status in (${UNRESOLVED_TICKET.map(() => '?').join(', ')}) then 0 else 1 end`, [...UNRESOLVED_TICKET])
    .orderBy('opened_at', 'desc')
    .orderBy('id', 'desc')
    .first('id', 'status', 'subject', 'opened_at', 'conversation_id');
  if (!ticket) return undefined;
  const reply = await db<DbMessageRow>('messages')
    .where({ conversation_id: ticket.conversation_id, role: 'agent' })
    .whereNotNull('text')
    .where('created_at', '>=', ticket.opened_at)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .first('text', 'created_at');
  return {
    ticketId: ticket.id,
    status: ticket.status,
    subject: ticket.subject,
    openedAt: Number(ticket.opened_at),
    lastAgentReply: reply?.text ? { text: reply.text, at: Number(reply.created_at) } : null,
  };
}
