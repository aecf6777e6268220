import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { analyserOf } from '../../nlu/text-analyser';
import { TfidfSpace, type TfidfSpaceJson } from '../../nlu/tfidf-space';
import { WordCharIndex } from '../../nlu/word-char-index';
import type { Language } from '../../common/languages';

const root = path.join(__dirname, '..', '..');
const texts = (file: string) =>
  (parse(readFileSync(path.join(root, file)), { columns: true }) as Array<{ text: string }>).map((r) => r.text);

const cases: ReadonlyArray<[Language, string, string[]]> = [
  ['en', 'nlu/model/intent-model.json', ['nlu/data/intents.csv', 'test/fixtures/nlu/shop-eval.csv']],
  ['de', 'nlu/model/de/intent-model.json', ['nlu/data/de/intents.csv', 'test/fixtures/nlu/shop-eval-de.csv']],
  ['zh', 'nlu/model/zh/intent-model.json', ['nlu/data/zh/intents.csv', 'test/fixtures/nlu/shop-eval-zh.csv']],
];

describe('WordCharIndex', () => {
  for (const [language, modelFile, files] of cases) {
    it(`gives every ${language} training and evaluation row the vector the character space gives its terms, first and second time`, () => {
      const model = JSON.parse(readFileSync(path.join(root, modelFile), 'utf8')) as { char: TfidfSpaceJson };
      const space = TfidfSpace.fromJSON(model.char);
      const analyser = analyserOf(language);
      const index = new WordCharIndex(space, analyser);
      const rows = files.flatMap(texts).map((text) => analyser.normalise(text));
      expect(rows.length).to.be.greaterThan(500);
      for (const round of [1, 2]) {
        for (const normalised of rows) {
          const expected = space.transform(analyser.charTerms(normalised));
          const got = index.vector(normalised);
          expect(Array.from(got.idx), `${round}: ${normalised}`).to.deep.equal(Array.from(expected.idx));
          expect(Array.from(got.val), `${round}: ${normalised}`).to.deep.equal(Array.from(expected.val));
        }
      }
    });
  }

  it('gives the empty text the empty vector and keeps no very long word', () => {
    const analyser = analyserOf('en');
    const space = TfidfSpace.fit([analyser.charTerms('order parcel')], 1);
    const index = new WordCharIndex(space, analyser);
    expect(Array.from(index.vector('').idx)).to.deep.equal([]);
    const long = 'order'.repeat(2000);
    expect(Array.from(index.vector(long).idx)).to.deep.equal(Array.from(space.transform(analyser.charTerms(long)).idx));
    expect((index as unknown as { words: Map<string, unknown> }).words.has(long)).to.equal(false);
  });
});
