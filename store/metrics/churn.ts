import type { Knex } from 'knex';
import type { ChurnMonth } from './stats-types';
import { ratio, toCount, type StatsWindow } from './stats-window';

/** A calendar month as UTC bounds. */
interface MonthBounds {
  label: string;
  start: number;
  next: number;
}

/** The UTC calendar months overlapping `[from, to)`, oldest first. */
export function monthsOverlapping(from: number, to: number): MonthBounds[] {
  const months: MonthBounds[] = [];
  const first = new Date(from);
  for (let i = 0; ; i++) {
    const start = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + i, 1);
    if (start >= to) return months;
    const d = new Date(start);
    months.push({
      label: `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`,
      start,
      next: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1),
    });
  }
}

/**
 * Churn per calendar month n overlapping the window: customers with a conversation in month
 * n−1 but none in month n (up to the window's end) ÷ customers with one in month n−1 × 100.
 * Retention = 100 − churn. One query: each customer's active months of the period as a bit
 * mask (grouped over the (customer_id, started_at) index), then one conditional count per month.
 */
export async function computeChurn(db: Knex, window: StatsWindow): Promise<ChurnMonth[]> {
  const months = monthsOverlapping(window.from, window.to);
  const first = new Date(months[0].start);
  const previousStart = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() - 1, 1);
  // Month index: 0 = the month before the window's first month, i = months[i-1].
  const monthIndex = `case ${months.map((_, i) => `when started_at < ? then ${i}`).join(' ')} else ${months.length} end`;
  const bit = (i: number) => (1n << BigInt(i)).toString();
  const counts = months.map(
    (_, i) =>
      `sum(case when (mask & ${bit(i)}) <> 0 then 1 else 0 end) as a${i}, ` +
      `sum(case when (mask & ${bit(i)}) <> 0 and (mask & ${bit(i + 1)}) = 0 then 1 else 0 end) as c${i}`,
  );
  const channel = window.channel === null ? '' : ' and channel_id = ?';
  const sql = `select ${counts.join(', ')} from (
      select customer_id, cast(sum(distinct cast(1 as bigint) << (${monthIndex})) as bigint) as mask
      from conversations where started_at >= ? and started_at < ?${channel} group by customer_id
    ) m`;
  const args = [...months.map((m) => m.start), previousStart, window.to, ...(window.channel === null ? [] : [window.channel])];
  const row = firstRow(await db.raw(sql, args)) ?? {};
  return months.map((m, i) => churnMonth(m.label, toCount(row[`a${i}`]), toCount(row[`c${i}`])));
}

/** A month's churn figures from its two counts. */
export function churnMonth(month: string, activePrevious: number, churned: number): ChurnMonth {
  const churnPercent = ratio(churned, activePrevious, 100);
  return { month, activePrevious, churned, churnPercent, retentionPercent: churnPercent === null ? null : 100 - churnPercent };
}

/** The first row of a `db.raw` result: an array on SQLite, `{ rows }` on PostgreSQL. */
export function firstRow(result: unknown): Record<string, unknown> | undefined {
  const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
  return rows[0] as Record<string, unknown> | undefined;
}
