import type { Knex } from 'knex';
import { summariseDurations } from './percentiles';
import type { ResolutionStats } from './stats-types';
import { inWindow, toCount, type StatsWindow } from './stats-window';

const DURATION = '(resolved_at - opened_at)';

/**
 * Resolution time of the tickets resolved in the window that are still resolved or closed
 * (a reopened ticket counts again only once it is resolved again, from its first opening).
 * `reopened` counts the `reopened` ticket events of the window.
 */
export async function computeResolution(db: Knex, window: StatsWindow): Promise<ResolutionStats> {
  const resolved = () => inWindow(db('tickets'), 'resolved_at', window).whereIn('status', ['resolved', 'closed']);
  const [counts, reopened] = await Promise.all([
    resolved()
      .select(db.raw('count(*) as n'), db.raw(`sum(${DURATION}) as total`))
      .first(),
    inWindow(db('ticket_events as e').join('tickets as t', 't.id', 'e.ticket_id'), 'e.created_at', window, 't.channel_id')
      .where('e.type', 'reopened')
      .count({ n: '*' })
      .first(),
  ]);
  const n = toCount(counts?.n);
  return {
    resolvedTickets: n,
    ...(await summariseDurations(db, resolved, DURATION, n, toCount(counts?.total))),
    reopened: toCount(reopened?.n),
  };
}
