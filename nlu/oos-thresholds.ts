import { type HeldOutRanking, type ScopeScores, isOutOfScope, scopeScores, softmax } from './calibration';
import type { OosCalibration } from './intent-model-json';

/** What the thresholds may cost and what they must not overrule. */
export interface ThresholdBudget {
  /** Largest share of the held-out in-scope rows the thresholds may flag. */
  readonly inScopeBudget: number;
  /** Confidence from which novelty alone no longer flags a message. */
  readonly noveltyMaxConfidence: number;
}

/** Shares of the in-scope budget tried for the novelty floor. */
const noveltyShares = [0, 0.25, 0.5, 0.75, 1];

/**
 * Chooses the out-of-scope thresholds on held-out rankings (every training row ranked by a
 * booster that did not see it): among the novelty floors (a quantile of the in-scope rows'
 * similarity) and the probabilities the out-of-scope class needs when it ranks first, the
 * combination that flags the most held-out `oos` rows while flagging at most
 * `inScopeBudget` of the in-scope rows (see {@link better}); the confidence floor then spends
 * what is left of the budget.
 */
export function chooseThresholds(
  heldOut: readonly HeldOutRanking[],
  temperature: number,
  oosClass: number,
  budget: ThresholdBudget,
): OosCalibration {
  const scores = heldOut.map((h) => scopeScores(h.ranking, softmax(h.ranking.scores, temperature), oosClass));
  const inScope = scores.filter((_, i) => heldOut[i].label !== oosClass);
  const outOfScope = scores.filter((_, i) => heldOut[i].label === oosClass);
  const allowed = Math.floor(budget.inScopeBudget * inScope.length);
  const sims = inScope.map((r) => r.similarity).sort((a, b) => a - b);
  const similarityFloors = [...new Set(noveltyShares.map((q) => (q === 0 ? 0 : quantile(sims, budget.inScopeBudget * q))))];
  const oosFloors = oosClassFloors(inScope, allowed);
  let best: Choice | undefined;
  for (const minSimilarity of similarityFloors) {
    for (const minOosConfidence of oosFloors) {
      const open: OosCalibration = {
        temperature,
        minConfidence: 0,
        minSimilarity,
        noveltyMaxConfidence: budget.noveltyMaxConfidence,
        minOosConfidence,
      };
      const calibration = { ...open, minConfidence: confidenceFloor(inScope, open, allowed) };
      const choice: Choice = {
        calibration,
        flaggedOos: outOfScope.filter((r) => isOutOfScope(r, calibration)).length,
        flagged: inScope.filter((r) => isOutOfScope(r, calibration)).length,
      };
      if (best === undefined || better(choice, best, allowed)) best = choice;
    }
  }
  return (
    best?.calibration ?? {
      temperature,
      minConfidence: 0,
      minSimilarity: 0,
      noveltyMaxConfidence: budget.noveltyMaxConfidence,
      minOosConfidence: 0,
    }
  );
}

/** A combination of thresholds and what it flags of the held-out rows. */
interface Choice {
  readonly calibration: OosCalibration;
  readonly flaggedOos: number;
  readonly flagged: number;
}

/**
 * Within the budget, more `oos` rows flagged wins, then fewer in-scope rows; a choice within
 * the budget beats one over it; over the budget (the unknown words alone may flag more than
 * it allows), fewer in-scope rows flagged wins.
 */
function better(a: Choice, b: Choice, allowed: number): boolean {
  const aWithin = a.flagged <= allowed;
  const bWithin = b.flagged <= allowed;
  if (aWithin !== bWithin) return aWithin;
  if (!aWithin) return a.flagged < b.flagged || (a.flagged === b.flagged && a.flaggedOos > b.flaggedOos);
  return a.flaggedOos > b.flaggedOos || (a.flaggedOos === b.flaggedOos && a.flagged < b.flagged);
}

/**
 * The highest confidence floor that keeps the flagged in-scope rows within `allowed`, given
 * the other thresholds (0 when those already flag that many).
 */
function confidenceFloor(inScope: readonly ScopeScores[], open: OosCalibration, allowed: number): number {
  const unflagged = Float64Array.from(inScope.filter((r) => !isOutOfScope(r, open)).map((r) => r.confidence));
  const remaining = allowed - (inScope.length - unflagged.length);
  if (remaining <= 0 || unflagged.length === 0) return 0;
  unflagged.sort();
  // A floor equal to the (remaining+1)-th lowest confidence flags only the rows strictly below it.
  return unflagged[Math.min(remaining, unflagged.length - 1)];
}

/**
 * Probabilities the out-of-scope class may be required to reach when it ranks first: 0, and
 * just above each of the in-scope rows it wins with the highest probability (a lower floor
 * would flag more in-scope rows than the budget allows).
 */
function oosClassFloors(inScope: readonly ScopeScores[], allowed: number): number[] {
  const wins = inScope
    .filter((r) => r.oosFirst)
    .map((r) => r.oosProbability)
    .sort((a, b) => b - a);
  return [0, ...new Set(wins.slice(0, allowed + 1).map(nextAbove))];
}

/** The smallest float above `x`, so that a floor of it leaves a row at exactly `x` unflagged. */
function nextAbove(x: number): number {
  return Math.min(1, x + 1e-12);
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
