import { existsSync } from 'node:fs';

import { intentsCsvPathOf, shopEvalPathOf } from '../../bot/paths';
import { REFERENCE_LANGUAGE, SHIPPED_LANGUAGES, type Language } from '../../common/languages';
import { oosLabel, readLabelledCsv, trainIntentModel, trainOptionsOf } from '../../nlu';
import type { LanguageDetector } from '../../nlu/language-detection';
import { readShopEval, scoreShopEval } from './shop-eval';

const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

/**
 * For every shipped language other than English with a training file and an evaluation set:
 * a model trained on `nlu/data/<lang>/intents.csv` with the shipped settings, scored on
 * `test/fixtures/nlu/shop-eval-<lang>.csv` (the shop figures), and the detector's answers on
 * the same rows (the share detected as the language, as another one, or not at all).
 */
export function languageEvaluation(detector: LanguageDetector, note: (message: string) => void): Record<string, Record<string, number>> {
  const result: Record<string, Record<string, number>> = {};
  for (const language of SHIPPED_LANGUAGES.filter((l): l is Exclude<Language, 'en'> => l !== REFERENCE_LANGUAGE)) {
    const [data, evalFile] = [intentsCsvPathOf(language), shopEvalPathOf(language)];
    if (!existsSync(data) || !existsSync(evalFile)) {
      note(`languages: skipping ${language} (${existsSync(data) ? evalFile : data} is missing)`);
      continue;
    }
    const started = performance.now();
    const model = trainIntentModel(readLabelledCsv(data), trainOptionsOf(language));
    const trainS = (performance.now() - started) / 1000;
    const rows = readShopEval(evalFile);
    const figures = scoreShopEval(
      rows,
      rows.map((r) => {
        const p = model.predict(r.text);
        return p.outOfScope ? oosLabel : p.intent;
      }),
    );
    const detected = rows.map((r) => detector.detect(r.text)?.code);
    result[language] = {
      rows: rows.length,
      ...Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, round(v)])),
      trainS: round(trainS, 1),
      detectedAsLanguage: round(detected.filter((c) => c === language).length / rows.length),
      detectedAsOther: round(detected.filter((c) => c !== undefined && c !== language).length / rows.length),
    };
    note(`languages, ${language}: ${JSON.stringify(result[language])}`);
  }
  return result;
}
