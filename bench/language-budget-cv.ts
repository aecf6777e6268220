/**
 * Chooses each non-English language's out-of-scope budget (`inScopeBudget`, the share of
 * held-out in-scope training rows the thresholds may flag) on its training file alone: a
 * stratified 5-fold cross-validation per candidate budget, the one with the best CV accuracy
 * wins (the evaluation sets are not looked at). Prints one JSON line per language.
 *
 *   npx tsx bench/language-budget-cv.ts [--languages de,zh] [--budgets 0.007,0.01,0.02,0.04]
 */
import { parseArgs } from 'node:util';
import { SHIPPED_LANGUAGES, isShippedLanguage, type Language } from '../common/languages';
import { intentsCsvPathOf } from '../bot/paths';
import { readLabelledCsv, trainOptionsOf } from '../nlu';
import { crossValidateIntents } from './lib/intent-cross-validation';

const { values } = parseArgs({
  options: { languages: { type: 'string' }, budgets: { type: 'string' } },
});
const languages = (values.languages ?? SHIPPED_LANGUAGES.filter((l) => l !== 'en').join(',')).split(',');
const budgets = (values.budgets ?? '0.007,0.01,0.02,0.04').split(',').map(Number);
if (!languages.every(isShippedLanguage) || budgets.some((b) => !(b > 0 && b < 1))) {
  process.stderr.write(`usage: language-budget-cv.ts [--languages ${SHIPPED_LANGUAGES.join(',')}] [--budgets 0.007,0.02]\n`);
  process.exit(2);
}

for (const language of languages as Language[]) {
  const rows = readLabelledCsv(intentsCsvPathOf(language));
  const runs = budgets.map((inScopeBudget) => {
    const cv = crossValidateIntents(rows, 5, { ...trainOptionsOf(language), inScopeBudget });
    const figures = {
      inScopeBudget,
      cvAccuracy: round(cv.cvAccuracy),
      oosRecall: round(cv.oosRecall),
      inScopeFlagged: round(cv.inScopeFlagged),
    };
    process.stderr.write(`${language} ${JSON.stringify(figures)}\n`);
    return figures;
  });
  const best = runs.reduce((a, b) => (b.cvAccuracy > a.cvAccuracy ? b : a));
  process.stdout.write(`${JSON.stringify({ language, rows: rows.length, chosen: best.inScopeBudget, runs })}\n`);
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
