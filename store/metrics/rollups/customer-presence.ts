import type { Knex } from 'knex';
import { DAY_MS } from '../../../common/time';
import { dialectOf } from '../../db';
import { toCount, type StatsWindow } from '../stats-window';
import { nextMonth } from './window-split';

// The presence tables (migration 20261203100000-stats-customer-presence), kept current by
// triggers on `conversations`: per customer and channel its first and last conversation start
// (`stats_customer_spans`), and per month its first start in that month (`stats_customer_months`).

/** Channel id of the presence rows over every channel. */
const ALL_CHANNELS = '*';

const channelOf = (window: { channel: string | null }) => window.channel ?? ALL_CHANNELS;

async function count(query: Knex.QueryBuilder): Promise<number> {
  const row = (await query.count({ n: '*' }).first()) as { n?: unknown } | undefined;
  return toCount(row?.n);
}

/**
 * Distinct customers with a conversation started in the window (of its channel or any): those
 * whose last start lies in it, those whose first start lies in it and last after it, and of those
 * active both before and after it (few for a window that ends near now or starts near the
 * first data), the ones with a conversation inside, probed one by one.
 */
export async function countCustomers(db: Knex, window: StatsWindow): Promise<number> {
  const spans = () => db('stats_customer_spans as s').where('s.channel_id', channelOf(window));
  const inside = (q: Knex.QueryBuilder) =>
    q
      .select(db.raw('1'))
      .whereRaw('c.customer_id = s.customer_id')
      .andWhere('c.started_at', '>=', window.from)
      .andWhere('c.started_at', '<', window.to);
  const counts = await Promise.all([
    count(spans().where('s.last_started_at', '>=', window.from).andWhere('s.last_started_at', '<', window.to)),
    count(
      spans()
        .where('s.first_started_at', '>=', window.from)
        .andWhere('s.first_started_at', '<', window.to)
        .andWhere('s.last_started_at', '>=', window.to),
    ),
    count(
      spans()
        .where('s.last_started_at', '>=', window.to)
        .andWhere('s.first_started_at', '<', window.from)
        .whereExists(
          inside(window.channel === null ? db('conversations as c') : db('conversations as c').where('c.channel_id', window.channel)),
        ),
    ),
  ]);
  return counts.reduce((a, b) => a + b, 0);
}

/**
 * Churn counts of the month starting on day `month` against the previous month, with the month's
 * activity counted up to `to` (computeChurn's definition): customers active in the previous
 * month, and those of them with no conversation in the month before `to`.
 */
export async function churnCounts(db: Knex, month: number, to: number, channel: string | null): Promise<[number, number]> {
  const previous = () =>
    db('stats_customer_months as p').where('p.month', nextMonth(month, -1)).andWhere('p.channel_id', channelOf({ channel }));
  const [activePrevious, retained] = await Promise.all([
    count(previous()),
    count(
      previous().whereExists(
        db('stats_customer_months as q')
          .select(db.raw('1'))
          .where('q.month', month)
          .andWhere('q.channel_id', channelOf({ channel }))
          .whereRaw('q.customer_id = p.customer_id')
          .andWhere('q.first_started_at', '<', to),
      ),
    ),
  ]);
  return [activePrevious, activePrevious - retained];
}

/** SQL of the first UTC day (days since 1970-01-01) of the month of a millisecond time column. */
function monthDaySql(db: Knex, column: string): string {
  const start =
    dialectOf(db) === 'sqlite'
      ? `(strftime('%s', ${column} / 1000, 'unixepoch', 'start of month') * 1000)`
      : `(extract(epoch from date_trunc('month', to_timestamp(${column} / 1000.0) at time zone 'UTC')) * 1000)::bigint`;
  return `(${start} / ${DAY_MS})`;
}

/** Recomputes both presence tables from the conversations (`support-bot stats rebuild`), inside `tx`. */
export async function rebuildCustomerPresence(tx: Knex): Promise<void> {
  await tx('stats_customer_spans').delete();
  await tx('stats_customer_months').delete();
  const month = monthDaySql(tx, 'started_at');
  for (const channel of ['channel_id', `'${ALL_CHANNELS}'`]) {
    const groups = channel === 'channel_id' ? 'channel_id, customer_id' : 'customer_id';
    await tx.raw(
      `insert into stats_customer_spans (channel_id, customer_id, first_started_at, last_started_at)
       select ${channel}, customer_id, min(started_at), max(started_at) from conversations group by ${groups}`,
    );
    await tx.raw(
      `insert into stats_customer_months (month, channel_id, customer_id, first_started_at)
       select ${month}, ${channel}, customer_id, min(started_at) from conversations group by ${month}, ${groups}`,
    );
  }
}
