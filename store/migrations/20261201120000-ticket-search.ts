import type { Knex } from 'knex';

// Ticket search (GET /agent/api/tickets, /admin/tickets) filters by customer, assignee and
// priority and pages newest first; the feedback list pages answered surveys newest first.

/** Adds the indexes of the ticket search and the feedback list. */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('tickets', (t) => {
    t.index(['customer_id', 'opened_at'], 'tickets_customer_opened_index');
    t.index(['assignee_id', 'opened_at'], 'tickets_assignee_opened_index');
    t.index(['priority', 'opened_at'], 'tickets_priority_opened_index');
    t.index(['status', 'resolved_at'], 'tickets_status_resolved_index');
    t.index(['conversation_id'], 'tickets_conversation_index');
  });
  await db.schema.alterTable('feedback', (t) => {
    t.index(['answered_at', 'id'], 'feedback_answered_index');
    t.index(['customer_id', 'sent_at'], 'feedback_customer_sent_index');
  });
}

/** Drops those indexes. */
export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('feedback', (t) => {
    t.dropIndex(['answered_at', 'id'], 'feedback_answered_index');
    t.dropIndex(['customer_id', 'sent_at'], 'feedback_customer_sent_index');
  });
  await db.schema.alterTable('tickets', (t) => {
    t.dropIndex(['customer_id', 'opened_at'], 'tickets_customer_opened_index');
    t.dropIndex(['assignee_id', 'opened_at'], 'tickets_assignee_opened_index');
    t.dropIndex(['priority', 'opened_at'], 'tickets_priority_opened_index');
    t.dropIndex(['status', 'resolved_at'], 'tickets_status_resolved_index');
    t.dropIndex(['conversation_id'], 'tickets_conversation_index');
  });
}
