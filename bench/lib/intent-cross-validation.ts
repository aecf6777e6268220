import { type LabelledText, type TrainOptions, oosLabel, trainIntentModel } from '../../nlu';
import { seededRandom, shuffled } from '../../common/seeded-random';

/** Figures of a stratified k-fold cross-validation under the eval contract (a flagged row counts as `oos`). */
export interface CrossValidation {
  /** Mean over the folds of the accuracy. */
  readonly cvAccuracy: number;
  readonly cvFoldAccuracies: number[];
  /** Mean over the folds of the share of `oos` rows flagged. */
  readonly oosRecall: number;
  /** Mean over the folds of the share of in-scope rows flagged. */
  readonly inScopeFlagged: number;
}

/**
 * Stratified `folds`-fold cross-validation of `options` on `rows` (fold assignment seeded by
 * `options.seed`); `onFold` receives each fold's figures as they come.
 */
export function crossValidateIntents(
  rows: readonly LabelledText[],
  folds: number,
  options: TrainOptions,
  onFold: (fold: number, figures: { accuracy: number; oosRecall: number; inScopeFlagged: number }) => void = () => undefined,
): CrossValidation {
  const order = shuffled(
    rows.map((_, i) => i),
    seededRandom(options.seed),
  ).sort((a, b) => rows[a].intent.localeCompare(rows[b].intent));
  const foldOf = new Int32Array(rows.length);
  order.forEach((row, position) => (foldOf[row] = position % folds));
  const accuracies: number[] = [];
  const recalls: number[] = [];
  const flaggedShares: number[] = [];
  for (let f = 0; f < folds; f++) {
    const test = rows.filter((_, i) => foldOf[i] === f);
    const model = trainIntentModel(
      rows.filter((_, i) => foldOf[i] !== f),
      options,
    );
    const predicted = test.map((r) => {
      const p = model.predict(r.text);
      return p.outOfScope ? oosLabel : p.intent;
    });
    const rate = (oos: boolean): number => {
      const members = test.flatMap((r, i) => ((r.intent === oosLabel) === oos ? [predicted[i]] : []));
      return members.filter((p) => p === oosLabel).length / Math.max(1, members.length);
    };
    const figures = {
      accuracy: test.filter((r, i) => r.intent === predicted[i]).length / test.length,
      oosRecall: rate(true),
      inScopeFlagged: rate(false),
    };
    accuracies.push(figures.accuracy);
    recalls.push(figures.oosRecall);
    flaggedShares.push(figures.inScopeFlagged);
    onFold(f, figures);
  }
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { cvAccuracy: mean(accuracies), cvFoldAccuracies: accuracies, oosRecall: mean(recalls), inScopeFlagged: mean(flaggedShares) };
}
