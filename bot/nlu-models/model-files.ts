import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PREFIX = 'support-bot-models-';

/**
 * A folder of this process's own for the model files it loads, named after its pid. Folders
 * left by processes that no longer run (a crash or a kill skips the cleanup at stop) are deleted
 * first, so a model deleted for an erasure does not stay on disk because an instance died.
 */
export function createModelFilesDir(tmp = os.tmpdir()): string {
  for (const name of readdirSync(tmp)) {
    const pid = new RegExp(`^${PREFIX}(\\d+)-`).exec(name)?.[1];
    if (pid !== undefined && !isRunning(Number(pid))) rmSync(path.join(tmp, name), { recursive: true, force: true });
  }
  return mkdtempSync(path.join(tmp, `${PREFIX}${process.pid}-`));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
