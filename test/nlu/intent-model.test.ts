import { expect } from 'chai';

import { IntentModel, Nlu, defaultTrainOptions, readLabelledCsv, trainIntentModel } from '../../nlu';
import { shippedModelPath } from '../../bot/paths';
import { fixtures, smallModel } from './fixture-model';

const probes = ['where is my parcel', 'cancel order PP-204811', 'I forgot my password', 'refund me $20', 'hello there'];

describe('IntentModel', () => {
  describe('trainIntentModel', () => {
    it('produces an identical model file for the same seed', () => {
      const rows = readLabelledCsv(fixtures.small);
      const a = trainIntentModel(rows, { ...defaultTrainOptions, seed: 11 });
      const b = trainIntentModel(rows, { ...defaultTrainOptions, seed: 11 });
      expect(JSON.stringify(a.toJSON())).to.equal(JSON.stringify(b.toJSON()));
    });

    it('stores ml-cart regression trees and the seed in the model', () => {
      const json = smallModel().model.toJSON();
      expect(json.trees.length).to.be.greaterThan(0);
      expect(json.trees.every((t) => t.name === 'DTRegression')).to.equal(true);
      expect(json.seed).to.equal(7);
    });

    it('maps the oos label to the out-of-scope class and keeps it out of the intents', () => {
      const { model } = smallModel();
      expect(model.intents).to.deep.equal(['cancel_order', 'get_refund', 'recover_password', 'track_order']);
      expect(model.toJSON().classes).to.include('oos');
    });
  });

  describe('fromJSON / load', () => {
    it('predicts exactly the same after a save and load round trip', () => {
      const { model, file } = smallModel();
      const reloaded = IntentModel.load(file);
      for (const text of probes) expect(reloaded.predict(text)).to.deep.equal(model.predict(text));
    });

    it('rejects a JSON document that is not a model', () => {
      expect(() => IntentModel.fromJSON({ format: 'something-else' })).to.throw(/not an intent model/);
    });
  });

  describe('predict', () => {
    it('returns calibrated confidences that decrease along the alternatives and a matching margin', () => {
      const p = smallModel().model.predict('I want to cancel my order');
      expect(p.intent).to.equal('cancel_order');
      expect(p.confidence).to.be.within(0, 1);
      const confidences = [p.confidence, ...p.alternatives.map((a) => a.confidence)];
      expect(confidences).to.deep.equal([...confidences].sort((x, y) => y - x));
      expect(p.margin).to.be.closeTo(p.confidence - p.alternatives[0].confidence, 1e-12);
      expect(p.alternatives.map((a) => a.intent)).not.to.include('oos');
    });

    it('flags gibberish as out of scope', () => {
      for (const text of ['asdfgh', 'qwertz uiop', 'zzzzzz']) expect(smallModel().model.predict(text).outOfScope, text).to.equal(true);
    });

    it('flags off-topic questions as out of scope', () => {
      for (const text of ['what is the weather like in London', 'tell me a funny joke', 'who won the game last night']) {
        expect(smallModel().model.predict(text).outOfScope, text).to.equal(true);
      }
    });

    it('does not flag clear in-scope questions', () => {
      for (const text of ['track my order please', 'I need to reset my password', 'please cancel my order']) {
        expect(smallModel().model.predict(text).outOfScope, text).to.equal(false);
      }
    });
  });
});

describe('Nlu', () => {
  describe('understand', () => {
    it('combines intent, entities and sentiment for one message', () => {
      const nlu = Nlu.load(smallModel().file);
      const u = nlu.understand('I am not happy, where is my order PP-204811?');
      expect(u.intent).to.equal('track_order');
      expect(u.entities).to.deep.include({ type: 'order_number', value: 'PP-204811', canonical: 'PP-204811', start: 34, end: 43 });
      expect(u.sentiment).to.be.below(0);
      expect(nlu.intents).to.have.length(4);
    });
  });

  describe('with the shipped model', () => {
    let nlu: Nlu;
    before(() => {
      nlu = Nlu.load(shippedModelPath);
    });

    it('knows the product taxonomy', () => {
      expect(nlu.intents).to.include.members(['track_order', 'contact_human_agent', 'complaint', 'greeting']);
    });

    it('flags gibberish and off-topic messages', () => {
      for (const text of ['asdfgh', 'qwerty zxcvb', "what's the weather like today", 'who is the president of France']) {
        expect(nlu.understand(text).outOfScope, text).to.equal(true);
      }
    });

    it('keeps one-word small talk in scope (its words are too common for the neighbour postings)', () => {
      for (const [text, intent] of [
        ['hi', 'greeting'],
        ['hello', 'greeting'],
        ['thanks', 'thanks'],
        ['bye', 'goodbye'],
      ]) {
        const u = nlu.understand(text);
        expect([u.intent, u.outOfScope], text).to.deep.equal([intent, false]);
      }
    });

    it('routes typical requests to their intent', () => {
      expect(nlu.understand('where is my package?').intent).to.equal('track_order');
      expect(nlu.understand('I want to speak to a human').intent).to.equal('contact_human_agent');
    });
  });
});
