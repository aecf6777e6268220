import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';

const root = path.resolve(__dirname, '../..');

/**
 * The threads libuv's pool started in a fresh process that loaded bot/thread-pool.ts with
 * `env`: the process's thread count after the first pooled call, less the count before it.
 */
function poolThreads(env: NodeJS.ProcessEnv): number {
  const script = `
    require(${JSON.stringify(path.join(root, 'bot/thread-pool.ts'))});
    const fs = require('node:fs');
    const before = fs.readdirSync('/proc/self/task').length;
    fs.stat('.', () => setTimeout(() => process.stdout.write(before + ' ' + fs.readdirSync('/proc/self/task').length), 50));`;
  // tsx writes its transform cache asynchronously on a miss, which would start the pool (4 threads) before the module runs.
  const childEnv: NodeJS.ProcessEnv = { ...process.env, TSX_DISABLE_CACHE: '1', ...env };
  if (env.UV_THREADPOOL_SIZE === undefined) delete childEnv.UV_THREADPOOL_SIZE;
  const child = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: root, env: childEnv, encoding: 'utf8' });
  expect(child.status, child.stderr).to.equal(0);
  const [before, after] = child.stdout.split(' ').map(Number);
  return after - before;
}

describe('libuv thread pool size (bot/thread-pool.ts)', function () {
  before(function () {
    if (!existsSync('/proc/self/task')) this.skip();
  });

  it('starts 2 threads when UV_THREADPOOL_SIZE is unset', () => {
    expect(poolThreads({ UV_THREADPOOL_SIZE: undefined })).to.equal(2);
  });

  it('keeps the size the operator set', () => {
    expect(poolThreads({ UV_THREADPOOL_SIZE: '5' })).to.equal(5);
  });

  it('is the first thing bot/main.ts loads, before anything can start the pool', () => {
    const firstImport = /^import\s[^;]*;/m.exec(readFileSync(path.join(root, 'bot/main.ts'), 'utf8'));
    expect(firstImport?.[0]).to.equal("import './thread-pool';");
  });
});
