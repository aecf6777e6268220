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

/** What the out-of-scope decision looks at in one ranked message. */
export interface ScopeScores {
  /** Whether the out-of-scope class ranks first. */
  readonly oosFirst: boolean;
  /** Probability of the out-of-scope class when it ranks first, else 0. */
  readonly oosProbability: number;
  /** Probability of the best in-scope intent. */
  readonly confidence: number;
  readonly similarity: number;
  readonly knownWords: number;
}

/** The scores of a ranking, given its probabilities. */
export function scopeScores(ranking: RawRanking, probabilities: Float64Array, oosClass: number): ScopeScores {
  const oosFirst = ranking.classes[0] === oosClass;
  return {
    oosFirst,
    oosProbability: oosFirst ? probabilities[0] : 0,
    confidence: probabilities[oosFirst ? 1 : 0],
    similarity: ranking.similarity,
    knownWords: ranking.knownWords,
  };
}

/**
 * The out-of-scope flag: the out-of-scope class ranks first with at least
 * `minOosConfidence`, none of the content words is known, the best intent's confidence is
 * below the floor, or the message is novel (unlike every training message) and the best
 * intent is not confident: novelty alone never overrules a confident intent.
 */
export function isOutOfScope(s: ScopeScores, calibration: OosCalibration): boolean {
  const novel = s.similarity < calibration.minSimilarity && s.confidence < calibration.noveltyMaxConfidence;
  const oosWins = s.oosFirst && s.oosProbability >= calibration.minOosConfidence;
  return oosWins || s.knownWords === 0 || s.confidence < calibration.minConfidence || novel;
}

/** Applies the calibration: probabilities, best in-scope candidate and the out-of-scope flag ({@link isOutOfScope}). */
export function decideScope(ranking: RawRanking, calibration: OosCalibration, oosClass: number): ScopeDecision {
  const probabilities = softmax(ranking.scores, calibration.temperature);
  const scores = scopeScores(ranking, probabilities, oosClass);
  return { bestInScope: scores.oosFirst ? 1 : 0, probabilities, outOfScope: isOutOfScope(scores, calibration) };
}
