import { DecisionTreeRegression, type RegressionJson } from 'ml-cart';
import { seededRandom, shuffled, type Random } from '../common/seeded-random';

/**
 * Per-conversation inputs of the satisfaction model by name. Their order here is the column
 * order of the trees' input rows, and {@link satisfactionVector} is the only place that builds
 * such a row, so callers pass named records and can never hand over misaligned columns.
 */
export const SATISFACTION_FEATURES = [
  'meanSentiment',
  'minSentiment',
  'customerTurns',
  'avgResponseMs',
  'maxResponseMs',
  'handedOff',
  'handoffWaitMs',
  'abandoned',
  'kbHelpful',
  'kbUnhelpful',
  'outOfScope',
] as const;
/** One of {@link SATISFACTION_FEATURES}. */
export type SatisfactionFeature = (typeof SATISFACTION_FEATURES)[number];
/** A conversation's satisfaction-model inputs, by name. */
export type SatisfactionFeatures = Readonly<Record<SatisfactionFeature, number>>;

/** One conversation: its named features and its rating, if any. */
export interface ConversationSample extends SatisfactionFeatures {
  id: string;
  /** The customer's 1–5 rating; null for an unrated conversation. */
  rating: number | null;
}

/** Options of {@link fitSatisfactionModel}. */
export interface SatisfactionFitOptions {
  seed?: number;
  /** Trees in the bagged ensemble. */
  trees?: number;
  maxDepth?: number;
  /** Rated rows used at most (a seeded sample beyond it): ml-cart's training cost is quadratic. */
  maxRatedRows?: number;
  /** Bootstrap rows per tree at most. */
  rowsPerTree?: number;
  /** Share of the rated rows kept out of training to measure the error. */
  heldOutShare?: number;
  /** Fewer rated conversations than this: no model. */
  minRated?: number;
}

/** The result of a fit: the model and its error on rated rows it never saw. */
export interface SatisfactionFit {
  model: SatisfactionModel;
  /** Mean absolute error (rating points) on the held-out rows. */
  mae: number;
  trainIds: string[];
  heldOutIds: string[];
}

/** Serialised {@link SatisfactionModel}. */
export interface SatisfactionModelJson {
  trees: RegressionJson[];
}

/** A bagged ensemble of ml-cart regression trees predicting a 1–5 rating. */
export class SatisfactionModel {
  constructor(private readonly trees: DecisionTreeRegression[]) {}

  /** Mean of the trees' predictions, clamped to 1–5, for each conversation's features. */
  predict(conversations: readonly SatisfactionFeatures[]): number[] {
    if (conversations.length === 0) return [];
    const rows = conversations.map(satisfactionVector);
    const sums = new Array<number>(rows.length).fill(0);
    for (const tree of this.trees) tree.predict(rows).forEach((p, i) => (sums[i] += p));
    return sums.map((s) => Math.min(5, Math.max(1, s / this.trees.length)));
  }

  /** The model as JSON (ml-cart's own tree format). */
  toJSON(): SatisfactionModelJson {
    return { trees: this.trees.map((t) => t.toJSON()) };
  }

  /** Restores a model from {@link SatisfactionModel.toJSON}. */
  static load(json: SatisfactionModelJson): SatisfactionModel {
    return new SatisfactionModel(json.trees.map((t) => DecisionTreeRegression.load(t)));
  }
}

/**
 * Trains the ensemble on the rated conversations with a seeded held-out split: the trees see
 * only the training part (bootstrap samples of it); the MAE is measured on the held-out part.
 * Yields to the event loop between trees. Null when there are too few ratings to learn from.
 */
export async function fitSatisfactionModel(
  samples: readonly ConversationSample[],
  options: SatisfactionFitOptions = {},
): Promise<SatisfactionFit | null> {
  const o = { seed: 7, trees: 7, maxDepth: 6, maxRatedRows: 5000, rowsPerTree: 1500, heldOutShare: 0.2, minRated: 20, ...options };
  const random = seededRandom(o.seed);
  const rated = shuffled(
    samples.filter((s) => s.rating !== null),
    random,
  ).slice(0, o.maxRatedRows);
  if (rated.length < o.minRated) return null;
  const heldOutCount = Math.max(1, Math.round(rated.length * o.heldOutShare));
  const heldOut = rated.slice(0, heldOutCount);
  const train = rated.slice(heldOutCount);
  const trees: DecisionTreeRegression[] = [];
  for (let t = 0; t < o.trees; t++) {
    const rows = bootstrap(train, Math.min(train.length, o.rowsPerTree), random);
    const tree = new DecisionTreeRegression({ maxDepth: o.maxDepth, minNumSamples: 10 });
    tree.train(
      rows.map(satisfactionVector),
      rows.map((r) => r.rating as number),
    );
    trees.push(tree);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const model = new SatisfactionModel(trees);
  return {
    model,
    mae: meanAbsoluteError(model, heldOut),
    trainIds: train.map((r) => r.id),
    heldOutIds: heldOut.map((r) => r.id),
  };
}

/** Mean absolute error of `model` over rated samples; throws on an empty list (no error to measure). */
export function meanAbsoluteError(model: SatisfactionModel, rated: readonly ConversationSample[]): number {
  if (rated.length === 0) throw new RangeError('meanAbsoluteError needs at least one rated sample');
  const predictions = model.predict(rated);
  return predictions.reduce((s, p, i) => s + Math.abs(p - (rated[i].rating as number)), 0) / rated.length;
}

/** The trees' input row of a conversation: its features in {@link SATISFACTION_FEATURES} order. */
function satisfactionVector(features: SatisfactionFeatures): number[] {
  return SATISFACTION_FEATURES.map((name) => features[name]);
}

function bootstrap<T>(rows: readonly T[], size: number, random: Random): T[] {
  return Array.from({ length: size }, () => rows[Math.floor(random() * rows.length)]);
}
