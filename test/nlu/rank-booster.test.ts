import { expect } from 'chai';
import { DecisionTreeRegression } from 'ml-cart';

import { trainRankBooster } from '../../nlu/rank-booster';
import { seededRandom } from '../../common/seeded-random';

describe('trainRankBooster', () => {
  const random = seededRandom(5);
  const groups = 200;
  const perGroup = 4;
  const cols = 2;
  const x = new Float32Array(groups * perGroup * cols);
  const target = new Uint8Array(groups * perGroup);
  const groupStarts = Int32Array.from({ length: groups + 1 }, (_, g) => g * perGroup);
  for (let g = 0; g < groups; g++) {
    const positive = Math.floor(random() * perGroup);
    for (let k = 0; k < perGroup; k++) {
      const row = g * perGroup + k;
      target[row] = k === positive ? 1 : 0;
      x[row * cols] = random() + (k === positive ? 0.8 : 0);
      x[row * cols + 1] = random();
    }
  }
  const options = { rounds: 20, learningRate: 0.3, maxDepth: 3, minLeaf: 5, lambda: 1, maxBins: 32 };

  it('returns trees in ml-cart regression format that rank the informative candidate first', () => {
    const trees = trainRankBooster({ x, cols, groupStarts, target }, options).map((t) => DecisionTreeRegression.load(t));
    let hits = 0;
    for (let g = 0; g < groups; g++) {
      const rows = Array.from({ length: perGroup }, (_, k) =>
        Array.from(x.subarray((g * perGroup + k) * cols, (g * perGroup + k + 1) * cols)),
      );
      const scores = rows.map(() => 0);
      for (const tree of trees) tree.predict(rows).forEach((v, k) => (scores[k] += v));
      const best = scores.indexOf(Math.max(...scores));
      if (target[g * perGroup + best] === 1) hits++;
    }
    expect(hits / groups).to.be.above(0.9);
  });

  it('splits only on the informative feature first', () => {
    const [first] = trainRankBooster({ x, cols, groupStarts, target }, options);
    expect(first.root.splitColumn).to.equal(0);
  });
});
