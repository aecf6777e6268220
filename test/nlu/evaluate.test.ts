import { expect } from 'chai';

import { evaluatePredictions } from '../../nlu';

describe('evaluatePredictions', () => {
  it('counts a flagged in-scope row as wrong and a flagged oos row as right', () => {
    const report = evaluatePredictions(['a', 'a', 'oos', 'oos'], ['a', 'oos', 'oos', 'a']);
    expect(report).to.deep.include({ n: 4, accuracy: 0.5, inScopeAccuracy: 0.5, oosRecall: 0.5, oosPrecision: 0.5 });
  });

  it('averages F1 over the labels present in the truth', () => {
    const report = evaluatePredictions(['a', 'b'], ['a', 'a']);
    expect(report.macroF1).to.be.closeTo((2 / 3 + 0) / 2, 1e-12);
  });

  it('reports null oos figures when there are no oos rows', () => {
    const report = evaluatePredictions(['a'], ['a']);
    expect(report.oosRecall).to.equal(null);
    expect(report.oosPrecision).to.equal(null);
  });
});
