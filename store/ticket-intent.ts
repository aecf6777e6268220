import type { Knex } from 'knex';
import { flagForReview } from './nlu-review';
import { addTicketEvent, getTicket, type DbTicketRow } from './tickets';

/**
 * An agent's (or admin's) correction of a ticket's intent: the ticket takes the new intent, an
 * `intent_corrected` event records who changed it from what, and the customer message the bot
 * classified for it (the conversation's last classified customer message before the ticket
 * opened) goes to the NLU review queue labelled with the correction. NotFoundError for an
 * unknown ticket; setting the same intent again changes nothing.
 */
export async function correctTicketIntent(db: Knex, ticketId: number, intent: string, actor: string, now: number): Promise<DbTicketRow> {
  return db.transaction(async (tx) => {
    const ticket = await getTicket(tx, ticketId);
    if (ticket.intent === intent) return ticket;
    await tx('tickets').where({ id: ticketId }).update({ intent, updated_at: now });
    await addTicketEvent(tx, ticketId, 'intent_corrected', actor, { from: ticket.intent, to: intent }, now);
    const classified = await tx('messages')
      .where({ conversation_id: ticket.conversation_id, role: 'customer' })
      .whereNotNull('intent')
      .where('created_at', '<=', Number(ticket.opened_at))
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first('id');
    if (classified) {
      const signal = { messageId: Number(classified.id), conversationId: ticket.conversation_id, reason: 'agent_corrected' as const };
      await tx('nlu_review').where({ message_id: signal.messageId, reason: signal.reason }).delete();
      await flagForReview(tx, { ...signal, label: intent, now });
    }
    return { ...ticket, intent, updated_at: now };
  });
}
