/**
 * Every text column of the schema, sorted into two lists: the columns that can hold a
 * customer's words or identifiers, each with how the retention purge (store/retention.ts), an
 * erasure (store/customer-erasure.ts) and an export (store/customer-export.ts) handle it; and
 * the columns that never do, each with why. test/privacy/customer-data-columns.test.ts reads the
 * schema of both databases and fails on a text column in neither list: a new column that may
 * hold what a customer wrote must say here how it is purged, erased and exported.
 *
 * Photos (`message_photos.bytes`, binary) are customer data too: the purge deletes them with the
 * rest after `RETENTION_DAYS`, an erasure deletes them, and the export carries them as `data:` URIs.
 */

/** What the retention purge does with a column's values older than `RETENTION_DAYS`. */
export type RetentionHandling = 'cleared' | 'row deleted' | `kept: ${string}`;
/** What an erasure does with a column's values of the erased customer. */
export type ErasureHandling = 'cleared' | 'row deleted' | 'tombstoned' | `kept: ${string}`;
/** Whether a customer's export carries the column (or why not). */
export type ExportHandling = 'exported' | `not exported: ${string}`;

/** How the three privacy operations handle one column. */
export interface CustomerDataHandling {
  retention: RetentionHandling;
  erasure: ErasureHandling;
  export: ExportHandling;
}

const IDENTITY = 'kept: an identifier, not words; needed to reach and count the customer';
const SHOP_RECORD = 'kept: the shop’s order record, which its own order system keeps and erases';

/** Columns (`table.column`) that can hold a customer's words or identifiers. */
export const CUSTOMER_DATA_COLUMNS: Readonly<Record<string, CustomerDataHandling>> = {
  'customers.id': { retention: IDENTITY, erasure: 'tombstoned', export: 'exported' },
  'customers.channel_user_id': { retention: IDENTITY, erasure: 'tombstoned', export: 'exported' },
  'customers.name': { retention: IDENTITY, erasure: 'cleared', export: 'exported' },
  'conversations.customer_id': { retention: IDENTITY, erasure: 'tombstoned', export: 'exported' },
  'conversations.channel_conversation_id': { retention: IDENTITY, erasure: 'tombstoned', export: 'exported' },
  // Stats presence (store/metrics/rollups/customer-presence.ts): when a customer's conversations
  // started, kept by triggers on `conversations`, so an erasure moves the rows to the tombstone.
  'stats_customer_spans.customer_id': { retention: IDENTITY, erasure: 'tombstoned', export: 'exported' },
  'stats_customer_months.customer_id': { retention: IDENTITY, erasure: 'tombstoned', export: 'exported' },
  'messages.text': { retention: 'cleared', erasure: 'row deleted', export: 'exported' },
  'messages.value': { retention: 'cleared', erasure: 'row deleted', export: 'exported' },
  'messages.entities': { retention: 'cleared', erasure: 'row deleted', export: 'exported' },
  'messages.dedup_key': { retention: 'kept: channel and activity ids, no words', erasure: 'row deleted', export: 'exported' },
  'tickets.customer_id': { retention: IDENTITY, erasure: 'tombstoned', export: 'exported' },
  'tickets.subject': { retention: 'cleared', erasure: 'cleared', export: 'exported' },
  'tickets.summary': { retention: 'cleared', erasure: 'cleared', export: 'exported' },
  'tickets.source_key': { retention: 'kept: channel and activity ids, no words', erasure: 'cleared', export: 'exported' },
  // The order number links the ticket to the shop's order, and so to the email on it.
  'tickets.order_number': { retention: IDENTITY, erasure: 'cleared', export: 'exported' },
  // Agent notes ({ text }) are words about the customer; other events hold statuses and intents.
  'ticket_events.data': { retention: 'cleared', erasure: 'cleared', export: 'exported' },
  // The customer's id on events the customer caused (e.g. `customer_left`).
  'ticket_events.actor': { retention: IDENTITY, erasure: 'tombstoned', export: 'exported' },
  'feedback.customer_id': { retention: IDENTITY, erasure: 'row deleted', export: 'exported' },
  'feedback.comment': { retention: 'cleared', erasure: 'row deleted', export: 'exported' },
  'conversation_references.key': { retention: IDENTITY, erasure: 'row deleted', export: 'exported' },
  'conversation_references.customer_id': { retention: IDENTITY, erasure: 'row deleted', export: 'exported' },
  // The channel's address of the chat (ids, the customer's display name): no words.
  'conversation_references.reference': { retention: IDENTITY, erasure: 'row deleted', export: 'exported' },
  'bot_state.key': { retention: 'row deleted', erasure: 'row deleted', export: 'exported' },
  // Dialog state holds the customer's recent queries.
  'bot_state.data': { retention: 'row deleted', erasure: 'row deleted', export: 'exported' },
  'dl_conversations.id': { retention: IDENTITY, erasure: 'row deleted', export: 'exported' },
  'dl_conversations.user_id': { retention: IDENTITY, erasure: 'row deleted', export: 'exported' },
  'dl_activities.conversation_id': { retention: 'row deleted', erasure: 'row deleted', export: 'exported' },
  'dl_activities.client_activity_id': { retention: 'row deleted', erasure: 'row deleted', export: 'exported' },
  'dl_activities.activity': { retention: 'row deleted', erasure: 'row deleted', export: 'exported' },
  // Redacted copies of customers' words taken as training examples (admin-typed ones have no
  // conversation and are kept by retention: they are no customer's words).
  'nlu_examples.text': { retention: 'row deleted', erasure: 'row deleted', export: 'exported' },
  'nlu_examples.customer_id': { retention: 'row deleted', erasure: 'row deleted', export: 'exported' },
  // Admin request paths and queries name customers (e.g. /admin/customers/:id/export).
  // The email follow-up (issue 17): the address a customer consented to, and the mails sent to it.
  'customer_emails.customer_id': { retention: 'row deleted', erasure: 'row deleted', export: 'exported' },
  'customer_emails.email': { retention: 'row deleted', erasure: 'row deleted', export: 'exported' },
  'email_outbox.customer_id': { retention: 'row deleted', erasure: 'row deleted', export: 'exported' },
  'email_outbox.to_address': { retention: 'row deleted', erasure: 'row deleted', export: 'exported' },
  'email_outbox.subject': { retention: 'row deleted', erasure: 'row deleted', export: 'exported' },
  'email_outbox.body': { retention: 'row deleted', erasure: 'row deleted', export: 'exported' },
  // An SMTP server's refusal may quote the address.
  'email_outbox.last_error': { retention: 'row deleted', erasure: 'row deleted', export: 'exported' },
  'audit_log.action': { retention: 'kept: the admins’ record, not the customer’s words', erasure: 'tombstoned', export: 'exported' },
  'audit_log.detail': { retention: 'kept: the admins’ record, not the customer’s words', erasure: 'tombstoned', export: 'exported' },
  // The demo shop's orders stand in for the shop's own order system (docs/order-lookup.md):
  // the bot only reads them, nothing a customer says is written there, and no key links an
  // order to a bot customer (a guest's email is checked, never stored with the customer).
  // Privacy requests about orders go to the shop's system; the bot's export and erasure cover
  // what links a customer to an order on its side (tickets.order_number, the messages).
  ...Object.fromEntries(
    ['email', 'shop_user_id', 'customer_name', 'items', 'shipping_address', 'phone', 'payment_summary', 'order_number'].map((c) => [
      `orders.${c}`,
      { retention: SHOP_RECORD, erasure: SHOP_RECORD, export: 'not exported: the shop’s record, exported by its order system' } as const,
    ]),
  ),
};

const ENUM = 'one of a fixed set of values the code writes';
const GENERATED = 'an id or key the code generates';
const AGENT_SIDE = 'about agents, their team or the bot, never a customer';
const ADMIN_CONTENT = 'knowledge-base content admins write';
const MODEL_OUTPUT = 'a label or figure computed by the models';

/** Text columns that never hold a customer's words or identifiers, with why. */
export const NEVER_CUSTOMER_DATA: Readonly<Record<string, string>> = {
  'customers.channel_id': ENUM,
  'conversations.id': GENERATED,
  'conversations.channel_id': ENUM,
  'conversations.end_reason': ENUM,
  'conversations.first_intent': MODEL_OUTPUT,
  'messages.conversation_id': GENERATED,
  'messages.channel_id': ENUM,
  'messages.activity_id': 'the channel’s opaque id of one activity',
  'messages.direction': ENUM,
  'messages.role': ENUM,
  'messages.kind': ENUM,
  'messages.intent': MODEL_OUTPUT,
  'messages.answered_by': ENUM,
  'agents.id': AGENT_SIDE,
  'agents.name': AGENT_SIDE,
  'agents.teams_user_id': AGENT_SIDE,
  'agents.source': ENUM,
  'tickets.conversation_id': GENERATED,
  'tickets.channel_id': ENUM,
  'tickets.status': ENUM,
  'tickets.priority': ENUM,
  'tickets.intent': MODEL_OUTPUT,
  'tickets.assignee_id': AGENT_SIDE,
  'ticket_events.type': ENUM,
  'handoffs.conversation_id': GENERATED,
  'handoffs.status': ENUM,
  'handoffs.agent_id': AGENT_SIDE,
  'handoffs.outcome': ENUM,
  'handoffs.card_activity_id': AGENT_SIDE,
  'handoffs.agent_conversation_id': AGENT_SIDE,
  'feedback.conversation_id': GENERATED,
  'feedback.channel_id': ENUM,
  'feedback.kind': ENUM,
  'kb_articles.id': ADMIN_CONTENT,
  'kb_articles.title': ADMIN_CONTENT,
  'kb_articles.intents': ADMIN_CONTENT,
  'kb_articles.tags': ADMIN_CONTENT,
  'kb_articles.summary': ADMIN_CONTENT,
  'kb_articles.body': ADMIN_CONTENT,
  'kb_articles.updated': ADMIN_CONTENT,
  'kb_articles.file_hash': ADMIN_CONTENT,
  'kb_articles.language': ENUM,
  'kb_feedback.conversation_id': GENERATED,
  'kb_feedback.article_id': ADMIN_CONTENT,
  'kb_feedback.channel_id': ENUM,
  'conversation_references.kind': ENUM,
  'agent_channels.conversation_id': AGENT_SIDE,
  'agent_channels.team_id': AGENT_SIDE,
  'agent_channels.team_name': AGENT_SIDE,
  'agent_channels.tenant_id': AGENT_SIDE,
  'agent_channels.reference': AGENT_SIDE,
  'bot_state.etag': GENERATED,
  // Timers carry handoff ids and job names; no timer payload holds customer text.
  'timers.kind': ENUM,
  'timers.key': GENERATED,
  'timers.payload': GENERATED,
  'timers.lease_owner': GENERATED,
  'audit_log.actor': 'an admin or agent, never a customer (customer routes are not audited)',
  'audit_log.ip': 'the IP of an admin or agent call',
  'dl_activities.activity_id': GENERATED,
  'satisfaction_estimates.conversation_id': GENERATED,
  'satisfaction_estimates.channel_id': ENUM,
  'metric_models.name': ENUM,
  'metric_models.data': MODEL_OUTPUT,
  'knex_migrations.name': 'a migration’s name',
  // Stats roll-ups (store/metrics/rollups): counts and sums per hour, day, channel and intent, no customer.
  'stats_daily.channel_id': ENUM,
  'stats_hourly.channel_id': ENUM,
  'stats_customer_spans.channel_id': ENUM,
  'stats_customer_months.channel_id': ENUM,
  'stats_rollup_intents.level': ENUM,
  'stats_rollup_intents.channel_id': ENUM,
  'stats_rollup_intents.intent': MODEL_OUTPUT,
  'stats_rollup_durations.level': ENUM,
  'stats_rollup_durations.channel_id': ENUM,
  'stats_rollup_durations.metric': ENUM,
  'stats_rollup_durations.buckets': 'counts and sums of durations per bucket, numbers only',
  'stats_rollup_churn.channel_id': ENUM,
  'nlu_models.version': GENERATED,
  'nlu_models.compared_with': GENERATED,
  'nlu_models.figures': MODEL_OUTPUT,
  'nlu_active_model.version': GENERATED,
  'nlu_model_examples.version': GENERATED,
  'nlu_training_lease.version': GENERATED,
  'nlu_training_lease.owner': GENERATED,
  'agents.email': AGENT_SIDE,
  'agent_credentials.agent_id': AGENT_SIDE,
  'agent_credentials.secret_hash': 'a SHA-256 of an agent credential',
  'admin_sessions.token_hash': 'a SHA-256 of an admin session cookie',
  'customer_emails.status': ENUM,
  'email_outbox.status': ENUM,
  'email_outbox.lease_owner': GENERATED,
  'rate_limit_windows.key': 'a SHA-256 of the limited key (an IP, a conversation or a customer), deleted after an hour',
  'orders.status': ENUM,
  'orders.carrier': 'the shipping company’s name',
  'orders.expected_delivery': 'a date',
  'message_photos.conversation_id': GENERATED,
  'message_photos.content_type': ENUM,
  'nlu_examples.intent': MODEL_OUTPUT,
  'nlu_examples.status': ENUM,
  'nlu_examples.source': ENUM,
  'nlu_examples.conversation_id': GENERATED,
  'nlu_examples.suggested_by': '`customer` or the admin who labelled it, never a customer’s id',
  'nlu_examples.confirmed_by': 'the admin who confirmed it',
  'nlu_review.conversation_id': GENERATED,
  'nlu_review.reason': ENUM,
  'nlu_review.label': MODEL_OUTPUT,
  'conversations.language': ENUM,
  'messages.language': ENUM,
  'nlu_review.language': ENUM,
  'nlu_examples.language': ENUM,
};
