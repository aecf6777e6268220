import type { Knex } from 'knex';

// Hourly stats roll-ups (store/metrics/rollups): the same additive figures as `stats_daily` and
// the `day` level of the intent and duration roll-ups, per UTC hour, so the partial days at a
// window's edges and today's closed hours are read from roll-ups, not from the source rows. A row
// in `stats_rollup_hours` marks an hour's rows current; triggers beside the daily ones delete the
// mark on any write to a source row of that hour. No row holds customer text or identifiers.

const HOUR_MS = 3_600_000;

// Not dialectOf: store/db imports the migrations, and a migration imports nothing from it.
const isSqlite = (db: Knex) => db.client.config.client !== 'pg';

/** Each source table with the time columns a row counts in and the columns the stats read. */
const WATCHED: ReadonlyArray<[table: string, hours: string[], columns: string[]]> = [
  [
    'conversations',
    ['started_at'],
    ['started_at', 'channel_id', 'customer_id', 'ended_at', 'handed_off', 'resolved_by_bot', 'out_of_scope', 'first_intent'],
  ],
  ['messages', ['created_at'], ['created_at', 'channel_id', 'response_ms', 'answered_by']],
  ['feedback', ['sent_at'], ['sent_at', 'channel_id', 'rating']],
  ['handoffs', ['requested_at'], ['requested_at', 'conversation_id', 'status', 'first_agent_reply_at', 'out_of_hours']],
  ['tickets', ['opened_at', 'resolved_at'], ['opened_at', 'resolved_at', 'channel_id', 'status', 'first_agent_reply_at']],
  ['ticket_events', ['created_at'], ['created_at', 'ticket_id', 'type']],
  ['kb_feedback', ['created_at'], ['created_at', 'channel_id', 'helpful']],
];

const unmark = (row: 'NEW' | 'OLD', hours: string[]) =>
  `delete from stats_rollup_hours where hour in (${hours.map((c) => `${row}.${c} / ${HOUR_MS}`).join(', ')});`;

/** Creates the hourly tables and their invalidation triggers. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('stats_rollup_hours', (t) => {
    t.bigInteger('hour').primary();
    t.bigInteger('built_at').notNullable();
  });
  // The figures of `stats_daily`, as that table's migration created them.
  const figures = Object.keys(await db('stats_daily').columnInfo()).filter((c) => c !== 'day' && c !== 'channel_id');
  await db.schema.createTable('stats_hourly', (t) => {
    t.bigInteger('hour').notNullable();
    t.string('channel_id', 64).notNullable();
    for (const c of figures) t.bigInteger(c).notNullable().defaultTo(0);
    t.primary(['hour', 'channel_id']);
  });
  for (const [table, hours, columns] of WATCHED) {
    if (isSqlite(db)) {
      await db.raw(`create trigger stats_forget_hours_${table}_ins after insert on ${table} begin ${unmark('NEW', hours)} end`);
      await db.raw(`create trigger stats_forget_hours_${table}_del after delete on ${table} begin ${unmark('OLD', hours)} end`);
      await db.raw(
        `create trigger stats_forget_hours_${table}_upd after update of ${columns.join(', ')} on ${table} ` +
          `begin ${unmark('OLD', hours)} ${unmark('NEW', hours)} end`,
      );
    } else {
      await db.raw(`create function stats_forget_hours_${table}() returns trigger language plpgsql as $$
begin
  if tg_op <> 'INSERT' then ${unmark('OLD', hours)} end if;
  if tg_op <> 'DELETE' then ${unmark('NEW', hours)} end if;
  return null;
end $$`);
      await db.raw(
        `create trigger stats_forget_hours_${table} after insert or delete or update of ${columns.join(', ')} on ${table} ` +
          `for each row execute function stats_forget_hours_${table}()`,
      );
    }
  }
}

/** Removes the triggers, the hourly tables and the hour-level intent and duration rows. */
export async function down(db: Knex): Promise<void> {
  for (const [table] of WATCHED) {
    if (isSqlite(db)) {
      for (const op of ['ins', 'del', 'upd']) await db.raw(`drop trigger if exists stats_forget_hours_${table}_${op}`);
    } else {
      await db.raw(`drop trigger if exists stats_forget_hours_${table} on ${table}`);
      await db.raw(`drop function if exists stats_forget_hours_${table}()`);
    }
  }
  await db('stats_rollup_intents').where('level', 'hour').delete();
  await db('stats_rollup_durations').where('level', 'hour').delete();
  await db.schema.dropTableIfExists('stats_hourly');
  await db.schema.dropTableIfExists('stats_rollup_hours');
}
