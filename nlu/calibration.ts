import type { OosCalibration } from './intent-model-json';
import type { RawRanking } from './intent-ranker';

/** Softmax of scores divided by a temperature. */
export function softmax(scores: Float64Array, temperature: number): Float64Array {
  const max = scores.reduce((m, v) => Math.max(m, v), -Infinity);
  const exp = scores.map((s) => Math.exp((s - max) / temperature));
  const z = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / z);
}

/** A held-out message's raw ranking and its true class. */
export interface HeldOutRanking {
  readonly ranking: RawRanking;
  readonly label: number;
}

/** Temperature minimising the negative log-likelihood of the held-out true classes. */
export function fitTemperature(heldOut: readonly HeldOutRanking[]): number {
  let best = 1;
  let bestNll = Infinity;
  for (let t = 0.25; t <= 4.0001; t *= 1.1) {
    let nll = 0;
    for (const { ranking, label } of heldOut) {
      const p = softmax(ranking.scores, t);
      const i = ranking.classes.indexOf(label);
      nll -= Math.log(Math.max(i >= 0 ? p[i] : 0, 1e-6));
    }
    if (nll < bestNll) {
      bestNll = nll;
      best = t;
    }
  }
  return best;
}

/** The decision for one message. */
export interface ScopeDecision {
  /** Index in `ranking.classes` of the best in-scope class. */
  readonly bestInScope: number;
  readonly probabilities: Float64Array;
  readonly outOfScope: boolean;
}

/**
 * Applies the calibration: probabilities, best in-scope candidate and the out-of-scope flag.
 * A message is out of scope when the out-of-scope class ranks first, when none of its content
 * words is known, when the best intent's confidence is below the floor, or when it is novel
 * (unlike every training message) and the best intent is not confident: novelty alone never
 * overrules a confident intent.
 */
export function decideScope(ranking: RawRanking, calibration: OosCalibration, oosClass: number): ScopeDecision {
  const probabilities = softmax(ranking.scores, calibration.temperature);
  const bestInScope = ranking.classes[0] === oosClass ? 1 : 0;
  const confidence = probabilities[bestInScope];
  const novel = ranking.similarity < calibration.minSimilarity && confidence < calibration.noveltyMaxConfidence;
  const outOfScope = bestInScope === 1 || ranking.knownWords === 0 || confidence < calibration.minConfidence || novel;
  return { bestInScope, probabilities, outOfScope };
}

/**
 * Chooses the thresholds on held-out training rows: the similarity floor (which only applies
 * below `noveltyMaxConfidence`) is the similarity of the least similar third of the in-scope
 * budget, and the confidence floor is the highest that keeps the share of flagged in-scope
 * rows within `inScopeBudget`.
 */
export function chooseThresholds(
  heldOut: readonly HeldOutRanking[],
  temperature: number,
  oosClass: number,
  budget: { readonly inScopeBudget: number; readonly noveltyMaxConfidence: number },
): OosCalibration {
  const inScope = heldOut.filter((h) => h.label !== oosClass);
  const sims = inScope.map((h) => h.ranking.similarity).sort((a, b) => a - b);
  const minSimilarity = quantile(sims, budget.inScopeBudget / 3);
  const open = { temperature, minConfidence: 0, minSimilarity, noveltyMaxConfidence: budget.noveltyMaxConfidence };
  const confidences = inScope
    .map((h) => {
      const d = decideScope(h.ranking, open, oosClass);
      return d.outOfScope ? -1 : d.probabilities[d.bestInScope];
    })
    .sort((a, b) => a - b);
  const alreadyFlagged = confidences.filter((c) => c < 0).length;
  const allowed = Math.floor(budget.inScopeBudget * confidences.length) - alreadyFlagged;
  const minConfidence = allowed > 0 ? confidences[alreadyFlagged + allowed - 1] : 0;
  return { ...open, minConfidence: Math.max(0, minConfidence) };
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
