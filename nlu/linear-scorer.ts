import { type Random, seededRandom, shuffled } from '../common/seeded-random';
import type { SparseVector } from './sparse-vector';

/** Settings of the softmax-regression signal. */
export interface LinearOptions {
  readonly epochs: number;
  readonly learningRate: number;
}

/**
 * Multinomial logistic regression over sparse TF-IDF vectors, trained by seeded SGD.
 * Weights are term-major (`weights[term * classes + class]`).
 */
export class LinearScorer {
  constructor(
    readonly weights: Float64Array,
    readonly bias: Float32Array,
  ) {}

  /** Class probabilities of a vector. */
  probabilities(x: SparseVector): Float32Array {
    const K = this.bias.length;
    const z = Float64Array.from(this.bias);
    const w = this.weights;
    const { idx, val } = x;
    for (let j = 0; j < idx.length; j++) {
      const base = idx[j] * K;
      const v = val[j];
      for (let c = 0; c < K; c++) z[c] += v * w[base + c];
    }
    return softmaxInPlace(z);
  }
}

/** Trains the regression on `rows` of `vectors` (all rows when `rows` is omitted). */
export function trainLinear(
  vectors: readonly SparseVector[],
  labels: Int32Array,
  numClasses: number,
  dims: number,
  options: LinearOptions,
  random: Random,
  rows: readonly number[] = vectors.map((_, i) => i),
): LinearScorer {
  const K = numClasses;
  const model = new LinearScorer(new Float64Array(dims * K), new Float32Array(K));
  const w = model.weights;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const rate = options.learningRate / (1 + epoch);
    for (const r of shuffled(rows, random)) {
      const x = vectors[r];
      const p = model.probabilities(x);
      p[labels[r]] -= 1;
      for (let c = 0; c < K; c++) model.bias[c] -= rate * p[c];
      for (let j = 0; j < x.idx.length; j++) {
        const base = x.idx[j] * K;
        const step = rate * x.val[j];
        for (let c = 0; c < K; c++) w[base + c] -= step * p[c];
      }
    }
  }
  return model;
}

/**
 * Out-of-fold probabilities for every row: `folds` models, each trained without one fold,
 * score the rows of that fold. Rows sharing a group (a message and its augmented copies,
 * `groupOf[row]` being the message's row) always fall in the same fold.
 */
export function crossFittedProbabilities(
  vectors: readonly SparseVector[],
  labels: Int32Array,
  numClasses: number,
  dims: number,
  options: LinearOptions,
  folds: number,
  seed: number,
  groupOf: readonly number[] = vectors.map((_, i) => i),
): Float32Array[] {
  const random = seededRandom(seed);
  const foldOfGroup = new Map<number, number>();
  shuffled([...new Set(groupOf)], random).forEach((group, position) => foldOfGroup.set(group, position % folds));
  const foldOf = groupOf.map((group) => foldOfGroup.get(group) ?? 0);
  const out: Float32Array[] = new Array<Float32Array>(vectors.length);
  for (let f = 0; f < folds; f++) {
    const held = foldOf.flatMap((fold, i) => (fold === f ? [i] : []));
    const fit = foldOf.flatMap((fold, i) => (fold === f ? [] : [i]));
    const model = trainLinear(vectors, labels, numClasses, dims, options, random, fit);
    for (const i of held) out[i] = model.probabilities(vectors[i]);
  }
  return out;
}

function softmaxInPlace(z: Float64Array): Float32Array {
  let max = -Infinity;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  const p = new Float32Array(z.length);
  for (let c = 0; c < z.length; c++) {
    p[c] = Math.exp(z[c] - max);
    sum += p[c];
  }
  for (let c = 0; c < z.length; c++) p[c] /= sum;
  return p;
}
