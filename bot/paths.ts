import path from 'node:path';
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
