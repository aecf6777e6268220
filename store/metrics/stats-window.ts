import type { Knex } from 'knex';

/** The period and channel the stats are computed over: `from` inclusive, `to` exclusive (UTC ms). */
export interface StatsWindow {
  readonly from: number;
  readonly to: number;
  /** Only this channel (`directline`, `msteams`, `webchat`, …); null = every channel. */
  readonly channel: string | null;
}

/** Restricts `query` to rows whose `timeColumn` lies in the window and, if set, to its channel. */
export function inWindow<Q extends Knex.QueryBuilder>(query: Q, timeColumn: string, window: StatsWindow, channelColumn = 'channel_id'): Q {
  query.where(timeColumn, '>=', window.from).andWhere(timeColumn, '<', window.to);
  if (window.channel !== null) query.andWhere(channelColumn, window.channel);
  return query;
}

/** A COUNT/SUM value from either engine as a number (SUM over no rows is null → 0). */
export function toCount(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/** `numerator ÷ denominator`, or null when the denominator is 0 (never NaN). */
export function ratio(numerator: number, denominator: number, scale = 1): number | null {
  return denominator > 0 ? (scale * numerator) / denominator : null;
}

/**
 * Handoffs requested in the window. The conversation is joined only to filter by channel
 * (handoffs have no channel of their own), so the unfiltered query stays on one table.
 */
export function handoffsInWindow(db: Knex, window: StatsWindow): Knex.QueryBuilder {
  if (window.channel === null) return inWindow(db('handoffs as h'), 'h.requested_at', window);
  return inWindow(db('handoffs as h').join('conversations as c', 'c.id', 'h.conversation_id'), 'h.requested_at', window, 'c.channel_id');
}
