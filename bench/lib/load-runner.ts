import { performance } from 'node:perf_hooks';
import type { Driver } from './drivers';
import { round, summarise, type LatencySummary } from './latency-stats';
import { seededRandom } from '../../common/seeded-random';

/** Options of {@link runLoad}. */
export interface LoadOptions {
  driver: Driver;
  /** Customer messages to send in total. */
  turns: number;
  /** Customers talking at the same time, each waiting for the answer before asking again. */
  concurrency: number;
  questions: readonly string[];
  /** Seed of the question and conversation-length choice. */
  seed: number;
  /** Shortest and longest conversation, in customer messages. */
  conversationLength?: [number, number];
  /** Called after every `turns / 10` completed turns with the count so far (soak sampling). */
  onProgress?: (done: number) => void;
}

/** Figures of one load run. */
export interface LoadResult {
  turns: number;
  conversations: number;
  failed: number;
  /** Share of successful turns answered with a KB article card. */
  kbAnswerRate: number;
  wallS: number;
  turnsPerS: number;
  latency: LatencySummary;
  /** Opening a conversation (join + greeting; for Direct Line token + start + first poll). */
  open: LatencySummary;
  /** The first few failure reasons. */
  errors: string[];
  /** Every turn's and every opening's duration, for merging runs. */
  samples: { turnsMs: number[]; opensMs: number[]; kbAnswers: number };
}

/** One result for several runs of the same load (rounds interleaved with other targets). */
export function mergeLoads(results: readonly LoadResult[]): LoadResult {
  const turns = results.reduce((n, r) => n + r.turns, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  const wallS = results.reduce((n, r) => n + r.wallS, 0);
  const samples = {
    turnsMs: results.flatMap((r) => r.samples.turnsMs),
    opensMs: results.flatMap((r) => r.samples.opensMs),
    kbAnswers: results.reduce((n, r) => n + r.samples.kbAnswers, 0),
  };
  return {
    turns,
    conversations: results.reduce((n, r) => n + r.conversations, 0),
    failed,
    kbAnswerRate: round(samples.kbAnswers / Math.max(1, turns - failed)),
    wallS: round(wallS),
    turnsPerS: round(turns / wallS),
    latency: summarise(samples.turnsMs),
    open: summarise(samples.opensMs),
    errors: results.flatMap((r) => r.errors).slice(0, 5),
    samples,
  };
}

/**
 * Runs `turns` customer messages over `concurrency` simulated customers. Each customer opens
 * a conversation, asks 3–6 different questions one after another, and starts a new
 * conversation; throughput counts customer messages over the wall time, openings included.
 */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const random = seededRandom(o.seed);
  const [minLength, maxLength] = o.conversationLength ?? [3, 6];
  const latencies: number[] = [];
  const opens: number[] = [];
  const errors: string[] = [];
  let started = 0;
  let done = 0;
  let failed = 0;
  let kbAnswers = 0;
  let conversations = 0;
  const step = Math.max(1, Math.floor(o.turns / 10));

  const customer = async () => {
    while (started < o.turns) {
      const length = Math.min(minLength + Math.floor(random() * (maxLength - minLength + 1)), o.turns - started);
      started += length;
      const openStart = performance.now();
      const conversation = await o.driver.open();
      opens.push(performance.now() - openStart);
      conversations++;
      const asked = new Set<number>();
      for (let i = 0; i < length; i++) {
        let q = Math.floor(random() * o.questions.length);
        while (asked.has(q)) q = (q + 1) % o.questions.length;
        asked.add(q);
        const turnStart = performance.now();
        const outcome = await conversation.ask(o.questions[q]).catch((error: unknown) => ({
          ok: false,
          kbAnswer: false,
          error: error instanceof Error ? error.message : String(error),
        }));
        latencies.push(performance.now() - turnStart);
        if (!outcome.ok) {
          failed++;
          if (errors.length < 5) errors.push(outcome.error ?? 'failed');
        } else if (outcome.kbAnswer) kbAnswers++;
        done++;
        if (o.onProgress && done % step === 0) o.onProgress(done);
      }
    }
  };

  const wallStart = performance.now();
  await Promise.all(Array.from({ length: o.concurrency }, () => customer()));
  const wallS = (performance.now() - wallStart) / 1000;
  return {
    turns: done,
    conversations,
    failed,
    kbAnswerRate: round(kbAnswers / Math.max(1, done - failed)),
    wallS: round(wallS),
    turnsPerS: round(done / wallS),
    latency: summarise(latencies),
    open: summarise(opens),
    errors,
    samples: { turnsMs: latencies, opensMs: opens, kbAnswers },
  };
}
