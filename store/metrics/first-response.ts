import type { Knex } from 'knex';
import { summariseDurations } from './percentiles';
import type { FirstResponseStats } from './stats-types';
import { handoffsInWindow, inWindow, toCount, type StatsWindow } from './stats-window';

const WAIT = '(h.first_agent_reply_at - h.requested_at)';

/**
 * First response time of the handoffs requested in the window: the agent's first message
 * minus the handoff request (the bot's own replies do not count). `unattended`: tickets
 * opened in the window that are still open or assigned without any agent reply. `outOfHours`:
 * the requests for a person made while the team was away (`BUSINESS_HOURS`).
 */
export async function computeFirstResponse(db: Knex, window: StatsWindow): Promise<FirstResponseStats> {
  const requested = () => handoffsInWindow(db, window);
  const replied = () => requested().whereNotNull('h.first_agent_reply_at');
  const [counts, unattended] = await Promise.all([
    requested()
      .select(
        db.raw('count(*) as handoffs'),
        db.raw('count(h.first_agent_reply_at) as n'),
        db.raw(`sum(${WAIT}) as total`),
        db.raw('sum(case when h.out_of_hours then 1 else 0 end) as out_of_hours'),
      )
      .first(),
    inWindow(db('tickets'), 'opened_at', window)
      .whereNull('first_agent_reply_at')
      .whereIn('status', ['open', 'assigned'])
      .count({ n: '*' })
      .first(),
  ]);
  return {
    handoffs: toCount(counts?.handoffs),
    outOfHours: toCount(counts?.out_of_hours),
    ...(await summariseDurations(db, replied, WAIT, toCount(counts?.n), toCount(counts?.total))),
    unattended: toCount(unattended?.n),
  };
}
