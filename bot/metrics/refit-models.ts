import type { Knex } from 'knex';
import { fitSatisfactionModel, type SatisfactionFitOptions } from '../../nlu/satisfaction-model';
import { fitSegments, type SegmentFitOptions } from '../../nlu/segments';
import { loadConversationFeatures } from '../../store/metrics/conversation-features';
import { loadCustomerFeatures } from '../../store/metrics/customer-features';
import { replaceCustomerSegments, replaceSatisfactionEstimates } from '../../store/metrics/fit-results';
import type { SatisfactionSummary } from '../../store/metrics/satisfaction-summary';
import type { SegmentSummary } from '../../store/metrics/segment-summary';

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

/**
 * Refits the satisfaction model and the customer segments and stores their results. It joins
 * the two sides that must not know each other: store/ loads named feature rows and writes the
 * results, nlu/ fits the models on them.
 */
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
  const predictions = fit.model.predict(unrated);
  const summary: SatisfactionSummary = {
    mae: fit.mae,
    trainRows: fit.trainIds.length,
    heldOutRows: fit.heldOutIds.length,
    estimated: unrated.length,
    fittedAt: now,
  };
  const estimates = unrated.map((r, i) => ({
    conversationId: r.id,
    channelId: r.channelId,
    startedAt: r.startedAt,
    predictedRating: predictions[i],
  }));
  await replaceSatisfactionEstimates(db, estimates, summary);
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
  await replaceCustomerSegments(db, fit.assignments, summary);
  return summary;
}
