import type { Knex } from 'knex';
import type { DbCustomerEmailRow } from './customer-emails';
import { whereMentions, mentionsOf } from './customer-mentions';
import type { DbEmailOutboxRow } from './email-outbox';
import type { DbDlActivityRow, DbDlConversationRow } from './directline';
import { NotFoundError } from './errors';
import type { DbHandoffRow } from './handoffs';
import { photosWithBytes, type DbPhotoInfoRow } from './photos';
import type { DbAuditRow, DbBotStateRow, DbConversationRow, DbCustomerRow, DbMessageRow } from './tables';
import type { DbTicketEventRow, DbTicketRow } from './tickets';

/** What {@link exportCustomer} returns: every row held about one customer (JSON columns parsed). */
export type CustomerExport = {
  customer: DbCustomerRow;
  conversations: DbConversationRow[];
  messages: DbMessageRow[];
  tickets: DbTicketRow[];
  ticketEvents: DbTicketEventRow[];
  handoffs: DbHandoffRow[];
  feedback: Array<Record<string, unknown>>;
  kbFeedback: Array<Record<string, unknown>>;
  satisfactionEstimates: Array<Record<string, unknown>>;
  conversationReferences: Array<Record<string, unknown> & { reference: unknown }>;
  /** The dialog state of their conversations (what the bot remembers between turns). */
  dialogState: Array<Omit<DbBotStateRow, 'data'> & { data: unknown }>;
  directLineConversations: DbDlConversationRow[];
  directLineActivities: Array<Omit<DbDlActivityRow, 'activity'> & { activity: unknown }>;
  /** The email address they gave for replies, with its consent, and the emails queued or sent to it. */
  customerEmails: DbCustomerEmailRow[];
  emailOutbox: DbEmailOutboxRow[];
  /** The photos they sent, each with its bytes as a `data:` URI. */
  photos: Array<DbPhotoInfoRow & { dataUri: string }>;
  /** NLU training examples taken from their conversations (redacted), suggested or confirmed. */
  nluExamples: Array<Record<string, unknown>>;
  /** Their messages' entries in the NLU review queue. */
  nluReview: Array<Record<string, unknown>>;
  /** Admin and agent calls that named them (e.g. an earlier export). */
  auditLog: DbAuditRow[];
  /** When their conversations started, as the stats keep it: first and last per channel (`*` = any). */
  statsCustomerSpans: Array<Record<string, unknown>>;
  /** The first conversation start of each month they were active, per channel (`*` = any). */
  statsCustomerMonths: Array<Record<string, unknown>>;
};

/** Everything held about one customer, for a data-access request. */
export async function exportCustomer(db: Knex, customerId: string): Promise<CustomerExport> {
  const customer = await db<DbCustomerRow>('customers').where({ id: customerId }).first();
  if (!customer) throw new NotFoundError(`Customer ${customerId} not found`);
  const conversations = await db<DbConversationRow>('conversations').where({ customer_id: customerId }).orderBy('started_at');
  const conversationIds = conversations.map((c) => c.id);
  const tickets = await db<DbTicketRow>('tickets').where({ customer_id: customerId }).orderBy('id');
  const dlConversations = await directLineConversationsOf(db, customer, conversations);
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
    satisfactionEstimates: await db('satisfaction_estimates').whereIn('conversation_id', conversationIds).orderBy('conversation_id'),
    conversationReferences: (await db('conversation_references').where({ customer_id: customerId }).orderBy('key')).map((r) => ({
      ...r,
      reference: JSON.parse(r.reference),
    })),
    dialogState: (await dialogStateRows(db, customer, conversations).orderBy('key')).map((r: DbBotStateRow) => ({
      ...r,
      data: JSON.parse(r.data),
    })),
    directLineConversations: dlConversations,
    directLineActivities: (
      await db<DbDlActivityRow>('dl_activities')
        .whereIn(
          'conversation_id',
          dlConversations.map((c) => c.id),
        )
        .orderBy('seq')
    ).map((a) => ({ ...a, activity: JSON.parse(a.activity) })),
    customerEmails: await db<DbCustomerEmailRow>('customer_emails').where({ customer_id: customerId }),
    emailOutbox: await db<DbEmailOutboxRow>('email_outbox').where({ customer_id: customerId }).orderBy('id'),
    photos: (await photosWithBytes(db, conversationIds)).map(({ bytes, ...info }) => ({
      ...info,
      dataUri: `data:${info.content_type};base64,${bytes.toString('base64')}`,
    })),
    nluExamples: await db('nlu_examples')
      .where((w) => w.whereIn('conversation_id', conversationIds).orWhere({ customer_id: customerId }))
      .orderBy('id'),
    nluReview: await db('nlu_review').whereIn('conversation_id', conversationIds).orderBy('id'),
    auditLog: await whereMentions(db('audit_log'), ['action', 'detail'], mentionsOf(customer)).orderBy('id'),
    statsCustomerSpans: await db('stats_customer_spans').where({ customer_id: customerId }).orderBy('channel_id'),
    statsCustomerMonths: await db('stats_customer_months').where({ customer_id: customerId }).orderBy(['month', 'channel_id']),
  };
}

type ConversationKeys = Pick<DbConversationRow, 'channel_id' | 'channel_conversation_id'>;

/**
 * The `bot_state` rows of a customer: botbuilder keys conversation state as
 * `<channel>/conversations/<id>/<namespace>` and user state as `<channel>/users/<user id>/…`.
 */
export function dialogStateRows(
  db: Knex,
  customer: Pick<DbCustomerRow, 'channel_id' | 'channel_user_id'>,
  conversations: ConversationKeys[],
) {
  const prefixes = new Set(conversations.map((c) => `${c.channel_id}/conversations/${c.channel_conversation_id}/`));
  prefixes.add(`${customer.channel_id}/users/${customer.channel_user_id}/`);
  return db('bot_state').where((w) => {
    for (const prefix of prefixes) w.orWhere((p) => p.where('key', '>=', prefix).andWhere('key', '<', `${prefix}\uffff`));
  });
}

/** The built-in Direct Line endpoint's conversations of a customer: theirs by conversation or by widget user id. */
export async function directLineConversationsOf(
  db: Knex,
  customer: Pick<DbCustomerRow, 'channel_id' | 'channel_user_id'>,
  conversations: ConversationKeys[],
): Promise<DbDlConversationRow[]> {
  const ids = conversations.filter((c) => c.channel_id === 'directline').map((c) => c.channel_conversation_id);
  return db<DbDlConversationRow>('dl_conversations')
    .whereIn('id', ids)
    .modify((q) => {
      if (customer.channel_id === 'directline') q.orWhere({ user_id: customer.channel_user_id });
    })
    .orderBy('created_at');
}
