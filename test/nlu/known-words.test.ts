import { expect } from 'chai';

import { shippedModelPath } from '../../bot/paths';
import { IntentModel } from '../../nlu';
import { KnownWords } from '../../nlu/known-words';
import { englishAnalyser } from '../../nlu/english-analyser';
import { gibberish, typoed } from './gibberish-cases';

describe('KnownWords', () => {
  const known = new KnownWords(
    ['where is my order', 'my order is late', 'i want a refund for my parcel', 'refund please', 'that is all'],
    englishAnalyser,
  );

  it('counts known content words, typos included, and not function words', () => {
    expect(known.count('were is my ordr')).to.equal(1);
    expect(known.count('refund parcel')).to.equal(2);
    expect(known.count('refnd ordr')).to.equal(2);
  });

  it('knows no word of gibberish or of function words alone', () => {
    expect(known.count('blorf wimble the snargle')).to.equal(0);
    expect(known.count('is it the')).to.equal(0);
  });

  it('does not take a short token one edit from a short word for a typo', () => {
    expect(known.count('lat')).to.equal(0);
    expect(known.count('wan')).to.equal(0);
    expect(known.count('lata')).to.equal(0);
  });

  it('matches typos only to words found in two or more messages', () => {
    expect(known.count('parcel')).to.equal(1);
    expect(known.count('parcle')).to.equal(0);
    expect(known.count('ordre')).to.equal(1);
  });

  it('knows a phrase of function words only when a message is that phrase', () => {
    expect(known.count('that is all')).to.equal(1);
    expect(known.count('that is it')).to.equal(0);
  });

  it('leaves a training message out of what it knows when asked to', () => {
    expect(known.count('i want a refund for my parcel', true)).to.equal(1);
    expect(known.count('that is all', true)).to.equal(0);
    expect(known.count('where is my order', true)).to.equal(1);
  });

  describe('with the words of the shipped model', () => {
    let shipped: KnownWords;
    before(() => {
      const json = IntentModel.load(shippedModelPath).toJSON();
      shipped = new KnownWords(
        json.training.normalised.filter((_, i) => json.training.labels[i] !== json.oosClass),
        englishAnalyser,
      );
    });

    it('knows no word of any gibberish written for the test', () => {
      const known = gibberish.filter((text) => shipped.count(englishAnalyser.normalise(text)) > 0);
      expect(known, 'gibberish with a known word').to.deep.equal([]);
    });

    it('knows a word of every badly typed request written for the test', () => {
      const unknown = typoed.filter((text) => shipped.count(englishAnalyser.normalise(text)) === 0);
      expect(unknown, 'typed requests without a known word').to.deep.equal([]);
    });
  });
});
