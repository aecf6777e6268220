import type { Knex } from 'knex';
import { fitSatisfactionModel, type SatisfactionFitOptions } from '../../nlu/satisfaction-model';
import { fitSegments, type SegmentFitOptions } from '../../nlu/segments';
import { loadConversationFeatures } from './conversation-features';
import { loadCustomerFeatures } from './customer-features';
import { writeModelSummary } from './model-summaries';
import type { SatisfactionSummary } from './satisfaction-summary';
import type { SegmentSummary } from './segment-summary';

const BATCH = 400;

/** Options of {@link refitMetricModels}. */
export interface RefitOptions {
  now?: number;
  satisfaction?: SatisfactionFitOptions;
  segments?: SegmentFitOptions;
}

/** What a refit produced (null parts: not enough data yet, nothing stored). */
export interface RefitResult {
  satisfaction: SatisfactionSummary | null;
  segments: SegmentSummary | null;
}

/** Refits the satisfaction model and the customer segments and stores their results. */
export async function refitMetricModels(db: Knex, options: RefitOptions = {}): Promise<RefitResult> {
  const now = options.now ?? Date.now();
  const satisfaction = await refitSatisfaction(db, now, options.satisfaction);
  const segments = await refitSegments(db, now, options.segments);
  return { satisfaction, segments };
}

/**
 * Trains the satisfaction model on the rated ended conversations (held-out MAE) and replaces
 * `satisfaction_estimates` with its predictions for the unrated ones.
 */
export async function refitSatisfaction(db: Knex, now: number, options?: SatisfactionFitOptions): Promise<SatisfactionSummary | null> {
  const rows = await loadConversationFeatures(db);
  const fit = await fitSatisfactionModel(rows, options);
  if (!fit) return null;
  const unrated = rows.filter((r) => r.rating === null);
  const predictions = fit.model.predict(unrated.map((r) => r.features));
  const summary: SatisfactionSummary = {
    mae: fit.mae,
    trainRows: fit.trainIds.length,
    heldOutRows: fit.heldOutIds.length,
    estimated: unrated.length,
    fittedAt: now,
  };
  await db.transaction(async (tx) => {
    await tx('satisfaction_estimates').delete();
    for (let i = 0; i < unrated.length; i += BATCH) {
      await tx('satisfaction_estimates').insert(
        unrated.slice(i, i + BATCH).map((r, j) => ({
          conversation_id: r.id,
          channel_id: r.channelId,
          started_at: r.startedAt,
          predicted_rating: predictions[i + j],
          fitted_at: now,
        })),
      );
    }
    await writeModelSummary(tx, 'satisfaction', summary, now);
  });
  return summary;
}

/** Fits the customer segments, stores their summary and writes `customers.segment`. */
export async function refitSegments(db: Knex, now: number, options?: SegmentFitOptions): Promise<SegmentSummary | null> {
  const customers = await loadCustomerFeatures(db, now);
  const fit = fitSegments(customers, options);
  if (!fit) return null;
  const summary: SegmentSummary = {
    k: fit.k,
    silhouette: fit.silhouette,
    customers: customers.length,
    fittedAt: now,
    segments: fit.segments,
  };
  const members = new Map<number, string[]>();
  for (const [customerId, segment] of fit.assignments) {
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
    await writeModelSummary(tx, 'segments', summary, now);
  });
  return summary;
}
