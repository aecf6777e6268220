import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { type IntentModel, defaultTrainOptions, readLabelledCsv, trainIntentModel } from '../../nlu';

/** Fixture CSVs of the NLU tests. */
export const fixtures = {
  small: path.join(__dirname, '..', 'fixtures', 'nlu', 'small-intents.csv'),
  smallGerman: path.join(__dirname, '..', 'fixtures', 'nlu', 'small-intents-de.csv'),
  smallChinese: path.join(__dirname, '..', 'fixtures', 'nlu', 'small-intents-zh.csv'),
  utteranceCategory: path.join(__dirname, '..', 'fixtures', 'nlu', 'utterance-category.csv'),
  labelText: path.join(__dirname, '..', 'fixtures', 'nlu', 'text-label.csv'),
  missingColumn: path.join(__dirname, '..', 'fixtures', 'nlu', 'missing-column.csv'),
  empty: path.join(__dirname, '..', 'fixtures', 'nlu', 'empty.csv'),
};

let cached: { model: IntentModel; file: string } | undefined;

/** A model trained once on the small fixture (seed 7) and saved to a temporary file. */
export function smallModel(): { model: IntentModel; file: string } {
  if (cached === undefined) {
    const model = trainIntentModel(readLabelledCsv(fixtures.small), { ...defaultTrainOptions, seed: 7 });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'nlu-test-')), 'model.json');
    writeFileSync(file, JSON.stringify(model.toJSON()));
    cached = { model, file };
  }
  return cached;
}
