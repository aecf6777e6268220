import type { Knex } from 'knex';
import { writeModelSummary } from './model-summaries';
import type { SatisfactionSummary } from './satisfaction-summary';
import type { SegmentSummary } from './segment-summary';

// Rows per statement: keeps every insert and `where in` far below SQLite's bound-variable limit.
const BATCH = 400;

/** The satisfaction model's estimate for one unrated conversation. */
export interface SatisfactionEstimate {
  conversationId: string;
  channelId: string;
  startedAt: number;
  predictedRating: number;
}

/**
 * Replaces every row of `satisfaction_estimates` and the model's summary in one transaction,
 * so the stats never mix two fits.
 */
export async function replaceSatisfactionEstimates(
  db: Knex,
  estimates: readonly SatisfactionEstimate[],
  summary: SatisfactionSummary,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx('satisfaction_estimates').delete();
    for (let i = 0; i < estimates.length; i += BATCH) {
      await tx('satisfaction_estimates').insert(
        estimates.slice(i, i + BATCH).map((e) => ({
          conversation_id: e.conversationId,
          channel_id: e.channelId,
          started_at: e.startedAt,
          predicted_rating: e.predictedRating,
          fitted_at: summary.fittedAt,
        })),
      );
    }
    await writeModelSummary(tx, 'satisfaction', summary, summary.fittedAt);
  });
}

/**
 * Writes `customers.segment` from `assignments` (customer id → segment id; customers not in it
 * get none) and the segments' summary in one transaction.
 */
export async function replaceCustomerSegments(db: Knex, assignments: ReadonlyMap<string, number>, summary: SegmentSummary): Promise<void> {
  const members = new Map<number, string[]>();
  for (const [customerId, segment] of assignments) {
    const list = members.get(segment) ?? [];
    list.push(customerId);
    members.set(segment, list);
  }
  await db.transaction(async (tx) => {
    await tx('customers').whereNotNull('segment').update({ segment: null });
    for (const [segment, ids] of members) {
      for (let i = 0; i < ids.length; i += BATCH) {
        await tx('customers')
          .whereIn('id', ids.slice(i, i + BATCH))
          .update({ segment });
      }
    }
    await writeModelSummary(tx, 'segments', summary, summary.fittedAt);
  });
}
