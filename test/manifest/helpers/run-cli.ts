import { spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../../common/project-root';

/** What a finished child process left behind. */
export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `tsx manifest/build-package.ts` (what `npm run manifest` runs once compiled) with
 * exactly the given variables on top of PATH and HOME, so the caller's environment cannot leak in.
 */
export function runBuildPackage(env: Record<string, string>, args: readonly string[] = []): Promise<CliRun> {
  const tsx = path.join(projectRoot, 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, [path.join('manifest', 'build-package.ts'), ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
