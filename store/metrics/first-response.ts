import type { Knex } from 'knex';
import { summariseDurations } from './percentiles';
import type { FirstResponseStats } from './stats-types';
import { handoffsInWindow, inWindow, toCount, type StatsWindow } from './stats-window';

const WAIT = '(h.first_agent_reply_at - h.requested_at)';

/**
 * First response time of the handoffs requested in the window: the agent's first message
 * minus the handoff request (the bot's own replies do not count). `unattended`: tickets
 * opened in the window that are still open or assigned without any agent reply.
 */
export async function computeFirstResponse(db: Knex, window: StatsWindow): Promise<FirstResponseStats> {
  const requested = () => handoffsInWindow(db, window);
  const replied = () => requested().whereNotNull('h.first_agent_reply_at');
  const [counts, unattended] = await Promise.all([
    requested()
      .select(db.raw('count(*) as handoffs'), db.raw('count(h.first_agent_reply_at) as n'), db.raw(`sum(${WAIT}) as total`))
      .first(),
    inWindow(db('tickets'), 'opened_at', window)
      .whereNull('first_agent_reply_at')
      .whereIn('status', ['open', 'assigned'])
      .count({ n: '*' })
      .first(),
  ]);
  return {
    handoffs: toCount(counts?.handoffs),
    ...(await summariseDurations(db, replied, WAIT, toCount(counts?.n), toCount(counts?.total))),
    unattended: toCount(unattended?.n),
  };
}
