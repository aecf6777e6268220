import { expect } from 'chai';

import { projectFeatures, selectByChi2 } from '../../nlu/chi2';
import type { SparseVector } from '../../nlu/sparse-vector';

const v = (idx: number[], val: number[]): SparseVector => ({ idx: Int32Array.from(idx), val: Float32Array.from(val) });

describe('selectByChi2', () => {
  it('keeps the features that separate the classes and drops the ones spread evenly', () => {
    const x = [v([0, 2], [1, 1]), v([0, 2], [1, 1]), v([1, 2], [1, 1]), v([1, 2], [1, 1])];
    expect(Array.from(selectByChi2(x, Int32Array.from([0, 0, 1, 1]), 2, 3, 2))).to.deep.equal([0, 1]);
  });
});

describe('projectFeatures', () => {
  it('keeps only the selected features, renumbered in order', () => {
    const projected = projectFeatures(v([1, 3, 5], [0.1, 0.3, 0.5]), Int32Array.from([3, 5, 7]));
    expect(Array.from(projected.idx)).to.deep.equal([0, 1]);
    expect(Array.from(projected.val)).to.deep.equal([Math.fround(0.3), Math.fround(0.5)]);
  });
});
