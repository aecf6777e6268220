import { DecisionTreeRegression, type RegressionJson } from 'ml-cart';

import { type Candidates, buildCandidates } from './candidate-features';
import type { ModelSettings } from './intent-model-json';
import type { KnownWords } from './known-words';
import type { LinearScorer } from './linear-scorer';
import type { MessageTerms } from './message-features';
import { SimilarityIndex, type SimilaritySignals } from './similarity-index';
import type { SparseVector } from './sparse-vector';
import type { TfidfSpace } from './tfidf-space';

/** Raw ranking of one message: candidate classes with booster scores, best first. */
export interface RawRanking {
  readonly classes: Int32Array;
  readonly scores: Float64Array;
  /** Mean over the two spaces of the best cosine to any training row. */
  readonly similarity: number;
  /** Number of the message's content words known from training (see {@link KnownWords}). */
  readonly knownWords: number;
}

/** The vectors of a message: word space, character space, and both side by side. */
export interface MessageVectors {
  readonly word: SparseVector;
  readonly char: SparseVector;
  readonly joint: SparseVector;
}

/**
 * The signal part of the model: word and character TF-IDF spaces with a similarity index
 * over the training rows of each (centroid cosine, kNN vote share, best match).
 */
export class SimilaritySpaces {
  readonly wordIndex: SimilarityIndex;
  readonly charIndex: SimilarityIndex;

  constructor(
    readonly word: TfidfSpace,
    readonly char: TfidfSpace,
    trainingVectors: readonly MessageVectors[],
    labels: Int32Array,
    numClasses: number,
    settings: ModelSettings,
  ) {
    const opts = { k: settings.k, maxDfShare: settings.maxDfShare, rerank: settings.rerank, neighbours: true };
    const charOpts = { ...opts, neighbours: settings.charNeighbours };
    this.wordIndex = new SimilarityIndex(
      trainingVectors.map((v) => v.word),
      labels,
      numClasses,
      word.size,
      opts,
    );
    this.charIndex = new SimilarityIndex(
      trainingVectors.map((v) => v.char),
      labels,
      numClasses,
      char.size,
      charOpts,
    );
  }

  /** Dimension of the joint (word then character) space. */
  get jointSize(): number {
    return this.word.size + this.char.size;
  }

  /** Vectors of a message. */
  vectorise(terms: MessageTerms): MessageVectors {
    return vectoriseMessage(this.word, this.char, terms);
  }

  /** Signals in both spaces; `leaveOut` excludes a training row (leave-one-out). */
  signals(v: MessageVectors, leaveOut = -1): SimilaritySignals[] {
    return [this.wordIndex.signals(v.word, leaveOut), this.charIndex.signals(v.char, leaveOut)];
  }
}

/** Vectors of a message in the word space, the character space and the joint space. */
export function vectoriseMessage(wordSpace: TfidfSpace, charSpace: TfidfSpace, terms: MessageTerms): MessageVectors {
  const word = wordSpace.transform(terms.word);
  const char = charSpace.transform(terms.char);
  const idx = new Int32Array(word.idx.length + char.idx.length);
  idx.set(word.idx);
  for (let j = 0; j < char.idx.length; j++) idx[word.idx.length + j] = char.idx[j] + wordSpace.size;
  const val = new Float32Array(idx.length);
  val.set(word.val);
  val.set(char.val, word.val.length);
  return { word, char, joint: { idx, val } };
}

/** Best cosine to any training row, averaged over the spaces that search neighbours. */
export function bestSimilarity(signals: readonly SimilaritySignals[]): number {
  const best = signals.flatMap((s) => (s.bestMatch === undefined ? [] : [s.bestMatch.reduce((m, v) => Math.max(m, v), 0)]));
  return best.reduce((a, b) => a + b, 0) / Math.max(1, best.length);
}

/** The per-intent signal arrays fed to the candidate features, in their fixed order. */
export function signalArrays(similarity: readonly SimilaritySignals[], linear: Float32Array): Float32Array[] {
  const arrays = similarity.flatMap((s) => [s.centroid, s.knnShare, s.bestMatch]);
  return [...arrays.filter((a): a is Float32Array => a !== undefined), linear];
}

/**
 * Scores candidate rows with boosted ml-cart regression trees. Trees are loaded with
 * `DecisionTreeRegression.load`; each row goes through the loaded tree's root node, which is
 * the per-row step of ml-cart's `predict` without its per-call matrix copy.
 */
export class TreeScorer {
  private readonly roots: DecisionTreeRegression['root'][];

  constructor(trees: readonly RegressionJson[]) {
    this.roots = trees.map((t) => DecisionTreeRegression.load(t).root);
  }

  /** Sum of the trees' outputs for each feature row of width `cols`. */
  score(x: Float32Array, cols: number): Float64Array {
    const rows = x.length / cols;
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      const row = x.subarray(r * cols, (r + 1) * cols);
      let s = 0;
      for (const root of this.roots) s += root.classify(row);
      out[r] = s;
    }
    return out;
  }
}

/** Everything needed to rank one message's intents. */
export interface RankInput {
  readonly similarity: readonly SimilaritySignals[];
  readonly linear: LinearScorer;
  readonly vectors: MessageVectors;
  readonly maxCandidates: number;
  readonly normalised: string;
  readonly knownWords: KnownWords;
}

/** Ranks the candidate intents of a message from its signals. */
export function rankMessage(input: RankInput, scorer: TreeScorer): RawRanking {
  const arrays = signalArrays(input.similarity, input.linear.probabilities(input.vectors.joint));
  const candidates = buildCandidates(arrays, input.maxCandidates);
  return rankShortlist(candidates, scorer, bestSimilarity(input.similarity), input.knownWords.count(input.normalised));
}

/** Ranks an already built shortlist of candidates. */
export function rankShortlist(candidates: Candidates, scorer: TreeScorer, similarity: number, knownWords: number): RawRanking {
  const scores = scorer.score(candidates.x, candidates.x.length / candidates.classes.length);
  const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b);
  return {
    classes: Int32Array.from(order, (i) => candidates.classes[i]),
    scores: Float64Array.from(order, (i) => scores[i]),
    similarity,
    knownWords,
  };
}
