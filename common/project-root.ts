import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The repository root, found by walking up from this file to the nearest package.json.
 * Works the same when running the TypeScript sources (tsx) and the compiled `dist/`; it lives
 * in common/ so that every folder (bot/, manifest/, bench/) can locate files of the repository.
 */
export const projectRoot: string = findProjectRoot(__dirname);

function findProjectRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}
