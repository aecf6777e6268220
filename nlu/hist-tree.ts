import type { CartNodeJson, RegressionJson } from 'ml-cart';

import type { FeatureBins } from './feature-bins';

/** Growth limits of one histogram regression tree. */
export interface HistTreeOptions {
  readonly maxDepth: number;
  readonly minLeaf: number;
  /** L2 regularisation of the leaf values (Newton step denominator). */
  readonly lambda: number;
  /** Scale applied to every leaf value (the boosting learning rate). */
  readonly shrinkage: number;
}

const maxBins = 256;

/** Gradient sums, hessian sums and counts per (feature, bin). */
interface Histogram {
  readonly g: Float64Array;
  readonly h: Float64Array;
  readonly c: Int32Array;
}

interface Split {
  readonly feature: number;
  readonly bin: number;
  readonly gain: number;
}

interface GrowContext {
  readonly binned: FeatureBins;
  readonly grad: Float64Array;
  readonly hess: Float64Array;
  readonly options: HistTreeOptions;
}

/**
 * Grows one regression tree on gradients and hessians with histogram split search (the
 * smaller child's histogram is built, the larger one's is the parent's minus it) and returns
 * it in ml-cart's `DTRegression` format: `DecisionTreeRegression.load(json)` predicts the
 * leaf values. A row goes left when `x[splitColumn] < splitValue`, as in ml-cart.
 */
export function growHistTree(binned: FeatureBins, grad: Float64Array, hess: Float64Array, options: HistTreeOptions): RegressionJson {
  const ctx: GrowContext = { binned, grad, hess, options };
  const rows = Int32Array.from({ length: binned.rows }, (_, i) => i);
  const root = growNode(ctx, rows, buildHistogram(ctx, rows), 0);
  return {
    name: 'DTRegression',
    options: {
      gainFunction: 'regression',
      splitFunction: 'mean',
      minNumSamples: options.minLeaf,
      maxDepth: options.maxDepth,
      kind: 'regression',
    },
    root,
  };
}

function growNode(ctx: GrowContext, rows: Int32Array, hist: Histogram, depth: number): CartNodeJson {
  const { options, binned } = ctx;
  let g = 0;
  let h = 0;
  for (let b = 0; b <= binned.cuts[0].length; b++) {
    g += hist.g[b];
    h += hist.h[b];
  }
  const leaf = { distribution: (options.shrinkage * g) / (h + options.lambda) };
  if (depth >= options.maxDepth || rows.length < 2 * options.minLeaf) return leaf;
  const split = bestSplit(ctx, hist, rows.length, g, h);
  if (split === undefined) return leaf;
  const { left, right } = partition(binned, rows, split);
  const smallIsLeft = left.length <= right.length;
  const smallHist = buildHistogram(ctx, smallIsLeft ? left : right);
  const largeHist = subtract(hist, smallHist);
  const [leftHist, rightHist] = smallIsLeft ? [smallHist, largeHist] : [largeHist, smallHist];
  return {
    splitColumn: split.feature,
    splitValue: binned.cuts[split.feature][split.bin],
    gain: split.gain,
    left: growNode(ctx, left, leftHist, depth + 1),
    right: growNode(ctx, right, rightHist, depth + 1),
  };
}

function partition(binned: FeatureBins, rows: Int32Array, split: Split): { left: Int32Array; right: Int32Array } {
  const goesLeft = new Uint8Array(rows.length);
  let nLeft = 0;
  for (let i = 0; i < rows.length; i++) {
    if (binned.bins[rows[i] * binned.cols + split.feature] <= split.bin) {
      goesLeft[i] = 1;
      nLeft++;
    }
  }
  const left = new Int32Array(nLeft);
  const right = new Int32Array(rows.length - nLeft);
  let l = 0;
  let r = 0;
  for (let i = 0; i < rows.length; i++) {
    if (goesLeft[i] === 1) left[l++] = rows[i];
    else right[r++] = rows[i];
  }
  return { left, right };
}

function buildHistogram(ctx: GrowContext, rows: Int32Array): Histogram {
  const { bins, cols } = ctx.binned;
  const { grad, hess } = ctx;
  const size = cols * maxBins;
  const hg = new Float64Array(size);
  const hh = new Float64Array(size);
  const hc = new Int32Array(size);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const gr = grad[r];
    const hr = hess[r];
    const base = r * cols;
    for (let f = 0; f < cols; f++) {
      const k = f * maxBins + bins[base + f];
      hg[k] += gr;
      hh[k] += hr;
      hc[k]++;
    }
  }
  return { g: hg, h: hh, c: hc };
}

/** The parent's histogram minus the child's, computed in place in the parent (which is not used again). */
function subtract(parent: Histogram, child: Histogram): Histogram {
  const { g, h, c } = parent;
  for (let k = 0; k < g.length; k++) {
    g[k] -= child.g[k];
    h[k] -= child.h[k];
    c[k] -= child.c[k];
  }
  return parent;
}

function bestSplit(ctx: GrowContext, hist: Histogram, n: number, g: number, h: number): Split | undefined {
  const { lambda, minLeaf } = ctx.options;
  const parentScore = (g * g) / (h + lambda);
  let best: Split | undefined;
  for (let f = 0; f < ctx.binned.cols; f++) {
    const nb = ctx.binned.cuts[f].length + 1;
    let gl = 0;
    let hl = 0;
    let cl = 0;
    for (let b = 0; b < nb - 1; b++) {
      const k = f * maxBins + b;
      gl += hist.g[k];
      hl += hist.h[k];
      cl += hist.c[k];
      if (cl < minLeaf) continue;
      if (n - cl < minLeaf) break;
      const gr = g - gl;
      const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (h - hl + lambda) - parentScore;
      if (gain > 1e-9 && (best === undefined || gain > best.gain)) best = { feature: f, bin: b, gain };
    }
  }
  return best;
}
