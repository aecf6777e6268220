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

  /** Signals in both spaces; `leaveOut` excludes a training row (leave-one-out). */
  signals(v: MessageVectors, leaveOut = -1): SimilaritySignals[] {
    return [this.wordIndex.signals(v.word, leaveOut), this.charIndex.signals(v.char, leaveOut)];
  }
}

/** Vectors of a message in the word space, the character space and the joint space. */
export function vectoriseMessage(wordSpace: TfidfSpace, charSpace: TfidfSpace, terms: MessageTerms): MessageVectors {
  return withJoint(wordSpace, wordSpace.transform(terms.word), charSpace.transform(terms.char));
}

/** A message's word and character vectors with the joint one (word dimensions first). */
export function withJoint(wordSpace: TfidfSpace, word: SparseVector, char: SparseVector): MessageVectors {
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

/** A node of a loaded ml-cart regression tree, as its `classify` reads it. */
interface RegressionNode {
  left?: RegressionNode;
  right?: RegressionNode;
  splitColumn: number;
  splitValue: number;
  distribution: number;
}

/**
 * Scores candidate rows with boosted ml-cart regression trees. Trees are loaded with
 * `DecisionTreeRegression.load` and then laid out flat, every tree's nodes in typed arrays
 * (split column, split value, children, leaf value): a row walks them in a loop, with the very
 * comparisons of ml-cart's recursive `TreeNode.classify` (`row[column] < value` goes left; a
 * node is a leaf unless it has both children) and the trees summed in the same order, so the
 * scores are the same numbers, at a fraction of the cost of the recursion over node objects.
 */
export class TreeScorer {
  /** The node each tree starts at. */
  private readonly roots: Int32Array;
  private readonly column: Int32Array;
  private readonly split: Float64Array;
  /** Children of a node; -1 at a leaf. */
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly leaf: Float64Array;
  /** The widest row the trees read: a split column beyond a row would read the next one. */
  private readonly columns: number;

  constructor(trees: readonly RegressionJson[]) {
    const nodes: RegressionNode[] = [];
    const index = new Map<RegressionNode, number>();
    const visit = (node: RegressionNode): number => {
      const at = nodes.length;
      nodes.push(node);
      index.set(node, at);
      if (node.left && node.right) {
        visit(node.left);
        visit(node.right);
      }
      return at;
    };
    this.roots = Int32Array.from(trees, (t) => visit(DecisionTreeRegression.load(t).root as unknown as RegressionNode));
    const inner = (n: RegressionNode) => n.left !== undefined && n.right !== undefined;
    this.column = Int32Array.from(nodes, (n) => (inner(n) ? n.splitColumn : 0));
    this.split = Float64Array.from(nodes, (n) => (inner(n) ? n.splitValue : 0));
    this.left = Int32Array.from(nodes, (n) => (inner(n) ? (index.get(n.left as RegressionNode) as number) : -1));
    this.right = Int32Array.from(nodes, (n) => (inner(n) ? (index.get(n.right as RegressionNode) as number) : -1));
    this.leaf = Float64Array.from(nodes, (n) => (inner(n) ? 0 : n.distribution));
    this.columns = nodes.reduce((widest, n) => (inner(n) ? Math.max(widest, n.splitColumn + 1) : widest), 0);
  }

  /** Sum of the trees' outputs for each feature row of width `cols`. */
  score(x: Float32Array, cols: number): Float64Array {
    if (cols < this.columns && x.length > 0) throw new Error(`tree scorer: rows of ${cols} features, the trees read ${this.columns}`);
    const rows = x.length / cols;
    const out = new Float64Array(rows);
    const { roots, column, split, left, right, leaf } = this;
    for (let r = 0; r < rows; r++) {
      const base = r * cols;
      let s = 0;
      for (let t = 0; t < roots.length; t++) {
        let n = roots[t];
        while (left[n] >= 0) n = x[base + column[n]] < split[n] ? left[n] : right[n];
        s += leaf[n];
      }
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
