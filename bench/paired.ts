/**
 * Paired comparison of two builds of the support bot (`npm run bench` compares with the echo
 * bot instead): both servers run at once, each on its own temporary SQLite file, and rounds of
 * the same customer load at concurrency 32 on `/api/messages` alternate between them (A, B,
 * then B, A, …). Drift of a shared machine then hits both alike, and the median of the
 * per-round ratios shows a change of a few percent that one full run cannot.
 *
 *   npx tsx bench/paired.ts DIR_A DIR_B [--rounds N] [--turns N] [--env-a K=V,…] [--env-b K=V,…] [--cpu-prof DIR]
 *
 * DIR_A and DIR_B are built checkouts (`dist/bot/main.js`); the same directory twice with
 * different `--env-*` compares settings. `--cpu-prof DIR` runs build A under `node --cpu-prof`
 * writing into DIR: a profile of concurrency 32 alone, which `npm run bench -- --cpu-prof DIR` mixes
 * with concurrency 1 and 8. Progress goes to stderr; the last stdout line is
 * JSON: each build's mean CPU per turn and turns/s, and the medians of B ÷ A per round.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChildServer } from './lib/child-server';
import { CountingConnector } from './lib/counting-connector';
import { BotFrameworkDriver } from './lib/drivers';
import { JsonClient } from './lib/http-client';
import { round } from './lib/latency-stats';
import { runLoad } from './lib/load-runner';
import { benchQuestions } from './lib/questions';
import { benchServerEnv } from './lib/server-env';

const CONCURRENCY = 32;
const WARMUP_TURNS = 200;

interface Options {
  dirs: [string, string];
  rounds: number;
  turns: number;
  env: [Record<string, string>, Record<string, string>];
  /** Where build A's CPU profile goes, if one is wanted. */
  cpuProfDir?: string;
}

function parseEnv(text: string): Record<string, string> {
  const pairs = text.split(',').filter(Boolean);
  for (const pair of pairs) if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(pair)) throw new Error(`--env-*: "${pair}" is not NAME=value`);
  return Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
}

function parseOptions(argv: string[]): Options {
  const dirs: string[] = [];
  const options: Omit<Options, 'dirs'> = { rounds: 12, turns: 800, env: [{}, {}] };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === '--rounds' || argv[i] === '--turns') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 2) throw new Error(`${argv[i]} needs a whole number ≥ 2`);
      options[argv[i] === '--rounds' ? 'rounds' : 'turns'] = n;
      i++;
    } else if (argv[i] === '--env-a' || argv[i] === '--env-b') {
      options.env[argv[i] === '--env-a' ? 0 : 1] = parseEnv(value ?? '');
      i++;
    } else if (argv[i] === '--cpu-prof') {
      if (!value) throw new Error('--cpu-prof needs a directory');
      options.cpuProfDir = path.resolve(value);
      i++;
    } else if (argv[i].startsWith('--')) throw new Error(`unknown option ${argv[i]}`);
    else dirs.push(path.resolve(argv[i]));
  }
  if (dirs.length !== 2)
    throw new Error('usage: bench/paired.ts DIR_A DIR_B [--rounds N] [--turns N] [--env-a K=V,…] [--env-b K=V,…] [--cpu-prof DIR]');
  for (const dir of dirs)
    if (!existsSync(path.join(dir, 'dist/bot/main.js'))) throw new Error(`${dir}: no dist/bot/main.js (build it first)`);
  return { ...options, dirs: [dirs[0], dirs[1]] };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const connector = new CountingConnector();
  const serviceUrl = await connector.start();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'support-bot-paired-'));
  const builds = options.dirs.map((dir, i) => {
    const databaseUrl = `sqlite:${path.join(tmp, `${'ab'[i]}.sqlite`)}`;
    const server = new ChildServer({
      name: 'AB'[i],
      args: [path.join(dir, 'dist/bot/main.js')],
      env: { ...benchServerEnv(databaseUrl), ...options.env[i] },
      cwd: dir,
      cpuProfDir: i === 0 ? options.cpuProfDir : undefined,
    });
    return { server, cpuMs: [] as number[], turnsPerS: [] as number[] };
  });
  try {
    await Promise.all(builds.map((b) => b.server.start()));
    const tag = Date.now().toString(36);
    const drivers = builds.map((b, i) => new BotFrameworkDriver('AB'[i], new JsonClient(b.server.url), connector, serviceUrl, tag));
    const load = (i: number, turns: number, seed: number) =>
      runLoad({ driver: drivers[i], turns, concurrency: CONCURRENCY, questions: benchQuestions, seed });
    for (let i = 0; i < 2; i++) await load(i, WARMUP_TURNS, 7);
    const throughputRatios: number[] = [];
    const cpuRatios: number[] = [];
    for (let r = 0; r < options.rounds; r++) {
      for (const i of r % 2 === 0 ? [0, 1] : [1, 0]) {
        const before = builds[i].server.cpuMs();
        const result = await load(i, options.turns, 100 + r);
        if (result.failed > 0) throw new Error(`${'AB'[i]}: ${result.failed} turns failed: ${result.errors.join('; ')}`);
        builds[i].cpuMs.push((builds[i].server.cpuMs() - before) / result.turns);
        builds[i].turnsPerS.push(result.turnsPerS);
      }
      const [a, b] = builds;
      throughputRatios.push(b.turnsPerS[r] / a.turnsPerS[r]);
      cpuRatios.push(b.cpuMs[r] / a.cpuMs[r]);
      process.stderr.write(
        `round ${r + 1}: A ${round(a.turnsPerS[r])}/s ${round(a.cpuMs[r])} ms, B ${round(b.turnsPerS[r])}/s ${round(b.cpuMs[r])} ms\n`,
      );
    }
    const summary = (b: (typeof builds)[number]) => ({ cpuMsPerTurn: round(mean(b.cpuMs)), turnsPerS: round(mean(b.turnsPerS)) });
    console.log(
      JSON.stringify({
        concurrency: CONCURRENCY,
        rounds: options.rounds,
        turnsPerRound: options.turns,
        a: { dir: options.dirs[0], env: options.env[0], ...summary(builds[0]) },
        b: { dir: options.dirs[1], env: options.env[1], ...summary(builds[1]) },
        medianThroughputRatio: round(median(throughputRatios)),
        medianCpuRatio: round(median(cpuRatios)),
      }),
    );
  } finally {
    await Promise.all(builds.map((b) => b.server.stop()));
    await connector.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`paired: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
