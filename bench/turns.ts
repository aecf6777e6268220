/**
 * Load benchmark of full customer turns (`npm run bench`).
 *
 * The support bot runs in a child process on a temporary SQLite file; a minimal botbuilder
 * echo bot (bench/echo-bot.ts) runs in another as the baseline. For concurrency 1, 8 and 32
 * the same customer load goes, interleaved in three rounds, to the echo bot's `/api/messages`,
 * the support bot's `/api/messages` (replies to a counting fake connector in this process)
 * and the widget's Direct Line endpoint (token → conversation → post → one poll). Every turn must get
 * its reply; afterwards the database is checked for both directions of every turn.
 *
 *   --turns N      measured customer messages over all nine rows (default 5400)
 *   --soak N       instead: N turns at concurrency 8 on /api/messages, RSS sampled every 10 %
 *   --cpu-prof DIR run the support bot with `node --cpu-prof` writing into DIR
 *
 * Progress goes to stderr; the last stdout line is one JSON object.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../common/project-root';
import { ChildServer } from './lib/child-server';
import { BotFrameworkDriver, DirectLineDriver, type Driver } from './lib/drivers';
import { CountingConnector } from './lib/counting-connector';
import { JsonClient } from './lib/http-client';
import { round } from './lib/latency-stats';
import { mergeLoads, runLoad, type LoadResult } from './lib/load-runner';
import { benchQuestions } from './lib/questions';
import { benchServerEnv } from './lib/server-env';
import { countStoredTurns } from './lib/stored-turns';

const CONCURRENCIES = [1, 8, 32] as const;
const WARMUP_TURNS = 64;
/**
 * Each row's turns are split into this many rounds, and the rounds of echo, /api/messages and
 * Direct Line alternate: background load that comes and goes then hits all three alike.
 */
const ROUNDS = 3;
const DEFAULT_TURNS = 5400;
const TARGET_RATIO = 0.5;
const TARGET_P99_RATIO = 2;

/** One (endpoint, concurrency) row of the report. */
interface RunRow {
  endpoint: string;
  concurrency: number;
  turns: number;
  conversations: number;
  failed: number;
  kbAnswerRate: number;
  turnsPerS: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  openP50Ms: number;
  /** Throughput ÷ the echo bot's at the same concurrency. */
  ratio: number;
  /** p99 ÷ the echo bot's p99 at the same concurrency. */
  p99Ratio: number;
  /** CPU time of the server process per customer message (all its threads), ms. */
  cpuMsPerTurn: number;
  /**
   * This process's CPU per turn during the row: the simulated customers, the fake connector and
   * reading the children's output (all on the 2 cores the server also runs on); approximate, as
   * a reply arriving after its round ends is counted in the next.
   */
  driverCpuMsPerTurn: number;
  /** Throughput ÷ the echo bot's, round by round. */
  roundRatios: number[];
  rssMb: number;
}

interface Options {
  turns: number;
  soak?: number;
  cpuProfDir?: string;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { turns: DEFAULT_TURNS };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    const count = () => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 10) throw new Error(`${argv[i]} needs a whole number ≥ 10`);
      i++;
      return n;
    };
    if (argv[i] === '--turns') options.turns = count();
    else if (argv[i] === '--soak') options.soak = count();
    else if (argv[i] === '--cpu-prof' && value) options.cpuProfDir = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]} (use --turns N, --soak N, --cpu-prof DIR)`);
  }
  return options;
}

/** Node arguments that start `entry` (a path without extension) the way this script runs. */
function nodeArgs(entry: string): string[] {
  if (__filename.endsWith('.ts')) return ['--import', 'tsx', path.join(projectRoot, `${entry}.ts`)];
  return [path.join(projectRoot, 'dist', `${entry}.js`)];
}

const note = (message: string) => process.stderr.write(`${message}\n`);

/** A load run with the CPU time the server spent meanwhile. */
interface MeasuredRun {
  result: LoadResult;
  cpuMs: number;
  /** CPU time this process (the simulated customers and the fake connector) spent meanwhile. */
  driverCpuMs: number;
}

/** Runs `work` and returns its result with the CPU time `server` spent meanwhile. */
async function measured(server: ChildServer, work: () => Promise<LoadResult>): Promise<MeasuredRun> {
  const before = server.cpuMs();
  const driverBefore = process.cpuUsage();
  const result = await work();
  const driver = process.cpuUsage(driverBefore);
  return { result, cpuMs: server.cpuMs() - before, driverCpuMs: (driver.user + driver.system) / 1000 };
}

/** One row from the rounds of a target and of the echo bot at the same concurrency. */
function toRow(endpoint: string, concurrency: number, rounds: MeasuredRun[], echoRounds: MeasuredRun[], rssMb: number): RunRow {
  const r = mergeLoads(rounds.map((m) => m.result));
  const echo = mergeLoads(echoRounds.map((m) => m.result));
  const cpuMs = rounds.reduce((n, m) => n + m.cpuMs, 0);
  const driverCpuMs = rounds.reduce((n, m) => n + m.driverCpuMs, 0);
  return {
    endpoint,
    concurrency,
    turns: r.turns,
    conversations: r.conversations,
    failed: r.failed,
    kbAnswerRate: r.kbAnswerRate,
    turnsPerS: r.turnsPerS,
    p50Ms: r.latency.p50Ms,
    p99Ms: r.latency.p99Ms,
    maxMs: r.latency.maxMs,
    openP50Ms: r.open.p50Ms,
    ratio: round(r.turnsPerS / echo.turnsPerS),
    p99Ratio: round(r.latency.p99Ms / echo.latency.p99Ms),
    cpuMsPerTurn: round(cpuMs / Math.max(1, r.turns)),
    driverCpuMsPerTurn: round(driverCpuMs / Math.max(1, r.turns)),
    roundRatios: rounds.map((m, i) => round(m.result.turnsPerS / echoRounds[i].result.turnsPerS)),
    rssMb,
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'support-bot-bench-'));
  const databaseUrl = `sqlite:${path.join(dir, 'bench.sqlite')}`;
  const connector = new CountingConnector();
  const serviceUrl = await connector.start();
  const bot = new ChildServer({
    name: 'support-bot',
    args: nodeArgs('bot/main'),
    env: benchServerEnv(databaseUrl),
    cwd: projectRoot,
    cpuProfDir: options.cpuProfDir,
  });
  const echo = new ChildServer({ name: 'echo-bot', args: nodeArgs('bench/echo-bot'), env: benchServerEnv(databaseUrl), cwd: projectRoot });
  const loadAtStart = os.loadavg();
  try {
    note(`starting support-bot (${databaseUrl}) and echo-bot…`);
    await Promise.all([bot.start(), echo.start()]);
    const botClient = new JsonClient(bot.url);
    const echoClient = new JsonClient(echo.url);
    const tag = Date.now().toString(36);
    const api = new BotFrameworkDriver('api-messages', botClient, connector, serviceUrl, tag);
    const directLine = new DirectLineDriver(botClient);
    const echoDriver = new BotFrameworkDriver('echo', echoClient, connector, serviceUrl, tag);
    const load = (driver: Driver, turns: number, concurrency: number, seed: number, onProgress?: (done: number) => void) =>
      runLoad({ driver, turns, concurrency, questions: benchQuestions, seed, onProgress });

    let sent = 0;
    for (const driver of [echoDriver, api, directLine]) {
      const warm = await load(driver, WARMUP_TURNS, 8, 7);
      if (driver !== echoDriver) sent += warm.turns;
    }
    note(`warmed up; support-bot RSS ${bot.memory().rssMb} MB`);

    if (options.soak !== undefined) {
      const samples: Array<{ turns: number; rssMb: number }> = [{ turns: 0, rssMb: bot.memory().rssMb }];
      const soak = await load(api, options.soak, 8, 11, (done) => {
        samples.push({ turns: done, rssMb: bot.memory().rssMb });
        note(`soak: ${done} turns, RSS ${samples[samples.length - 1].rssMb} MB`);
      });
      sent += soak.turns;
      const peak = bot.memory().peakRssMb;
      await bot.stop();
      const stored = await countStoredTurns(databaseUrl);
      const after = samples.slice(1);
      console.log(
        JSON.stringify({
          mode: 'soak',
          endpoint: 'api-messages',
          concurrency: 8,
          turns: soak.turns,
          failed: soak.failed,
          turnsPerS: soak.turnsPerS,
          p50Ms: soak.latency.p50Ms,
          p99Ms: soak.latency.p99Ms,
          rssMb: peak,
          rssSamplesMb: samples,
          rssGrowthMb: round(after[after.length - 1].rssMb - after[0].rssMb),
          stored: { ...stored, expectedIn: sent },
          errorLogLines: bot.errorLines,
        }),
      );
      return;
    }

    const perRow = Math.max(10, Math.floor(options.turns / (CONCURRENCIES.length * 3)));
    const perRound = Math.max(10, Math.floor(perRow / ROUNDS));
    const busyRound = Math.max(...CONCURRENCIES) * 5;
    if (perRound < busyRound)
      note(
        `note: ${perRound} turns per round keep fewer than ${Math.max(...CONCURRENCIES)} customers busy; use --turns ${busyRound * 9 * ROUNDS} or more`,
      );
    const runs: RunRow[] = [];
    let seed = 100;
    for (const concurrency of CONCURRENCIES) {
      const rounds: Record<string, MeasuredRun[]> = { echo: [], [api.name]: [], [directLine.name]: [] };
      for (let round = 0; round < ROUNDS; round++) {
        const roundSeed = seed * 10 + round;
        rounds.echo.push(await measured(echo, () => load(echoDriver, perRound, concurrency, roundSeed)));
        for (const driver of [api, directLine]) {
          const run = await measured(bot, () => load(driver, perRound, concurrency, roundSeed));
          sent += run.result.turns;
          rounds[driver.name].push(run);
        }
      }
      runs.push(toRow('echo', concurrency, rounds.echo, rounds.echo, echo.memory().peakRssMb));
      for (const driver of [api, directLine])
        runs.push(toRow(driver.name, concurrency, rounds[driver.name], rounds.echo, bot.memory().peakRssMb));
      seed++;
      for (const row of runs.slice(-3))
        note(
          `c=${row.concurrency} ${row.endpoint}: ${row.turnsPerS} turns/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, cpu ${row.cpuMsPerTurn} ms/turn (driver ${row.driverCpuMsPerTurn}), failed ${row.failed}, kb ${row.kbAnswerRate}`,
        );
    }
    botClient.close();
    echoClient.close();
    await Promise.all([bot.stop(), echo.stop()]);
    const stored = await countStoredTurns(databaseUrl);
    printReport(runs, { ...stored, expectedIn: sent }, bot.errorLines, loadAtStart);
  } finally {
    await Promise.all([bot.stop(), echo.stop(), connector.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

function printReport(runs: RunRow[], stored: object, errorLogLines: number, loadAtStart: number[]): void {
  const pick = (endpoint: string) => runs.find((r) => r.endpoint === endpoint && r.concurrency === 32) as RunRow;
  const ours = pick('api-messages');
  const dl = pick('directline');
  const echo = pick('echo');
  console.log('endpoint      c   turns/s   p50 ms   p99 ms  ratio  p99 ratio  failed  kb-answers');
  for (const r of runs) {
    console.log(
      `${r.endpoint.padEnd(12)} ${String(r.concurrency).padStart(2)} ${String(r.turnsPerS).padStart(9)} ${String(r.p50Ms).padStart(8)} ${String(r.p99Ms).padStart(8)} ${String(r.ratio).padStart(6)} ${String(r.p99Ratio).padStart(10)} ${String(r.failed).padStart(7)} ${String(r.kbAnswerRate).padStart(11)}`,
    );
  }
  const met = ours.ratio >= TARGET_RATIO && ours.p99Ratio <= TARGET_P99_RATIO;
  console.log(
    JSON.stringify({
      turnsPerS: ours.turnsPerS,
      p50Ms: ours.p50Ms,
      p99Ms: ours.p99Ms,
      echoTurnsPerS: echo.turnsPerS,
      echoP50Ms: echo.p50Ms,
      echoP99Ms: echo.p99Ms,
      ratio: ours.ratio,
      p99Ratio: ours.p99Ratio,
      cpuMsPerTurn: ours.cpuMsPerTurn,
      echoCpuMsPerTurn: echo.cpuMsPerTurn,
      driverCpuMsPerTurn: ours.driverCpuMsPerTurn,
      echoDriverCpuMsPerTurn: echo.driverCpuMsPerTurn,
      rssMb: ours.rssMb,
      echoRssMb: echo.rssMb,
      directLine: { turnsPerS: dl.turnsPerS, p50Ms: dl.p50Ms, p99Ms: dl.p99Ms, ratio: dl.ratio, p99Ratio: dl.p99Ratio },
      targets: { ratioMin: TARGET_RATIO, p99RatioMax: TARGET_P99_RATIO, met },
      stored,
      errorLogLines,
      machine: { cpus: os.cpus().length, loadAvgAtStart: loadAtStart.map(round), loadAvgAtEnd: os.loadavg().map(round) },
      runs,
    }),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
