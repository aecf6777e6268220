import { expect } from 'chai';
import { seededRandom } from '../../common/seeded-random';
import { fitSegments, isAtRiskSegment, labelFor, silhouette, type CustomerSample, type SegmentFeatures } from '../../nlu/segments';

/** Three clear groups: frequent and happy, unhappy (at risk), long gone (dormant). */
function customers(): CustomerSample[] {
  const random = seededRandom(9);
  const jitter = (x: number, spread: number) => x + (random() - 0.5) * spread;
  const out: CustomerSample[] = [];
  for (let i = 0; i < 60; i++)
    out.push({
      id: `happy-${i}`,
      volume: jitter(12, 3),
      recencyDays: jitter(3, 4),
      tickets: jitter(1, 1),
      meanRating: jitter(4.7, 0.4),
      negativeShare: jitter(0.05, 0.05),
    });
  for (let i = 0; i < 30; i++)
    out.push({
      id: `risk-${i}`,
      volume: jitter(4, 2),
      recencyDays: jitter(10, 6),
      tickets: jitter(3, 1),
      meanRating: jitter(1.6, 0.6),
      negativeShare: jitter(0.7, 0.2),
    });
  for (let i = 0; i < 40; i++)
    out.push({
      id: `gone-${i}`,
      volume: jitter(1.5, 1),
      recencyDays: jitter(80, 10),
      tickets: 0,
      meanRating: null,
      negativeShare: jitter(0.1, 0.1),
    });
  return out;
}

describe('fitSegments', () => {
  it('finds the three groups by silhouette and keeps each group together', () => {
    const fit = fitSegments(customers())!;
    expect(fit.k).to.equal(3);
    const groupOf = (prefix: string) =>
      new Set(
        customers()
          .filter((c) => c.id.startsWith(prefix))
          .map((c) => fit.assignments.get(c.id)),
      );
    for (const prefix of ['happy', 'risk', 'gone']) expect(groupOf(prefix).size, prefix).to.equal(1);
    expect(fit.segments.map((s) => s.size)).to.deep.equal([60, 40, 30]);
  });

  it('labels the segments from their centroids and flags the unhappy one as at risk', () => {
    const fit = fitSegments(customers())!;
    const risky = fit.segments.find((s) => s.id === fit.assignments.get('risk-0'))!;
    const happy = fit.segments.find((s) => s.id === fit.assignments.get('happy-0'))!;
    const gone = fit.segments.find((s) => s.id === fit.assignments.get('gone-0'))!;
    expect(risky.label).to.equal('at risk');
    expect(isAtRiskSegment(risky)).to.equal(true);
    expect(happy.label).to.equal('frequent & happy');
    expect(isAtRiskSegment(happy)).to.equal(false);
    expect(gone.label).to.equal('dormant');
    expect(happy.centroid.volume).to.be.closeTo(12, 1);
  });

  it('is deterministic for a seed', () => {
    const a = fitSegments(customers(), { seed: 4 })!;
    const b = fitSegments(customers(), { seed: 4 })!;
    expect([...a.assignments]).to.deep.equal([...b.assignments]);
  });

  it('returns null with too few customers for two segments', () => {
    expect(fitSegments(customers().slice(0, 2))).to.equal(null);
  });
});

describe('silhouette', () => {
  it('is near 1 for tight, distant clusters and negative for swapped labels', () => {
    const points = [
      [0, 0],
      [0, 1],
      [10, 10],
      [10, 11],
    ];
    expect(silhouette(points, [0, 0, 1, 1])).to.be.above(0.9);
    expect(silhouette(points, [0, 1, 0, 1])).to.be.below(0);
  });
});

describe('labelFor', () => {
  /** A standardised centroid: 0 (the mean) for every feature but those given. */
  const centroid = (z: Partial<SegmentFeatures>): SegmentFeatures => ({
    volume: 0,
    recencyDays: 0,
    tickets: 0,
    meanRating: 0,
    negativeShare: 0,
    ...z,
  });

  it('names centroids by their standardised features', () => {
    expect(labelFor(centroid({ meanRating: -1 }))).to.equal('at risk');
    expect(labelFor(centroid({ negativeShare: 0.8 }))).to.equal('at risk');
    expect(labelFor(centroid({ recencyDays: 1 }))).to.equal('dormant');
    expect(labelFor(centroid({ volume: 1, meanRating: -0.2 }))).to.equal('frequent');
    expect(labelFor(centroid({ tickets: 1 }))).to.equal('ticket-heavy');
    expect(labelFor(centroid({}))).to.equal('occasional');
  });
});
