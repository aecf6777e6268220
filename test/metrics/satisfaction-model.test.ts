import { expect } from 'chai';
import { fitSatisfactionModel, meanAbsoluteError, SATISFACTION_FEATURES, type ConversationSample } from '../../nlu/satisfaction-model';
import { seededRandom } from '../../common/seeded-random';

/** Conversations whose rating follows sentiment and waits, plus noise; every 4th unrated. */
function samples(n: number, seed = 3): ConversationSample[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const sentiment = random() * 2 - 1;
    const waitMs = random() * 600_000;
    const handedOff = random() < 0.3 ? 1 : 0;
    const features = {
      meanSentiment: sentiment,
      minSentiment: sentiment - random() * 0.5,
      customerTurns: 1 + Math.floor(random() * 8),
      avgResponseMs: waitMs / 10,
      maxResponseMs: waitMs,
      handedOff,
      handoffWaitMs: handedOff * waitMs,
      abandoned: 0,
      kbHelpful: random() < 0.5 ? 1 : 0,
      kbUnhelpful: 0,
      outOfScope: 0,
    };
    const score = 3 + 1.6 * sentiment - waitMs / 400_000 + (random() - 0.5) * 0.6;
    return { id: `conv-${i}`, ...features, rating: i % 4 === 3 ? null : Math.min(5, Math.max(1, Math.round(score))) };
  });
}

describe('fitSatisfactionModel', () => {
  it('reads the features by name, whatever order the records list them in', async () => {
    const data = samples(200);
    const reversed = data.map((s) => Object.fromEntries(Object.entries(s).reverse()) as unknown as ConversationSample);
    const unrated = data.filter((s) => s.rating === null);
    const a = (await fitSatisfactionModel(data, { trees: 2 }))!;
    const b = (await fitSatisfactionModel(reversed, { trees: 2 }))!;
    expect(b.model.predict(unrated)).to.deep.equal(a.model.predict(unrated));
    expect(Object.keys(unrated[0])).to.include.members([...SATISFACTION_FEATURES]);
  });

  it('scores the error on held-out rated rows that the trees never trained on', async () => {
    const data = samples(400);
    const fit = await fitSatisfactionModel(data, { trees: 3 });
    expect(fit).to.not.equal(null);
    const { trainIds, heldOutIds, mae, model } = fit!;
    const rated = data.filter((s) => s.rating !== null);
    expect(trainIds.filter((id) => heldOutIds.includes(id))).to.deep.equal([]);
    expect([...trainIds, ...heldOutIds].sort()).to.deep.equal(rated.map((s) => s.id).sort());
    expect(heldOutIds).to.have.length(Math.round(rated.length * 0.2));
    const byId = new Map(data.map((s) => [s.id, s]));
    const heldOut = heldOutIds.map((id) => byId.get(id)!);
    const train = trainIds.map((id) => byId.get(id)!);
    expect(mae).to.equal(meanAbsoluteError(model, heldOut));
    expect(mae).to.not.equal(meanAbsoluteError(model, train));
  });

  it('learns something: held-out error well below always predicting the mean rating', async () => {
    const data = samples(600);
    const fit = (await fitSatisfactionModel(data, { trees: 5 }))!;
    const heldOut = data.filter((s) => fit.heldOutIds.includes(s.id));
    const trainRatings = data.filter((s) => fit.trainIds.includes(s.id)).map((s) => s.rating!);
    const mean = trainRatings.reduce((a, b) => a + b, 0) / trainRatings.length;
    const baseline = heldOut.reduce((s, r) => s + Math.abs(r.rating! - mean), 0) / heldOut.length;
    expect(fit.mae).to.be.below(baseline * 0.8);
  });

  it('predicts ratings within 1–5 and is deterministic for a seed', async () => {
    const data = samples(200);
    const a = (await fitSatisfactionModel(data, { trees: 2, seed: 5 }))!;
    const b = (await fitSatisfactionModel(data, { trees: 2, seed: 5 }))!;
    const unrated = data.filter((s) => s.rating === null);
    const predictions = a.model.predict(unrated);
    expect(predictions.every((p) => p >= 1 && p <= 5)).to.equal(true);
    expect(predictions).to.deep.equal(b.model.predict(unrated));
    expect(a.mae).to.equal(b.mae);
  });

  it('samples at most maxRatedRows rated rows', async () => {
    const fit = (await fitSatisfactionModel(samples(400), { trees: 1, maxRatedRows: 100 }))!;
    expect(fit.trainIds.length + fit.heldOutIds.length).to.equal(100);
  });

  it('returns null with too few ratings to learn from', async () => {
    expect(await fitSatisfactionModel(samples(8))).to.equal(null);
  });
});
