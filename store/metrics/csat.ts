import type { Knex } from 'knex';
import { readModelSummary } from './model-summaries';
import { satisfactionSummarySchema } from './satisfaction-summary';
import type { CsatStats } from './stats-types';
import { inWindow, ratio, toCount, type StatsWindow } from './stats-window';

/** A predicted rating at or above this counts as satisfied in `estimatedPercent`. */
export const SATISFIED_PREDICTION = 3.5;

/** The satisfaction model's figures of a window: estimated CSAT over unrated conversations and the model's error. */
export interface EstimateFigures {
  estimatedPercent: number | null;
  modelMae: number | null;
}

/**
 * The satisfaction model's estimate over the unrated conversations started in the window and
 * its mean absolute error. Kept raw (no roll-up): every refit replaces all the estimates.
 */
export async function computeEstimates(db: Knex, window: StatsWindow): Promise<EstimateFigures> {
  const [estimates, model] = await Promise.all([
    inWindow(db('satisfaction_estimates'), 'started_at', window)
      .select(
        db.raw('count(*) as n'),
        db.raw('sum(case when predicted_rating >= ? then 1 else 0 end) as satisfied', [SATISFIED_PREDICTION]),
      )
      .first(),
    readModelSummary(db, 'satisfaction', satisfactionSummarySchema),
  ]);
  return {
    estimatedPercent: ratio(toCount(estimates?.satisfied), toCount(estimates?.n), 100),
    modelMae: model?.mae ?? null,
  };
}

/**
 * Survey figures over surveys sent in the window (both kinds, agent and KB), plus the
 * satisfaction model's estimate over unrated conversations started in the window.
 */
export async function computeCsat(db: Knex, window: StatsWindow): Promise<CsatStats> {
  const [surveys, estimates] = await Promise.all([
    inWindow(db('feedback'), 'sent_at', window)
      .select(
        db.raw('count(*) as sent'),
        db.raw('count(rating) as ratings'),
        db.raw('sum(case when rating >= 4 then 1 else 0 end) as satisfied'),
      )
      .first(),
    computeEstimates(db, window),
  ]);
  const sent = toCount(surveys?.sent);
  const ratings = toCount(surveys?.ratings);
  return {
    percent: ratio(toCount(surveys?.satisfied), ratings, 100),
    ratings,
    surveysSent: sent,
    responseRate: ratio(ratings, sent),
    ...estimates,
  };
}
