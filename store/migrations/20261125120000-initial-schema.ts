import type { Knex } from 'knex';

// Timestamps are UTC milliseconds in BIGINT columns on both databases.

/** Creates the whole schema of DESIGN.md ("Data"). */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('customers', (t) => {
    t.string('id', 255).primary();
    t.string('channel_id', 64).notNullable();
    t.string('channel_user_id', 255).notNullable();
    t.string('name', 255);
    t.integer('segment');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('last_seen_at').notNullable();
    t.bigInteger('erased_at');
    t.unique(['channel_id', 'channel_user_id']);
    t.index(['last_seen_at']);
  });

  await db.schema.createTable('conversations', (t) => {
    t.string('id', 64).primary();
    t.string('channel_id', 64).notNullable();
    t.string('channel_conversation_id', 255).notNullable();
    t.string('customer_id', 255).notNullable().references('customers.id');
    t.bigInteger('started_at').notNullable();
    t.bigInteger('last_activity_at').notNullable();
    t.bigInteger('ended_at');
    t.string('end_reason', 32);
    t.boolean('handed_off').notNullable().defaultTo(false);
    t.boolean('resolved_by_bot').notNullable().defaultTo(false);
    t.boolean('out_of_scope').notNullable().defaultTo(false);
    t.string('first_intent', 64);
    t.index(['channel_id', 'channel_conversation_id', 'ended_at']);
    t.index(['started_at']);
    t.index(['customer_id', 'started_at']);
  });

  await db.schema.createTable('messages', (t) => {
    t.bigIncrements('id').primary();
    t.string('conversation_id', 64).notNullable().references('conversations.id');
    t.string('channel_id', 64).notNullable();
    // channel|conversation|activity id: a redelivered activity hits this unique key.
    t.string('dedup_key', 600).unique();
    t.string('activity_id', 255);
    t.string('direction', 3).notNullable();
    t.string('role', 16).notNullable();
    t.text('text');
    t.string('intent', 64);
    t.float('confidence');
    t.boolean('out_of_scope');
    t.float('sentiment');
    t.text('entities');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('handled_at');
    // On a customer message: when the first bot or agent reply followed and who sent it,
    // written once at reply time so the stats need no window functions (DESIGN metrics).
    t.bigInteger('answered_at');
    t.bigInteger('response_ms');
    t.string('answered_by', 16);
    t.index(['conversation_id', 'created_at']);
    t.index(['created_at']);
  });

  await db.schema.createTable('agents', (t) => {
    t.string('id', 255).primary();
    t.string('name', 255);
    t.string('teams_user_id', 255);
    t.string('source', 16).notNullable();
    t.bigInteger('created_at').notNullable();
  });

  await db.schema.createTable('tickets', (t) => {
    t.bigIncrements('id').primary();
    t.string('conversation_id', 64).notNullable().references('conversations.id');
    t.string('customer_id', 255).notNullable().references('customers.id');
    t.string('channel_id', 64).notNullable();
    t.string('status', 16).notNullable();
    t.string('priority', 16).notNullable();
    t.string('intent', 64);
    t.string('subject', 255).notNullable();
    t.text('summary');
    t.string('assignee_id', 255).references('agents.id');
    t.string('source_key', 600).unique();
    t.bigInteger('opened_at').notNullable();
    t.bigInteger('assigned_at');
    t.bigInteger('first_agent_reply_at');
    t.bigInteger('resolved_at');
    t.bigInteger('closed_at');
    t.bigInteger('updated_at').notNullable();
    t.index(['status', 'opened_at']);
    t.index(['opened_at']);
    t.index(['resolved_at']);
  });

  await db.schema.createTable('ticket_events', (t) => {
    t.bigIncrements('id').primary();
    t.bigInteger('ticket_id').notNullable().references('tickets.id');
    t.string('type', 32).notNullable();
    t.string('actor', 255);
    t.text('data');
    t.bigInteger('created_at').notNullable();
    t.index(['ticket_id', 'created_at']);
  });

  await db.schema.createTable('handoffs', (t) => {
    t.bigIncrements('id').primary();
    t.bigInteger('ticket_id').notNullable().references('tickets.id');
    t.string('conversation_id', 64).notNullable().references('conversations.id');
    t.string('status', 16).notNullable();
    t.bigInteger('requested_at').notNullable();
    t.bigInteger('accepted_at');
    t.string('agent_id', 255).references('agents.id');
    t.bigInteger('first_agent_reply_at');
    t.bigInteger('ended_at');
    t.string('outcome', 16);
    t.string('card_activity_id', 255);
    t.string('agent_conversation_id', 255);
    t.index(['conversation_id', 'status']);
    t.index(['requested_at']);
  });

  await db.schema.createTable('feedback', (t) => {
    t.bigIncrements('id').primary();
    t.string('conversation_id', 64).notNullable().references('conversations.id');
    t.string('customer_id', 255).notNullable().references('customers.id');
    t.string('channel_id', 64).notNullable();
    t.string('kind', 16).notNullable();
    t.integer('rating');
    t.text('comment');
    t.float('sentiment');
    t.bigInteger('sent_at').notNullable();
    t.bigInteger('answered_at');
    t.unique(['conversation_id', 'kind']);
    t.index(['sent_at']);
  });

  await db.schema.createTable('kb_articles', (t) => {
    t.string('id', 128).primary();
    t.string('title', 255).notNullable();
    t.text('intents').notNullable();
    t.text('tags').notNullable();
    t.text('summary').notNullable();
    t.text('body').notNullable();
    t.string('updated', 32).notNullable();
    t.string('file_hash', 64);
    t.boolean('edited_by_admin').notNullable().defaultTo(false);
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
  });

  await db.schema.createTable('kb_feedback', (t) => {
    t.bigIncrements('id').primary();
    t.string('conversation_id', 64).notNullable().references('conversations.id');
    t.string('article_id', 128).notNullable();
    t.boolean('helpful').notNullable();
    t.string('channel_id', 64).notNullable();
    t.bigInteger('created_at').notNullable();
    t.unique(['conversation_id', 'article_id']);
    t.index(['created_at']);
  });

  await db.schema.createTable('conversation_references', (t) => {
    t.string('key', 600).primary();
    t.string('kind', 16).notNullable();
    t.string('customer_id', 255);
    t.text('reference').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.index(['customer_id']);
  });

  await db.schema.createTable('agent_channels', (t) => {
    t.bigIncrements('id').primary();
    t.string('conversation_id', 255).notNullable().unique();
    t.string('team_id', 255);
    t.string('team_name', 255);
    t.string('tenant_id', 255);
    t.text('reference').notNullable();
    t.boolean('active').notNullable().defaultTo(false);
    t.bigInteger('created_at').notNullable();
  });

  await db.schema.createTable('bot_state', (t) => {
    t.string('key', 600).primary();
    t.text('data').notNullable();
    t.string('etag', 64).notNullable();
    t.bigInteger('updated_at').notNullable();
  });

  await db.schema.createTable('timers', (t) => {
    t.bigIncrements('id').primary();
    t.string('kind', 32).notNullable();
    t.string('key', 255).notNullable();
    t.bigInteger('due_at').notNullable();
    t.text('payload');
    t.string('lease_owner', 64);
    t.bigInteger('lease_until');
    t.unique(['kind', 'key']);
    t.index(['due_at']);
  });

  await db.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id').primary();
    t.bigInteger('at').notNullable();
    t.string('actor', 64).notNullable();
    t.string('action', 128).notNullable();
    t.integer('status').notNullable();
    t.string('ip', 64);
    t.text('detail');
    t.index(['at']);
  });
}

/** Drops everything {@link up} created, in reverse dependency order. */
export async function down(db: Knex): Promise<void> {
  for (const table of [
    'audit_log',
    'timers',
    'bot_state',
    'agent_channels',
    'conversation_references',
    'kb_feedback',
    'kb_articles',
    'feedback',
    'handoffs',
    'ticket_events',
    'tickets',
    'agents',
    'messages',
    'conversations',
    'customers',
  ]) {
    await db.schema.dropTableIfExists(table);
  }
}
