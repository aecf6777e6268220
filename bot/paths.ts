import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The repository root, found by walking up from this file to the nearest package.json.
 * Works the same when running the TypeScript sources (tsx) and the compiled `dist/`.
 */
export const projectRoot: string = findProjectRoot(__dirname);

/** The NLU model that `npm run train` builds and `npm start` loads. */
export const shippedModelPath = path.join(projectRoot, 'nlu', 'model', 'intent-model.json');

/** The product's own intent training phrases. */
export const intentsCsvPath = path.join(projectRoot, 'nlu', 'data', 'intents.csv');

/** Markdown articles that seed the knowledge base. */
export const articlesDir = path.join(projectRoot, 'kb', 'articles');

function findProjectRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}
