import { expect } from 'chai';
import { DecisionTreeClassifier } from 'ml-cart';

import { trainCartClassifier } from '../../nlu/cart-trainer';
import { seededRandom } from '../../common/seeded-random';
import type { SparseVector } from '../../nlu/sparse-vector';

function dataset(seed: number, rows: number, cols: number): { x: number[][]; y: number[] } {
  const random = seededRandom(seed);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < rows; i++) {
    const label = Math.floor(random() * 3);
    x.push(Array.from({ length: cols }, (_, f) => random() + (f === label ? 0.6 : 0) - (f === cols - 1 ? 0.5 : 0)));
    y.push(label);
  }
  return { x, y };
}

function toSparse(x: number[][]): SparseVector[] {
  return x.map((row) => ({ idx: Int32Array.from(row.keys()), val: Float32Array.from(row) }));
}

describe('trainCartClassifier', () => {
  it('produces a model that ml-cart loads and that predicts like ml-cart trained on the same data', () => {
    for (const seed of [1, 2, 3, 4]) {
      const train = dataset(seed, 90, 4);
      const probe = dataset(seed + 100, 200, 4);
      const reference = new DecisionTreeClassifier({});
      reference.train(train.x, train.y);
      const ours = DecisionTreeClassifier.load(
        JSON.parse(JSON.stringify(trainCartClassifier(toSparse(train.x), Int32Array.from(train.y)))),
      );
      expect(ours.predict(probe.x), `seed ${seed}`).to.deep.equal(reference.predict(probe.x));
      expect(ours.predict(train.x), `seed ${seed} (training rows)`).to.deep.equal(reference.predict(train.x));
    }
  });

  it('respects maxDepth like ml-cart', () => {
    const train = dataset(9, 80, 3);
    const probe = dataset(10, 100, 3);
    const reference = new DecisionTreeClassifier({ maxDepth: 2 });
    reference.train(train.x, train.y);
    const ours = DecisionTreeClassifier.load(trainCartClassifier(toSparse(train.x), Int32Array.from(train.y), { maxDepth: 2 }));
    expect(ours.predict(probe.x)).to.deep.equal(reference.predict(probe.x));
  });

  it('splits on sparse features where absent entries count as zero', () => {
    const x: SparseVector[] = [
      { idx: Int32Array.from([0]), val: Float32Array.from([1]) },
      { idx: Int32Array.from([0]), val: Float32Array.from([0.8]) },
      { idx: Int32Array.from([1]), val: Float32Array.from([0.9]) },
      { idx: Int32Array.from([1]), val: Float32Array.from([0.7]) },
      { idx: Int32Array.from([0]), val: Float32Array.from([0.9]) },
    ];
    const model = DecisionTreeClassifier.load(trainCartClassifier(x, Int32Array.from([0, 0, 1, 1, 0]), { minNumSamples: 1 }));
    expect(
      model.predict([
        [0.95, 0],
        [0, 0.8],
      ]),
    ).to.deep.equal([0, 1]);
  });
});
