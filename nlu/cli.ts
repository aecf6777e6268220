import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

import { SHIPPED_LANGUAGES, isShippedLanguage } from '../common/languages';
import { evaluatePredictions, predictLabels } from './evaluate';
import { InputError } from './input-error';
import { IntentModel } from './intent-model';
import { defaultTrainOptions, trainIntentModel, trainOptionsOf } from './train-intent-model';
import { readLabelledCsv } from './training-data';

/** Streams and defaults the NLU command line runs with. */
export interface NluCliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Model used when `--model` is not given. */
  defaultModelPath: string;
}

/** Usage text of `support-bot nlu`. */
export const nluUsage = [
  'usage: support-bot nlu train --data FILE.csv --out MODEL.json [--seed N] [--lang LANG]',
  '       support-bot nlu eval  [--model MODEL.json] --data FILE.csv [--json]',
  '       support-bot nlu predict [--model MODEL.json] < lines.txt',
  '       support-bot nlu [COMMAND] --help',
  '',
  'FILE.csv: a header with a text column (text or utterance) and a label column (intent,',
  'category or label); other columns are ignored. Out-of-scope rows are labelled oos',
  '(out_of_scope is read as oos).',
  `LANG: the language of the training phrases, one of ${SHIPPED_LANGUAGES.join(', ')} (default en).`,
].join('\n');

const helpFlags = new Set(['--help', '-h']);

/**
 * Runs `support-bot nlu <train|eval|predict> …`; `argv` are the arguments after `nlu`.
 * `--help` or `-h` anywhere (or `help` as the command) prints the usage on stdout and exits 0. Resolves to the
 * exit code: 0 on success, 2 on any error (message on stderr, no stack).
 */
export async function runNluCli(argv: string[], io: NluCliIo): Promise<number> {
  if (argv[0] === 'help' || argv.some((arg) => helpFlags.has(arg))) {
    io.stdout.write(`${nluUsage}\n`);
    return 0;
  }
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case 'train':
        return train(rest, io);
      case 'eval':
        return evaluate(rest, io);
      case 'predict':
        return await predict(rest, io);
      default:
        io.stderr.write(`support-bot nlu: ${command === undefined ? 'missing command' : `unknown command: ${command}`}\n${nluUsage}\n`);
        return 2;
    }
  } catch (error) {
    io.stderr.write(`support-bot nlu: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

function options(args: string[], spec: Record<string, { type: 'string' | 'boolean' }>): Record<string, string | boolean | undefined> {
  try {
    return parseArgs({ args, options: spec, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new InputError(error instanceof Error ? error.message : 'bad arguments');
  }
}

function requireString(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.length === 0) throw new InputError(`missing --${name}`);
  return value;
}

function train(args: string[], io: NluCliIo): number {
  const values = options(args, { data: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, lang: { type: 'string' } });
  const data = requireString(values, 'data');
  const out = requireString(values, 'out');
  const seedText = typeof values.seed === 'string' ? values.seed : String(defaultTrainOptions.seed);
  const seed = Number(seedText);
  if (!Number.isInteger(seed)) throw new InputError(`--seed must be an integer, got ${seedText}`);
  const language = typeof values.lang === 'string' ? values.lang : defaultTrainOptions.language;
  if (!isShippedLanguage(language)) throw new InputError(`--lang must be one of ${SHIPPED_LANGUAGES.join(', ')}, got ${language}`);
  const rows = readLabelledCsv(data);
  const started = Date.now();
  const model = trainIntentModel(rows, trainOptionsOf(language, seed));
  const json = JSON.stringify(model.toJSON());
  mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  writeFileSync(out, json);
  const summary = {
    out,
    language,
    rows: rows.length,
    intents: model.intents.length,
    trainS: (Date.now() - started) / 1000,
    modelMb: Buffer.byteLength(json) / 1e6,
  };
  io.stdout.write(`${JSON.stringify(summary)}\n`);
  return 0;
}

function evaluate(args: string[], io: NluCliIo): number {
  const values = options(args, { model: { type: 'string' }, data: { type: 'string' }, json: { type: 'boolean' } });
  const model = IntentModel.load(typeof values.model === 'string' ? values.model : io.defaultModelPath);
  const rows = readLabelledCsv(requireString(values, 'data'));
  const report = evaluatePredictions(
    rows.map((r) => r.intent),
    predictLabels(model, rows),
  );
  if (values.json === true) {
    io.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    const show = (v: number | null): string => (v === null ? 'n/a' : v.toFixed(4));
    io.stdout.write(
      [
        `rows             ${report.n}`,
        `accuracy         ${show(report.accuracy)}`,
        `macroF1          ${show(report.macroF1)}`,
        `inScopeAccuracy  ${show(report.inScopeAccuracy)}`,
        `oosRecall        ${show(report.oosRecall)}`,
        `oosPrecision     ${show(report.oosPrecision)}`,
      ].join('\n') + '\n',
    );
  }
  return 0;
}

async function predict(args: string[], io: NluCliIo): Promise<number> {
  const values = options(args, { model: { type: 'string' } });
  const model = IntentModel.load(typeof values.model === 'string' ? values.model : io.defaultModelPath);
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    const text = line.trim();
    if (text.length === 0) continue;
    const p = model.predict(text);
    const out = { text, intent: p.intent, confidence: p.confidence, outOfScope: p.outOfScope, alternatives: p.alternatives };
    io.stdout.write(`${JSON.stringify(out)}\n`);
  }
  return 0;
}
