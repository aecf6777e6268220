import type { Knex } from 'knex';
import { DAY_MS } from '../common/time';
import { NotFoundError } from './errors';
import type { EndReason } from './conversations';
import type { DbHandoffRow } from './handoffs';
import type { DbConversationRow, DbCustomerRow, DbMessageRow } from './tables';
import type { DbTicketEventRow, DbTicketRow } from './tickets';

/** What {@link exportCustomer} returns: every row held about one customer (references parsed). */
export type CustomerExport = {
  customer: DbCustomerRow;
  conversations: DbConversationRow[];
  messages: DbMessageRow[];
  tickets: DbTicketRow[];
  ticketEvents: DbTicketEventRow[];
  handoffs: DbHandoffRow[];
  feedback: Array<Record<string, unknown>>;
  kbFeedback: Array<Record<string, unknown>>;
  conversationReferences: Array<Record<string, unknown> & { reference: unknown }>;
};

/** Everything held about one customer, for a data-access request. */
export async function exportCustomer(db: Knex, customerId: string): Promise<CustomerExport> {
  const customer = await db('customers').where({ id: customerId }).first();
  if (!customer) throw new NotFoundError(`Customer ${customerId} not found`);
  const conversations = await db('conversations').where({ customer_id: customerId }).orderBy('started_at');
  const conversationIds = conversations.map((c) => c.id);
  const tickets = await db('tickets').where({ customer_id: customerId }).orderBy('id');
  return {
    customer,
    conversations,
    messages: await db('messages').whereIn('conversation_id', conversationIds).orderBy('id'),
    tickets,
    ticketEvents: await db('ticket_events')
      .whereIn(
        'ticket_id',
        tickets.map((t) => t.id),
      )
      .orderBy('id'),
    handoffs: await db('handoffs').whereIn('conversation_id', conversationIds).orderBy('id'),
    feedback: await db('feedback').where({ customer_id: customerId }).orderBy('id'),
    kbFeedback: await db('kb_feedback').whereIn('conversation_id', conversationIds).orderBy('id'),
    conversationReferences: (await db('conversation_references').where({ customer_id: customerId })).map((r) => ({
      ...r,
      reference: JSON.parse(r.reference),
    })),
  };
}

/** What {@link eraseCustomer} removed. */
export interface ErasureReport {
  messages: number;
  /** Survey answers whose comment was removed (their ratings stay for CSAT). */
  feedback: number;
  stateKeys: number;
  references: number;
  ticketsAnonymised: number;
}

/**
 * Erases a customer's personal data: messages, KB votes, dialog state and conversation
 * references are deleted; tickets and conversations stay (anonymised) and survey answers stay
 * without their comment, so the metrics (CSAT included) keep their counts and times. Open conversations end (reason `erased`): their state is gone, so
 * a later message starts a new conversation, which stores the customer and reference afresh.
 */
export async function eraseCustomer(db: Knex, customerId: string, now: number): Promise<ErasureReport> {
  return db.transaction(async (tx) => {
    const customer = await tx('customers').where({ id: customerId }).first();
    if (!customer) throw new NotFoundError(`Customer ${customerId} not found`);
    const conversations = await tx('conversations')
      .where({ customer_id: customerId })
      .select('id', 'channel_id', 'channel_conversation_id');
    const ids = conversations.map((c) => c.id);
    // botbuilder keys conversation state as `<channel>/conversations/<id>/<namespace>`.
    const statePrefixes = [...new Set(conversations.map((c) => `${c.channel_id}/conversations/${c.channel_conversation_id}/`))];
    const report: ErasureReport = {
      messages: await tx('messages').whereIn('conversation_id', ids).delete(),
      feedback: await tx('feedback').where({ customer_id: customerId }).whereNotNull('comment').update({ comment: null }),
      stateKeys: await deleteStateWithPrefixes(tx, statePrefixes),
      references: await tx('conversation_references').where({ customer_id: customerId }).delete(),
      ticketsAnonymised: await tx('tickets').where({ customer_id: customerId }).update({ subject: '[erased]', summary: null }),
    };
    await tx('kb_feedback').whereIn('conversation_id', ids).delete();
    const ticketIds = (await tx('tickets').where({ customer_id: customerId }).select('id')).map((t) => t.id);
    await tx('ticket_events')
      .whereIn('ticket_id', ticketIds)
      .where({ type: 'note' })
      .update({ data: JSON.stringify({ text: '[erased]' }) });
    if (await tx.schema.hasTable('dl_activities')) {
      const dlConversations = conversations.filter((c) => c.channel_id === 'directline').map((c) => c.channel_conversation_id);
      await tx('dl_activities').whereIn('conversation_id', dlConversations).delete();
    }
    await tx('conversations')
      .whereIn('id', ids)
      .whereNull('ended_at')
      .update({ ended_at: now, end_reason: 'erased' satisfies EndReason });
    await tx('customers').where({ id: customerId }).update({ name: null, erased_at: now });
    return report;
  });
}

/**
 * Removes message text older than `retentionDays` (rows stay for the metrics): what the
 * customer typed, the entities found in it, and card submit payloads (`value`, which holds
 * e.g. a survey's free-text comment). Returns how many messages.
 */
export async function purgeOldMessageText(db: Knex, retentionDays: number, now: number): Promise<number> {
  const cutoff = now - retentionDays * DAY_MS;
  const purged = await db('messages')
    .where('created_at', '<', cutoff)
    .andWhere((w) => w.whereNotNull('text').orWhereNotNull('value'))
    .update({ text: null, value: null, entities: null });
  if (await db.schema.hasTable('dl_activities')) await db('dl_activities').where('created_at', '<', cutoff).delete();
  return purged;
}

async function deleteStateWithPrefixes(db: Knex, prefixes: string[]): Promise<number> {
  let deleted = 0;
  for (const prefix of prefixes) {
    deleted += await db('bot_state').where('key', '>=', prefix).andWhere('key', '<', `${prefix}\uffff`).delete();
  }
  return deleted;
}
