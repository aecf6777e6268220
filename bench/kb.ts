/**
 * Knowledge-base retrieval benchmark (`npm run bench:kb`).
 *
 * Ranks every question of test/fixtures/kb-questions.csv against kb/articles and reports
 * top-1 / top-3 accuracy and retrieval latency, with the shipped NLU model's intent as the
 * prior when that model exists (classification time is not part of the latency). Baseline in
 * the same run: plain BM25F over the same fields without the intent prior, synonyms, bigrams,
 * typo correction or negation. Then the latency again over the real articles plus 10,000
 * synthetic ones. Everything but the last line goes to stderr/stdout as notes; the last stdout
 * line is one JSON object.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { articlesDir, shippedModelPath } from '../bot/paths';
import { projectRoot } from '../common/project-root';
import { loadArticleFiles, type KbArticle } from '../kb/article';
import { KbIndex, type KbHit } from '../kb/kb-index';
import { Nlu } from '../nlu';
import { seededRandom } from '../common/seeded-random';

const questionRowSchema = z.object({ question: z.string().min(1), article_id: z.string().min(1) });

/** A benchmark question with the intent the NLU gave it (null without a model). */
interface Question {
  text: string;
  expected: string;
  intent: string | null;
  confidence: number;
}

type Search = (question: Question) => KbHit[];

const questionsPath = path.join(projectRoot, 'test', 'fixtures', 'kb-questions.csv');
const latencyRounds = 25;
const syntheticCount = 10_000;
const syntheticSeed = 42;

function main(): void {
  const articles = loadArticleFiles(articlesDir);
  const questions = classifyQuestions(readQuestions());
  const withPrior = questions.some((question) => question.intent !== null);

  const index = new KbIndex(articles);
  const search: Search = (q) => index.search(q.text, { intent: q.intent, intentConfidence: q.confidence, limit: 3 });
  const accuracy = measureAccuracy(questions, search);
  const baseline = measureAccuracy(questions, (q) => index.searchBaseline(q.text, { limit: 3 }));
  const textOnly = measureAccuracy(questions, (q) => index.search(q.text, { limit: 3 }));
  const latency = measureLatency(questions, search);
  for (const miss of accuracy.misses) console.log(`miss: ${JSON.stringify(miss)}`);

  const largeBuildStart = performance.now();
  const largeIndex = new KbIndex([...articles, ...synthesiseArticles(articles, syntheticCount, syntheticSeed)]);
  const largeBuildS = (performance.now() - largeBuildStart) / 1000;
  const largeSearch: Search = (q) => largeIndex.search(q.text, { intent: q.intent, intentConfidence: q.confidence, limit: 3 });
  const largeLatency = measureLatency(questions, largeSearch);
  const largeAccuracy = measureAccuracy(questions, largeSearch);

  console.log(
    JSON.stringify({
      articles: articles.length,
      questions: questions.length,
      intentPrior: withPrior,
      top1: round(accuracy.top1),
      top3: round(accuracy.top3),
      p50Ms: round(latency.p50Ms),
      p99Ms: round(latency.p99Ms),
      p99CpuMs: round(latency.p99CpuMs),
      baselineTop1: round(baseline.top1),
      baselineTop3: round(baseline.top3),
      textOnlyTop1: round(textOnly.top1),
      textOnlyTop3: round(textOnly.top3),
      large: {
        articles: largeIndex.size,
        buildS: round(largeBuildS),
        p50Ms: round(largeLatency.p50Ms),
        p99Ms: round(largeLatency.p99Ms),
        p99CpuMs: round(largeLatency.p99CpuMs),
        top1: round(largeAccuracy.top1),
        top3: round(largeAccuracy.top3),
      },
      loadAverage: round(os.loadavg()[0]),
    }),
  );
}

function readQuestions(): Question[] {
  const records: unknown = parse(readFileSync(questionsPath, 'utf8'), { columns: true, skip_empty_lines: true });
  const rows = z.array(questionRowSchema).parse(records);
  return rows.map((row) => ({ text: row.question, expected: row.article_id, intent: null, confidence: 0 }));
}

/** Adds the shipped model's intent to every question; leaves them unclassified without a model. */
function classifyQuestions(questions: Question[]): Question[] {
  if (!existsSync(shippedModelPath)) {
    console.error(`note: ${shippedModelPath} not found, ranking without the intent prior`);
    return questions;
  }
  const nlu = Nlu.load(shippedModelPath);
  return questions.map((question) => {
    const result = nlu.understand(question.text);
    // A flagged (out-of-scope) result means the classifier does not trust its intent.
    return { ...question, intent: result.intent, confidence: result.outOfScope ? 0 : result.confidence };
  });
}

function measureAccuracy(questions: readonly Question[], search: Search) {
  let top1 = 0;
  let top3 = 0;
  const misses: { question: string; expected: string; got: string[]; intent: string | null }[] = [];
  for (const question of questions) {
    const ids = search(question).map((hit) => hit.id);
    if (ids[0] === question.expected) top1 += 1;
    else misses.push({ question: question.text, expected: question.expected, got: ids, intent: question.intent });
    if (ids.slice(0, 3).includes(question.expected)) top3 += 1;
  }
  return { top1: top1 / questions.length, top3: top3 / questions.length, misses };
}

/**
 * Per-search latency over several rounds after a warm-up round, as wall-clock time and as the
 * process CPU time of the same call (which leaves out time the OS gave to other processes).
 * Percentiles by nearest rank.
 */
function measureLatency(questions: readonly Question[], search: Search) {
  for (const question of questions) search(question);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let round = 0; round < latencyRounds; round += 1) {
    for (const question of questions) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      search(question);
      wall.push(performance.now() - start);
      const used = process.cpuUsage(cpuStart);
      cpu.push((used.user + used.system) / 1000);
    }
  }
  return { p50Ms: percentile(wall, 0.5), p99Ms: percentile(wall, 0.99), p99CpuMs: percentile(cpu, 0.99) };
}

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)];
}

/**
 * Deterministic fake articles made by recombining the real articles' words (seeded PRNG),
 * so word frequencies look like real shop text while the content is meaningless.
 */
function synthesiseArticles(real: readonly KbArticle[], count: number, seed: number): KbArticle[] {
  const random = seededRandom(seed);
  const words = real.flatMap((article) => `${article.title} ${article.summary} ${article.body}`.toLowerCase().match(/[a-z]+/g) ?? []);
  const intents = [...new Set(real.flatMap((article) => article.intents))].sort();
  const between = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const pick = (): string => words[Math.floor(random() * words.length)];
  const phrase = (min: number, max: number): string => Array.from({ length: between(min, max) }, pick).join(' ');
  return Array.from({ length: count }, (_, n) => ({
    id: `synthetic-${String(n).padStart(5, '0')}`,
    title: phrase(3, 8),
    intents: [intents[Math.floor(random() * intents.length)]],
    tags: Array.from({ length: between(3, 6) }, () => phrase(1, 3)),
    updated: '2026-01-01',
    summary: `${phrase(15, 35)}.`,
    body: Array.from({ length: between(6, 15) }, () => `${phrase(8, 25)}.`).join(' '),
  }));
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

try {
  main();
} catch (error: unknown) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
