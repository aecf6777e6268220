import { expect } from 'chai';

import { sentimentScore } from '../../nlu';

describe('sentimentScore', () => {
  it('is positive for a happy message and negative when the same words are negated', () => {
    expect(sentimentScore('I am happy')).to.be.above(0.3);
    expect(sentimentScore('I am not happy')).to.be.below(-0.3);
  });

  it('is negative for an angry complaint', () => {
    expect(sentimentScore('terrible service, I am angry and disappointed')).to.be.below(-0.5);
  });

  it('is zero for a neutral question and stays within -1..1', () => {
    expect(sentimentScore('where is my order')).to.equal(0);
    for (const text of ['great great great amazing awesome', 'awful horrible terrible worst']) {
      expect(sentimentScore(text)).to.be.within(-1, 1);
    }
  });
});
