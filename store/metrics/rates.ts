import type { Knex } from 'knex';
import type { RateStats } from './stats-types';
import { handoffsInWindow, inWindow, ratio, toCount, type StatsWindow } from './stats-window';
import type { ConversationCounts } from './volume';

/**
 * Outcome rates (fractions 0–1) of the window. Over conversations started in it: deflection
 * (ended without handoff), bot resolution (deflected and confirmed solved), handoff and
 * out-of-scope. Abandonment: handoffs requested in the window that the customer left while
 * waiting (`abandoned`) ÷ handoffs requested. KB helpful: "yes" votes ÷ votes in the window.
 */
export async function computeRates(db: Knex, window: StatsWindow, counts: ConversationCounts): Promise<RateStats> {
  const [handoffs, votes] = await Promise.all([
    handoffsInWindow(db, window)
      .select(db.raw('count(*) as n'), db.raw("sum(case when h.status = 'abandoned' then 1 else 0 end) as abandoned"))
      .first(),
    inWindow(db('kb_feedback'), 'created_at', window)
      .select(db.raw('count(*) as n'), db.raw('sum(case when helpful then 1 else 0 end) as helpful'))
      .first(),
  ]);
  return {
    deflection: ratio(counts.deflected, counts.conversations),
    botResolution: ratio(counts.botResolved, counts.conversations),
    handoff: ratio(counts.handedOff, counts.conversations),
    abandonment: ratio(toCount(handoffs?.abandoned), toCount(handoffs?.n)),
    kbHelpful: ratio(toCount(votes?.helpful), toCount(votes?.n)),
    outOfScope: ratio(counts.outOfScope, counts.conversations),
  };
}
