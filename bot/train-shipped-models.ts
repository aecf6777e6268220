#!/usr/bin/env node
import { existsSync } from 'node:fs';

import { REFERENCE_LANGUAGE, SHIPPED_LANGUAGES } from '../common/languages';
import { runNluCli } from '../nlu/cli';
import { intentsCsvPathOf, shippedModelPath, shippedModelPathOf } from './paths';

/** Seed of the shipped models, so `npm run train` always writes the same files. */
const shippedSeed = '42';

/**
 * `npm run train`: trains the shipped model of every shipped language whose training file
 * exists (`nlu/data/intents.csv`, `nlu/data/<lang>/intents.csv`) into its model path, and
 * says which languages it skipped. Resolves to the first failing exit code, or 0.
 */
export async function trainShippedModels(io: {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}): Promise<number> {
  for (const language of SHIPPED_LANGUAGES) {
    const data = intentsCsvPathOf(language);
    if (!existsSync(data)) {
      // The bot cannot start without the English model; another language is simply not shipped yet.
      if (language === REFERENCE_LANGUAGE) {
        io.stderr.write(`no training file for ${language} at ${data}\n`);
        return 2;
      }
      io.stderr.write(`skipping ${language}: no training file at ${data}\n`);
      continue;
    }
    const argv = ['train', '--data', data, '--out', shippedModelPathOf(language), '--seed', shippedSeed, '--lang', language];
    const code = await runNluCli(argv, { ...io, defaultModelPath: shippedModelPath });
    if (code !== 0) return code;
  }
  return 0;
}

if (require.main === module) {
  void trainShippedModels(process).then((code) => {
    process.exitCode = code;
  });
}
