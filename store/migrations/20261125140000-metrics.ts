import type { Knex } from 'knex';

// Indexes for the stats queries (store/metrics) and the tables holding the fitted
// satisfaction model's predictions and the model summaries shared by every instance.

/** Adds the metrics indexes, `satisfaction_estimates` and `metric_models`. */
export async function up(db: Knex): Promise<void> {
  // Covering, partial: response-time sums and counts per window read only this index.
  await db.raw(
    'create index messages_answered_window on messages (created_at, answered_by, response_ms, channel_id) where response_ms is not null',
  );
  // Percentiles: walk answered customer messages in response-time order.
  await db.raw('create index messages_answered_order on messages (response_ms, created_at, channel_id) where response_ms is not null');
  await db.raw(
    'create index messages_answered_by_order on messages (answered_by, response_ms, created_at, channel_id) where response_ms is not null',
  );
  // Covering: every per-window conversation figure is read from this index alone.
  await db.schema.alterTable('conversations', (t) =>
    t.index(
      ['started_at', 'channel_id', 'customer_id', 'first_intent', 'handed_off', 'ended_at', 'resolved_by_bot', 'out_of_scope'],
      'conversations_stats_window',
    ),
  );
  await db.schema.alterTable('feedback', (t) => {
    t.index(['conversation_id', 'rating'], 'feedback_conversation_rating');
    t.index(['sent_at', 'channel_id', 'rating'], 'feedback_stats_window');
  });
  await db.schema.alterTable('tickets', (t) => t.index(['resolved_at', 'status', 'opened_at', 'channel_id'], 'tickets_resolution_window'));
  await db.schema.alterTable('kb_feedback', (t) => {
    t.index(['conversation_id'], 'kb_feedback_conversation');
    t.index(['created_at', 'channel_id', 'helpful'], 'kb_feedback_stats_window');
  });
  await db.schema.alterTable('tickets', (t) => t.index(['customer_id'], 'tickets_customer'));
  await db.schema.alterTable('handoffs', (t) => {
    t.index(['ticket_id'], 'handoffs_ticket');
    t.index(['requested_at', 'status', 'first_agent_reply_at', 'conversation_id'], 'handoffs_stats_window');
  });
  await db.schema.alterTable('ticket_events', (t) => t.index(['type', 'created_at'], 'ticket_events_type_created'));

  await db.schema.createTable('satisfaction_estimates', (t) => {
    t.string('conversation_id', 64).primary().references('conversations.id').onDelete('CASCADE');
    t.string('channel_id', 64).notNullable();
    t.bigInteger('started_at').notNullable();
    t.float('predicted_rating').notNullable();
    t.bigInteger('fitted_at').notNullable();
    t.index(['started_at', 'channel_id', 'predicted_rating'], 'satisfaction_estimates_window');
  });

  await db.schema.createTable('metric_models', (t) => {
    t.string('name', 64).primary();
    t.text('data').notNullable();
    t.bigInteger('fitted_at').notNullable();
  });
}

/** Removes everything {@link up} added. */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('metric_models');
  await db.schema.dropTableIfExists('satisfaction_estimates');
  await db.schema.alterTable('ticket_events', (t) => t.dropIndex(['type', 'created_at'], 'ticket_events_type_created'));
  await db.schema.alterTable('handoffs', (t) => {
    t.dropIndex([], 'handoffs_stats_window');
    t.dropIndex([], 'handoffs_ticket');
  });
  await db.schema.alterTable('tickets', (t) => t.dropIndex(['customer_id'], 'tickets_customer'));
  await db.schema.alterTable('kb_feedback', (t) => {
    t.dropIndex([], 'kb_feedback_stats_window');
    t.dropIndex([], 'kb_feedback_conversation');
  });
  await db.schema.alterTable('tickets', (t) => t.dropIndex([], 'tickets_resolution_window'));
  await db.schema.alterTable('feedback', (t) => {
    t.dropIndex([], 'feedback_stats_window');
    t.dropIndex([], 'feedback_conversation_rating');
  });
  await db.schema.alterTable('conversations', (t) => t.dropIndex([], 'conversations_stats_window'));
  await db.raw('drop index messages_answered_by_order');
  await db.raw('drop index messages_answered_order');
  await db.raw('drop index messages_answered_window');
}
