import type { Knex } from 'knex';

// Daily roll-ups of the additive stats figures (store/metrics/rollups) and the triggers that
// keep them from ever being stale: any write to a source row of a rolled-up UTC day deletes
// that day's marker in `stats_rollup_days`, so readers compute the day from raw rows until the
// job rebuilds it. No roll-up row holds customer text or identifiers.

const DAY_MS = 86_400_000;

// Not dialectOf: store/db imports the migrations, and a migration imports nothing from it.
const isSqlite = (db: Knex) => db.client.config.client !== 'pg';

/** A source table, the time columns whose UTC day a row counts in, and the columns the stats read. */
interface Source {
  table: string;
  days: string[];
  columns: string[];
}

const SOURCES: Source[] = [
  {
    table: 'conversations',
    days: ['started_at'],
    columns: ['started_at', 'channel_id', 'customer_id', 'ended_at', 'handed_off', 'resolved_by_bot', 'out_of_scope', 'first_intent'],
  },
  { table: 'messages', days: ['created_at'], columns: ['created_at', 'channel_id', 'response_ms', 'answered_by'] },
  { table: 'feedback', days: ['sent_at'], columns: ['sent_at', 'channel_id', 'rating'] },
  {
    table: 'handoffs',
    days: ['requested_at'],
    columns: ['requested_at', 'conversation_id', 'status', 'first_agent_reply_at', 'out_of_hours'],
  },
  {
    table: 'tickets',
    days: ['opened_at', 'resolved_at'],
    columns: ['opened_at', 'resolved_at', 'channel_id', 'status', 'first_agent_reply_at'],
  },
  { table: 'ticket_events', days: ['created_at'], columns: ['created_at', 'ticket_id', 'type'] },
  { table: 'kb_feedback', days: ['created_at'], columns: ['created_at', 'channel_id', 'helpful'] },
];

const dayList = (row: 'NEW' | 'OLD', source: Source) => source.days.map((c) => `${row}.${c} / ${DAY_MS}`).join(', ');
const forget = (row: 'NEW' | 'OLD', source: Source) => `delete from stats_rollup_days where day in (${dayList(row, source)});`;

async function createSqliteTriggers(db: Knex, s: Source): Promise<void> {
  await db.raw(`create trigger stats_forget_${s.table}_ins after insert on ${s.table} begin ${forget('NEW', s)} end`);
  await db.raw(`create trigger stats_forget_${s.table}_del after delete on ${s.table} begin ${forget('OLD', s)} end`);
  await db.raw(
    `create trigger stats_forget_${s.table}_upd after update of ${s.columns.join(', ')} on ${s.table} ` +
      `begin ${forget('OLD', s)} ${forget('NEW', s)} end`,
  );
}

async function createPostgresTrigger(db: Knex, s: Source): Promise<void> {
  await db.raw(`create function stats_forget_${s.table}() returns trigger language plpgsql as $$
begin
  if tg_op <> 'INSERT' then ${forget('OLD', s)} end if;
  if tg_op <> 'DELETE' then ${forget('NEW', s)} end if;
  return null;
end $$`);
  await db.raw(
    `create trigger stats_forget_${s.table} after insert or delete or update of ${s.columns.join(', ')} on ${s.table} ` +
      `for each row execute function stats_forget_${s.table}()`,
  );
}

/** Creates the roll-up tables and the invalidation triggers on every source table. */
export async function up(db: Knex): Promise<void> {
  // A row here = the day's roll-up rows are complete and current.
  await db.schema.createTable('stats_rollup_days', (t) => {
    t.bigInteger('day').primary();
    t.bigInteger('built_at').notNullable();
  });
  await db.schema.createTable('stats_daily', (t) => {
    t.bigInteger('day').notNullable();
    t.string('channel_id', 64).notNullable();
    for (const c of [
      'conversations',
      'deflected',
      'bot_resolved',
      'handed_off',
      'out_of_scope',
      'messages',
      'surveys_sent',
      'ratings',
      'satisfied',
      'handoffs',
      'abandoned',
      'out_of_hours',
      'unattended',
      'reopened',
      'kb_votes',
      'kb_helpful',
    ])
      t.bigInteger(c).notNullable().defaultTo(0);
    t.primary(['day', 'channel_id']);
  });
  // A row here = the month's roll-ups (level `month` below, churn) are complete and current;
  // readers also require every day of the month in `stats_rollup_days`.
  await db.schema.createTable('stats_rollup_months', (t) => {
    t.bigInteger('month').primary();
    t.bigInteger('built_at').notNullable();
  });
  // Conversations per first intent; `level` is `day` or `month`, `start` its first UTC day.
  await db.schema.createTable('stats_rollup_intents', (t) => {
    t.string('level', 8).notNullable();
    t.bigInteger('start').notNullable();
    t.string('channel_id', 64).notNullable();
    t.string('intent', 64);
    t.bigInteger('conversations').notNullable();
    t.index(['level', 'start', 'channel_id'], 'stats_rollup_intents_start');
  });
  // Per-bucket counts and sums of one duration figure (store/metrics/rollups/duration-buckets.ts)
  // as one JSON array of numbers [bucket, n, total, …]: a year is a few hundred rows to read.
  await db.schema.createTable('stats_rollup_durations', (t) => {
    t.string('level', 8).notNullable();
    t.bigInteger('start').notNullable();
    t.string('channel_id', 64).notNullable();
    t.string('metric', 32).notNullable();
    t.text('buckets').notNullable();
    t.primary(['level', 'start', 'channel_id', 'metric']);
  });
  // Churn of a whole calendar month against the previous one; channel `*` = every channel.
  await db.schema.createTable('stats_rollup_churn', (t) => {
    t.bigInteger('month').notNullable();
    t.string('channel_id', 64).notNullable();
    t.bigInteger('active_previous').notNullable();
    t.bigInteger('churned').notNullable();
    t.primary(['month', 'channel_id']);
  });
  for (const source of SOURCES) {
    if (isSqlite(db)) await createSqliteTriggers(db, source);
    else await createPostgresTrigger(db, source);
  }
}

/** Removes the triggers and the roll-up tables. */
export async function down(db: Knex): Promise<void> {
  for (const s of SOURCES) {
    if (isSqlite(db)) {
      for (const op of ['ins', 'del', 'upd']) await db.raw(`drop trigger if exists stats_forget_${s.table}_${op}`);
    } else {
      await db.raw(`drop trigger if exists stats_forget_${s.table} on ${s.table}`);
      await db.raw(`drop function if exists stats_forget_${s.table}()`);
    }
  }
  for (const table of [
    'stats_rollup_churn',
    'stats_rollup_durations',
    'stats_rollup_intents',
    'stats_rollup_months',
    'stats_daily',
    'stats_rollup_days',
  ])
    await db.schema.dropTableIfExists(table);
}
