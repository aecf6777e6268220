/**
 * Quantile cut points of dense features, used by the histogram tree trainer. A value `x`
 * falls in bin `b` = number of cuts ≤ x, so "bin ≤ b" is the same as `x < cuts[b]`, which
 * is exactly ml-cart's test for going left.
 */
export interface FeatureBins {
  readonly cuts: readonly Float64Array[];
  /** Bin index of every row for every feature, row-major (`bins[r * cols + f]`). */
  readonly bins: Uint8Array;
  readonly rows: number;
  readonly cols: number;
}

/** Bins each column of a row-major matrix into at most `maxBins` quantile bins. */
export function binFeatures(x: Float32Array, rows: number, cols: number, maxBins: number): FeatureBins {
  const cuts: Float64Array[] = [];
  const bins = new Uint8Array(rows * cols);
  const column = new Float32Array(rows);
  for (let f = 0; f < cols; f++) {
    for (let r = 0; r < rows; r++) column[r] = x[r * cols + f];
    const sorted = Float32Array.from(column).sort();
    const c: number[] = [];
    for (let q = 1; q < maxBins; q++) {
      const hi = sorted[Math.floor((q * rows) / maxBins)];
      const lo = sorted[Math.floor((q * rows) / maxBins) - 1];
      const cut = (lo + hi) / 2;
      if (hi > lo && (c.length === 0 || cut > c[c.length - 1])) c.push(cut);
    }
    const fc = Float64Array.from(c);
    cuts.push(fc);
    for (let r = 0; r < rows; r++) bins[r * cols + f] = upperBound(fc, column[r]);
  }
  return { cuts, bins, rows, cols };
}

function upperBound(cuts: Float64Array, value: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cuts[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
