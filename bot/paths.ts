import path from 'node:path';
import { REFERENCE_LANGUAGE, type Language } from '../common/languages';
import { projectRoot } from '../common/project-root';

/** The repository root (from common/), re-exported so bot/'s files find every path here. */
export { projectRoot };

/** The NLU model that `npm run train` builds and `npm start` loads. */
export const shippedModelPath = path.join(projectRoot, 'nlu', 'model', 'intent-model.json');

/** The product's own intent training phrases. */
export const intentsCsvPath = path.join(projectRoot, 'nlu', 'data', 'intents.csv');

/**
 * The labelled evaluation set a retrained model must score on (beside the active model) before
 * it is promoted; it ships with the repository, which is deployed whole.
 */
export const shopEvalPath = path.join(projectRoot, 'test', 'fixtures', 'nlu', 'shop-eval.csv');

/** Markdown articles that seed the knowledge base. */
export const articlesDir = path.join(projectRoot, 'kb', 'articles');

/** The folder of a language's files under `base`: `base` itself for the reference language. */
function languageFolder(base: string, language: Language): string {
  return language === REFERENCE_LANGUAGE ? base : path.join(base, language);
}

/** A language's intent training phrases (`nlu/data/<lang>/intents.csv`; English: {@link intentsCsvPath}). */
export function intentsCsvPathOf(language: Language): string {
  return path.join(languageFolder(path.join(projectRoot, 'nlu', 'data'), language), 'intents.csv');
}

/** A language's shipped intent model (`nlu/model/<lang>/intent-model.json`; English: {@link shippedModelPath}). */
export function shippedModelPathOf(language: Language): string {
  return path.join(languageFolder(path.join(projectRoot, 'nlu', 'model'), language), 'intent-model.json');
}

/** A language's KB articles (`kb/articles/<lang>/`; English: {@link articlesDir}). */
export function articlesDirOf(language: Language): string {
  return languageFolder(articlesDir, language);
}

/** A language's independently written evaluation set (`test/fixtures/nlu/shop-eval-<lang>.csv`; English: {@link shopEvalPath}). */
export function shopEvalPathOf(language: Language): string {
  return language === REFERENCE_LANGUAGE ? shopEvalPath : path.join(projectRoot, 'test', 'fixtures', 'nlu', `shop-eval-${language}.csv`);
}
