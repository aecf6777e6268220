import type { Knex } from 'knex';
import { DAY_MS } from '../../common/time';
import type { ChannelCount, DayCount, IntentCount } from './stats-types';
import { inWindow, toCount, type StatsWindow } from './stats-window';

/** Label of conversations whose first message had no intent (nothing classified yet). */
export const UNCLASSIFIED = '(none)';

/** Conversations started in the window per first intent, most frequent first. */
export async function conversationsByIntent(db: Knex, window: StatsWindow): Promise<IntentCount[]> {
  const rows = (await inWindow(db('conversations'), 'started_at', window)
    .select('first_intent', db.raw('count(*) as n'))
    .groupBy('first_intent')) as Array<{ first_intent: string | null; n: unknown }>;
  return rows
    .map((r) => ({ intent: r.first_intent ?? UNCLASSIFIED, conversations: toCount(r.n) }))
    .sort((a, b) => b.conversations - a.conversations || byCodePoint(a.intent, b.intent));
}

/** Conversations started in the window per channel, most frequent first. */
export async function conversationsByChannel(db: Knex, window: StatsWindow): Promise<ChannelCount[]> {
  const rows = (await inWindow(db('conversations'), 'started_at', window)
    .select('channel_id', db.raw('count(*) as n'))
    .groupBy('channel_id')) as Array<{ channel_id: string; n: unknown }>;
  return rows
    .map((r) => ({ channel: r.channel_id, conversations: toCount(r.n) }))
    .sort((a, b) => b.conversations - a.conversations || byCodePoint(a.channel, b.channel));
}

/** Conversations started per UTC day of the window, every day listed (zeros included). */
export async function conversationsByDay(db: Knex, window: StatsWindow): Promise<DayCount[]> {
  const bucket = `started_at / ${DAY_MS}`;
  const rows = (await inWindow(db('conversations'), 'started_at', window)
    .select(db.raw(`${bucket} as day`), db.raw('count(*) as n'))
    .groupByRaw(bucket)) as Array<{ day: unknown; n: unknown }>;
  return listDays(window, new Map(rows.map((r) => [Number(r.day), toCount(r.n)])));
}

/** Every UTC day of the window with its conversations from `counts` (day number → count; 0 when absent). */
export function listDays(window: StatsWindow, counts: ReadonlyMap<number, number>): DayCount[] {
  const days: DayCount[] = [];
  for (let day = Math.floor(window.from / DAY_MS); day * DAY_MS < window.to; day++) {
    days.push({ day: new Date(day * DAY_MS).toISOString().slice(0, 10), conversations: counts.get(day) ?? 0 });
  }
  return days;
}

/** Orders strings by UTF-16 code units, the same on every locale. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
