import { expect } from 'chai';

import { seededRandom } from '../../common/seeded-random';
import { type HeldOutRanking, decideScope } from '../../nlu/calibration';
import type { OosCalibration } from '../../nlu/intent-model-json';
import { chooseThresholds } from '../../nlu/oos-thresholds';

const oosClass = 0;
const budget = { inScopeBudget: 0.01, noveltyMaxConfidence: 0.9 };

/** A held-out row whose first class has probability `p` (temperature 1) against one other class. */
function heldOut(label: number, first: number, p: number, similarity = 0.5, knownWords = 2): HeldOutRanking {
  const second = first === 1 ? 2 : 1;
  return {
    label,
    ranking: {
      classes: Int32Array.from([first, second]),
      scores: Float64Array.from([Math.log(p), Math.log(1 - p)]),
      similarity,
      knownWords,
    },
  };
}

function flaggedShare(rows: readonly HeldOutRanking[], calibration: OosCalibration): number {
  return rows.filter((r) => decideScope(r.ranking, calibration, oosClass).outOfScope).length / rows.length;
}

describe('chooseThresholds', () => {
  it('flags at most the budget of the held-out in-scope rows while flagging out-of-scope ones', () => {
    const random = seededRandom(3);
    const inScope = Array.from({ length: 2000 }, () =>
      random() < 0.05 ? heldOut(1, oosClass, 0.5 + 0.45 * random()) : heldOut(1, 1, 0.3 + 0.7 * random(), random()),
    );
    const oos = Array.from({ length: 200 }, () =>
      random() < 0.6 ? heldOut(oosClass, oosClass, 0.6 + 0.4 * random()) : heldOut(oosClass, 1, 0.3 + 0.4 * random(), 0.1 * random()),
    );
    const calibration = chooseThresholds([...inScope, ...oos], 1, oosClass, budget);
    expect(flaggedShare(inScope, calibration)).to.be.at.most(0.01);
    expect(flaggedShare(oos, calibration)).to.be.above(0.1);
  });

  it('lets a confident intent through when the out-of-scope class wins weakly, and still flags confident out-of-scope rows', () => {
    const inScope = [
      ...Array.from({ length: 950 }, (_, i) => heldOut(1, 1, 0.6 + 0.39 * (i / 950))),
      ...Array.from({ length: 50 }, (_, i) => heldOut(1, oosClass, 0.5 + 0.2 * (i / 50))),
    ];
    const oos = Array.from({ length: 100 }, (_, i) => heldOut(oosClass, oosClass, 0.8 + 0.19 * (i / 100)));
    const calibration = chooseThresholds([...inScope, ...oos], 1, oosClass, budget);
    expect(calibration.minOosConfidence).to.be.within(0.69, 0.8);
    expect(flaggedShare(inScope, calibration)).to.be.at.most(0.01);
    expect(flaggedShare(oos, calibration)).to.equal(1);
  });

  it('spends the budget on a confidence floor when nothing else flags in-scope rows', () => {
    const inScope = Array.from({ length: 1000 }, (_, i) => heldOut(1, 1, 0.5 + 0.5 * (i / 1000)));
    const oos = Array.from({ length: 20 }, () => heldOut(oosClass, 1, 0.45));
    const calibration = chooseThresholds([...inScope, ...oos], 1, oosClass, budget);
    expect(calibration.minConfidence).to.be.above(0.45);
    expect(flaggedShare(inScope, calibration)).to.be.within(0.005, 0.01);
    expect(flaggedShare(oos, calibration)).to.equal(1);
  });

  it('never uses novelty to flag a confident intent', () => {
    const inScope = Array.from({ length: 1000 }, (_, i) => heldOut(1, 1, 0.95, i < 100 ? 0.01 : 0.6));
    const calibration = chooseThresholds(inScope, 1, oosClass, budget);
    expect(flaggedShare(inScope, calibration)).to.equal(0);
  });

  it('adds no flag of its own when unknown words alone already spend the budget', () => {
    const inScope = [
      ...Array.from({ length: 970 }, (_, i) => heldOut(1, 1, 0.5 + 0.49 * (i / 970))),
      ...Array.from({ length: 20 }, () => heldOut(1, 1, 0.9, 0.5, 0)),
      ...Array.from({ length: 10 }, () => heldOut(1, oosClass, 0.6)),
    ];
    const calibration = chooseThresholds(inScope, 1, oosClass, budget);
    expect(calibration.minConfidence).to.equal(0);
    expect(flaggedShare(inScope, calibration)).to.equal(0.02);
  });
});
