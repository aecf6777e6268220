import type { Knex } from 'knex';

// Which customers were active when, kept current by triggers on `conversations`, so distinct
// customers and the churn of months without churn roll-ups are counts over small tables instead
// of a grouping of the window's conversations (store/metrics/rollups/customer-presence.ts):
// - `stats_customer_spans`: per customer and channel (`*` = any channel), the first and last
//   conversation start;
// - `stats_customer_months`: per calendar month (its first UTC day), channel and customer, the
//   first conversation start in that month.
// An insert widens the rows of its customer; a delete, or an update of the customer, channel or
// start (an erasure moves conversations to a tombstone customer), recomputes the old customer's
// rows from its remaining conversations. Filled from the existing conversations here.

const isSqlite = (db: Knex) => db.client.config.client !== 'pg';

/** SQL of the month start (UTC ms) of a millisecond time, `months` later. */
function monthStartMs(db: Knex, time: string, months = 0): string {
  if (isSqlite(db)) return `(strftime('%s', ${time} / 1000, 'unixepoch', 'start of month', '+${months} month') * 1000)`;
  return `(extract(epoch from date_trunc('month', to_timestamp(${time} / 1000.0) at time zone 'UTC') + interval '${months} month') * 1000)::bigint`;
}

const monthDay = (db: Knex, time: string) => `(${monthStartMs(db, time)} / 86400000)`;

/** The statements that recompute the rows of `row`'s customer (channel and `*`, its month) from the conversations. */
function recompute(db: Knex, row: 'OLD'): string {
  const month = monthDay(db, `${row}.started_at`);
  const inMonth = `started_at >= ${monthStartMs(db, `${row}.started_at`)} and started_at < ${monthStartMs(db, `${row}.started_at`, 1)}`;
  const customer = `customer_id = ${row}.customer_id`;
  return `
    delete from stats_customer_spans where ${customer} and channel_id in (${row}.channel_id, '*');
    insert into stats_customer_spans (channel_id, customer_id, first_started_at, last_started_at)
      select channel_id, customer_id, min(started_at), max(started_at) from conversations
        where ${customer} and channel_id = ${row}.channel_id group by channel_id, customer_id
      union all select '*', customer_id, min(started_at), max(started_at) from conversations
        where ${customer} group by customer_id;
    delete from stats_customer_months where month = ${month} and ${customer} and channel_id in (${row}.channel_id, '*');
    insert into stats_customer_months (month, channel_id, customer_id, first_started_at)
      select ${month}, channel_id, customer_id, min(started_at) from conversations
        where ${customer} and channel_id = ${row}.channel_id and ${inMonth} group by channel_id, customer_id
      union all select ${month}, '*', customer_id, min(started_at) from conversations
        where ${customer} and ${inMonth} group by customer_id;`;
}

/** The statements that widen the rows of `NEW`'s customer by its start. */
function widen(db: Knex): string {
  const [least, greatest] = isSqlite(db) ? ['min', 'max'] : ['least', 'greatest'];
  const month = monthDay(db, 'NEW.started_at');
  return `
    insert into stats_customer_spans (channel_id, customer_id, first_started_at, last_started_at)
      values (NEW.channel_id, NEW.customer_id, NEW.started_at, NEW.started_at), ('*', NEW.customer_id, NEW.started_at, NEW.started_at)
      on conflict (channel_id, customer_id) do update set
        first_started_at = ${least}(stats_customer_spans.first_started_at, excluded.first_started_at),
        last_started_at = ${greatest}(stats_customer_spans.last_started_at, excluded.last_started_at);
    insert into stats_customer_months (month, channel_id, customer_id, first_started_at)
      values (${month}, NEW.channel_id, NEW.customer_id, NEW.started_at), (${month}, '*', NEW.customer_id, NEW.started_at)
      on conflict (month, channel_id, customer_id) do update set
        first_started_at = ${least}(stats_customer_months.first_started_at, excluded.first_started_at);`;
}

const WATCHED = 'customer_id, channel_id, started_at';

/** Creates the presence tables, fills them and adds the triggers. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('stats_customer_spans', (t) => {
    t.string('channel_id', 64).notNullable();
    // Text like `conversations.customer_id` (a channel id, a colon and a user id of up to 255 characters).
    t.text('customer_id').notNullable();
    t.bigInteger('first_started_at').notNullable();
    t.bigInteger('last_started_at').notNullable();
    t.primary(['channel_id', 'customer_id']);
    t.index(['channel_id', 'last_started_at', 'first_started_at'], 'stats_customer_spans_last');
    t.index(['channel_id', 'first_started_at', 'last_started_at'], 'stats_customer_spans_first');
  });
  await db.schema.createTable('stats_customer_months', (t) => {
    t.bigInteger('month').notNullable();
    t.string('channel_id', 64).notNullable();
    // Text like `conversations.customer_id` (a channel id, a colon and a user id of up to 255 characters).
    t.text('customer_id').notNullable();
    t.bigInteger('first_started_at').notNullable();
    t.primary(['month', 'channel_id', 'customer_id']);
  });
  await db.raw(`insert into stats_customer_spans (channel_id, customer_id, first_started_at, last_started_at)
    select channel_id, customer_id, min(started_at), max(started_at) from conversations group by channel_id, customer_id
    union all select '*', customer_id, min(started_at), max(started_at) from conversations group by customer_id`);
  const month = monthDay(db, 'started_at');
  await db.raw(`insert into stats_customer_months (month, channel_id, customer_id, first_started_at)
    select ${month}, channel_id, customer_id, min(started_at) from conversations group by ${month}, channel_id, customer_id
    union all select ${month}, '*', customer_id, min(started_at) from conversations group by ${month}, customer_id`);
  if (isSqlite(db)) {
    await db.raw(`create trigger stats_presence_conversations_ins after insert on conversations begin ${widen(db)} end`);
    await db.raw(`create trigger stats_presence_conversations_del after delete on conversations begin ${recompute(db, 'OLD')} end`);
    await db.raw(
      `create trigger stats_presence_conversations_upd after update of ${WATCHED} on conversations ` +
        `begin ${recompute(db, 'OLD')} ${widen(db)} end`,
    );
    return;
  }
  await db.raw(`create function stats_presence_conversations() returns trigger language plpgsql as $$
begin
  if tg_op <> 'INSERT' then ${recompute(db, 'OLD')} end if;
  if tg_op <> 'DELETE' then ${widen(db)} end if;
  return null;
end $$`);
  await db.raw(
    `create trigger stats_presence_conversations after insert or delete or update of ${WATCHED} on conversations ` +
      'for each row execute function stats_presence_conversations()',
  );
}

/** Removes the triggers and the presence tables. */
export async function down(db: Knex): Promise<void> {
  if (isSqlite(db)) {
    for (const op of ['ins', 'del', 'upd']) await db.raw(`drop trigger if exists stats_presence_conversations_${op}`);
  } else {
    await db.raw('drop trigger if exists stats_presence_conversations on conversations');
    await db.raw('drop function if exists stats_presence_conversations()');
  }
  await db.schema.dropTableIfExists('stats_customer_months');
  await db.schema.dropTableIfExists('stats_customer_spans');
}
