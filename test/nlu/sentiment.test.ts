import { expect } from 'chai';

import { UPSET_SENTIMENT } from '../../dialogs/routing';
import { sentimentScore } from '../../nlu';
import { sentimentLexiconSchema } from '../../nlu/lexicon-sentiment';
import germanLexicon from '../../nlu/data/de/sentiment.json';
import chineseLexicon from '../../nlu/data/zh/sentiment.json';

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

describe('sentimentScore in German and Chinese', () => {
  it('reads an angry German or Chinese customer as upset, on the English scale', () => {
    for (const [text, language] of [
      ['Das ist eine Unverschämtheit, ich bin stinksauer!', 'de'],
      ['Eine Katastrophe, total enttäuscht', 'de'],
      ['垃圾！太差了，气死我了', 'zh'],
      ['包裹还没到，太差了，气死我了！', 'zh'],
    ] as const) {
      expect(sentimentScore(text, language), text).to.be.at.most(UPSET_SENTIMENT);
    }
    expect(sentimentScore('terrible service, I am angry and disappointed', 'en')).to.be.at.most(UPSET_SENTIMENT);
  });

  it('reads thanks and praise as positive', () => {
    expect(sentimentScore('Vielen Dank, super Service!', 'de')).to.be.above(0.5);
    expect(sentimentScore('谢谢，很好', 'zh')).to.be.above(0.5);
  });

  it('negates a word after a negator, within its clause', () => {
    expect(sentimentScore('Ich bin nicht zufrieden', 'de')).to.be.below(-0.3);
    expect(sentimentScore('nicht schlecht', 'de')).to.be.above(0.3);
    expect(sentimentScore('不太满意', 'zh')).to.be.below(-0.3);
    expect(sentimentScore('还没到，太差了', 'zh'), 'a comma ends the negation').to.be.below(-0.3);
  });

  it('ends a German negation at the end of its clause ("nicht da. Katastrophe!" is not "not a catastrophe")', () => {
    for (const text of ['Paket nicht da. Katastrophe!', 'Ware kam nicht, furchtbar', 'Paket nicht angekommen, schlecht!']) {
      expect(sentimentScore(text, 'de'), text).to.be.below(0);
    }
  });

  it('takes the longest phrase where two overlap ("不满意" is not "满意")', () => {
    expect(sentimentScore('我很不满意', 'zh')).to.be.below(-0.3);
    expect(sentimentScore('我很满意', 'zh')).to.be.above(0.3);
  });

  it('is zero for neutral questions, and never gives German or Chinese text English scores', () => {
    expect(sentimentScore('Wo ist meine Bestellung?', 'de')).to.equal(0);
    expect(sentimentScore('我的订单在哪里', 'zh')).to.equal(0);
    // AFINN scores "bad" and "hell"; in German they are a bath and light.
    expect(sentimentScore('bad', 'en')).to.be.below(0);
    expect(sentimentScore('Das Bad ist sehr hell', 'de')).to.equal(0);
  });

  it('ships lexicons that fit their schema', () => {
    for (const file of [germanLexicon, chineseLexicon]) expect(sentimentLexiconSchema.safeParse(file).success).to.equal(true);
  });
});
