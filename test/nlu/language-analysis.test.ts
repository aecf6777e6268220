import { expect } from 'chai';

import { IntentModel, defaultTrainOptions, readLabelledCsv, trainIntentModel, trainOptionsOf } from '../../nlu';
import { messageTerms } from '../../nlu/message-features';
import { analyserOf } from '../../nlu/text-analyser';
import { fixtures } from './fixture-model';

describe('analyserOf', () => {
  describe('zh', () => {
    const zh = analyserOf('zh');

    it('makes every Han character a token, keeps Latin words whole and replaces structured values', () => {
      expect(zh.normalise('我的订单PP-123456在哪里？')).to.equal('我 的 订 单 zzordernumber 在 哪 里');
      expect(zh.normalise('PayPal付款失败了，付了49.90欧元')).to.equal('paypal 付 款 失 败 了 付 了 zzmoney');
    });

    it('folds full-width letters and digits', () => {
      expect(zh.normalise('ＰＰ－１２３４５６')).to.equal('zzordernumber');
    });

    it('gives character unigrams and bigrams as word terms and Han 2–3-grams as character terms', () => {
      const terms = messageTerms('退款', zh);
      expect(terms.word).to.deep.equal(['退', '款', '退 款']);
      expect(terms.char).to.have.members([' 退', '退款', '款 ', ' 退款', '退款 ']);
    });
  });

  describe('de', () => {
    const de = analyserOf('de');

    it('folds umlauts and ß so both spellings meet, and replaces German amounts', () => {
      expect(de.normalise('Rückgabe der Größe, 49,90 €')).to.equal('rueckgabe der groesse zzmoney');
      expect(messageTerms('Rückgabe', de).word).to.deep.equal(messageTerms('Rueckgabe', de).word);
    });

    it('stems German words', () => {
      expect(de.stem('bestellungen')).to.equal(de.stem('bestellung'));
      expect(de.stem('zzordernumber')).to.equal('zzordernumber');
    });
  });

  describe('en', () => {
    it('keeps the English normalisation', () => {
      expect(analyserOf('en').normalise("I can't find order PP-123456")).to.equal('i can not find order zzordernumber');
    });
  });
});

describe('trainIntentModel per language', () => {
  for (const [language, data, examples] of [
    ['zh', fixtures.smallChinese, { 我的包裹在哪: 'track_order', 我想退钱: 'get_refund', 帮我取消这个订单: 'cancel_order' }],
    [
      'de',
      fixtures.smallGerman,
      {
        'Wo ist mein Paket?': 'track_order',
        'Ich will mein Geld zurück': 'get_refund',
        'Bitte meine Bestellung stornieren': 'cancel_order',
      },
    ],
  ] as const) {
    it(`trains a ${language} model that understands new ${language} phrases`, () => {
      const model = trainIntentModel(readLabelledCsv(data), trainOptionsOf(language));
      expect(model.language).to.equal(language);
      const predicted = Object.fromEntries(Object.keys(examples).map((text) => [text, model.predict(text).intent]));
      expect(predicted).to.deep.equal(examples);
    });
  }

  it('reads a model file written before languages as English', () => {
    const model = trainIntentModel(readLabelledCsv(fixtures.small), { ...defaultTrainOptions, seed: 7 });
    const { language: _language, ...older } = model.toJSON();
    expect(_language).to.equal('en');
    expect(IntentModel.fromJSON(older).language).to.equal('en');
  });
});
