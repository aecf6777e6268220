import type { Knex } from 'knex';
import { DAY_MS } from '../../../common/time';
import { churnMonth, computeChurn, monthsOverlapping } from '../churn';
import type { ChurnMonth } from '../stats-types';
import { toCount, type StatsWindow } from '../stats-window';
import { churnCounts } from './customer-presence';
import { nextMonth } from './window-split';

/** Channel id of the churn rows over every channel. */
const ALL_CHANNELS = '*';

/**
 * Writes the churn of the month starting on day `month` against the previous month, over every
 * channel and per channel, from the conversations (inside the rebuild's transaction; both months
 * must be closed and current).
 */
export async function writeChurnRollups(tx: Knex, month: number): Promise<void> {
  await tx('stats_rollup_churn').where({ month }).delete();
  const from = month * DAY_MS;
  const to = nextMonth(month) * DAY_MS;
  const channels = (await tx('conversations')
    .where('started_at', '>=', nextMonth(month, -1) * DAY_MS)
    .andWhere('started_at', '<', to)
    .distinct('channel_id')) as Array<{ channel_id: string }>;
  for (const channel of [null, ...channels.map((c) => c.channel_id)]) {
    const [churn] = await computeChurn(tx, { from, to, channel });
    await tx('stats_rollup_churn').insert({
      month,
      channel_id: channel ?? ALL_CHANNELS,
      active_previous: churn.activePrevious,
      churned: churn.churned,
    });
  }
}

/** Deletes the churn rows of the month starting on day `month`. */
export async function deleteChurnRollups(tx: Knex, month: number): Promise<void> {
  await tx('stats_rollup_churn').where({ month }).delete();
}

/**
 * Churn per calendar month of the window (computeChurn's definition): months that ended by the
 * window's end and whose month and previous month are in `rolledMonths` are read from the churn
 * roll-ups; the others (the current or partial month, months not rolled up) from the customer
 * presence tables.
 */
export async function churnFromRollups(db: Knex, window: StatsWindow, rolledMonths: ReadonlySet<number>): Promise<ChurnMonth[]> {
  const months = monthsOverlapping(window.from, window.to).map((m) => ({ ...m, day: m.start / DAY_MS }));
  const usable = months.filter((m) => m.next <= window.to && rolledMonths.has(m.day) && rolledMonths.has(nextMonth(m.day, -1)));
  const rows =
    usable.length === 0
      ? []
      : ((await db('stats_rollup_churn')
          .whereIn(
            'month',
            usable.map((m) => m.day),
          )
          .whereIn('channel_id', [ALL_CHANNELS, window.channel ?? ALL_CHANNELS])
          .select('month', 'channel_id', 'active_previous', 'churned')) as Array<Record<string, unknown>>);
  const built = new Set(rows.filter((r) => r.channel_id === ALL_CHANNELS).map((r) => Number(r.month)));
  const counts = new Map(
    rows
      .filter((r) => r.channel_id === (window.channel ?? ALL_CHANNELS))
      .map((r) => [Number(r.month), [toCount(r.active_previous), toCount(r.churned)]]),
  );
  return Promise.all(
    months.map(async (m) => {
      // A built month without a row for the channel: the channel had no customers in either month.
      if (built.has(m.day)) return churnMonth(m.label, ...((counts.get(m.day) ?? [0, 0]) as [number, number]));
      return churnMonth(m.label, ...(await churnCounts(db, m.day, Math.min(m.next, window.to), window.channel)));
    }),
  );
}
