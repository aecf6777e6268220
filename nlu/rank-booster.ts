import type { RegressionJson } from 'ml-cart';

import { binFeatures } from './feature-bins';
import { growHistTree } from './hist-tree';

/** Settings of the candidate-ranking booster. */
export interface RankBoosterOptions {
  readonly rounds: number;
  readonly learningRate: number;
  readonly maxDepth: number;
  readonly minLeaf: number;
  readonly lambda: number;
  readonly maxBins: number;
}

/** Candidate rows of many messages: features row-major, grouped per message. */
export interface CandidateSet {
  /** `rows × cols` feature values. */
  readonly x: Float32Array;
  readonly cols: number;
  /** Start row of each message's group; the last entry is the total number of rows. */
  readonly groupStarts: Int32Array;
  /** 1 for the candidate that is the message's true intent, 0 otherwise. */
  readonly target: Uint8Array;
}

/**
 * Softmax gradient boosting over each message's candidate intents: one shared regression
 * tree per round scores a (message, candidate) row, and the softmax runs within a message's
 * candidates. Returns the trees in ml-cart's regression format.
 */
export function trainRankBooster(data: CandidateSet, options: RankBoosterOptions): RegressionJson[] {
  const rows = data.target.length;
  const binned = binFeatures(data.x, rows, data.cols, options.maxBins);
  const score = new Float64Array(rows);
  const grad = new Float64Array(rows);
  const hess = new Float64Array(rows);
  const trees: RegressionJson[] = [];
  const treeOptions = {
    maxDepth: options.maxDepth,
    minLeaf: options.minLeaf,
    lambda: options.lambda,
    shrinkage: options.learningRate,
  };
  for (let round = 0; round < options.rounds; round++) {
    softmaxGradients(data, score, grad, hess);
    const tree = growHistTree(binned, grad, hess, treeOptions);
    addTreeScores(tree.root, data, score);
    trees.push(tree);
  }
  return trees;
}

function softmaxGradients(data: CandidateSet, score: Float64Array, grad: Float64Array, hess: Float64Array): void {
  const starts = data.groupStarts;
  for (let gIdx = 0; gIdx + 1 < starts.length; gIdx++) {
    const a = starts[gIdx];
    const b = starts[gIdx + 1];
    let max = -Infinity;
    for (let r = a; r < b; r++) max = Math.max(max, score[r]);
    let z = 0;
    for (let r = a; r < b; r++) z += Math.exp(score[r] - max);
    for (let r = a; r < b; r++) {
      const p = Math.exp(score[r] - max) / z;
      grad[r] = data.target[r] - p;
      hess[r] = Math.max(p * (1 - p), 1e-6);
    }
  }
}

type Node = RegressionJson['root'];

function addTreeScores(root: Node, data: CandidateSet, score: Float64Array): void {
  const cols = data.cols;
  for (let r = 0; r < score.length; r++) {
    let node = root;
    while (node.left !== undefined && node.right !== undefined) {
      node = data.x[r * cols + (node.splitColumn ?? 0)] < (node.splitValue ?? 0) ? node.left : node.right;
    }
    score[r] += typeof node.distribution === 'number' ? node.distribution : 0;
  }
}
