import type { IntentModel } from './intent-model';
import { type LabelledText, oosLabel } from './training-data';

/** Evaluation figures, as printed by `support-bot nlu eval --json`. */
export interface EvalReport {
  n: number;
  accuracy: number;
  macroF1: number;
  inScopeAccuracy: number;
  oosRecall: number | null;
  oosPrecision: number | null;
}

/** A predicted label for each row: `oos` when flagged, else the intent. */
export function predictLabels(model: IntentModel, rows: readonly LabelledText[]): string[] {
  return rows.map((r) => {
    const p = model.predict(r.text);
    return p.outOfScope ? oosLabel : p.intent;
  });
}

/**
 * Scores predicted labels against the truth: a flagged row counts as `oos`; macro-F1 over
 * the labels present in the data (`oos` included); oos figures are null without oos rows.
 */
export function evaluatePredictions(truth: readonly string[], predicted: readonly string[]): EvalReport {
  const n = truth.length;
  let correct = 0;
  let inScope = 0;
  let inScopeCorrect = 0;
  let oosRows = 0;
  let flagged = 0;
  let flaggedOos = 0;
  truth.forEach((t, i) => {
    const p = predicted[i];
    if (p === t) correct++;
    if (p === oosLabel) flagged++;
    if (t === oosLabel) {
      oosRows++;
      if (p === oosLabel) flaggedOos++;
    } else {
      inScope++;
      if (p === t) inScopeCorrect++;
    }
  });
  return {
    n,
    accuracy: ratio(correct, n),
    macroF1: macroF1(truth, predicted),
    inScopeAccuracy: ratio(inScopeCorrect, inScope),
    oosRecall: oosRows > 0 ? ratio(flaggedOos, oosRows) : null,
    oosPrecision: oosRows > 0 ? ratio(flaggedOos, flagged) : null,
  };
}

/** Mean over the labels present in the truth of each label's F1. */
export function macroF1(truth: readonly string[], predicted: readonly string[]): number {
  const labels = [...new Set(truth)];
  let sum = 0;
  for (const label of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    truth.forEach((t, i) => {
      const p = predicted[i];
      if (p === label && t === label) tp++;
      else if (p === label) fp++;
      else if (t === label) fn++;
    });
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return ratio(sum, labels.length);
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}
