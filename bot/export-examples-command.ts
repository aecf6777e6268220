import { renameSync, writeFileSync } from 'node:fs';
import { confirmedExamples } from '../store/nlu-examples';
import type { CliIo } from './cli';
import { outFileArgument, runOnConfiguredDatabase } from './database-command';

const USAGE = 'usage: support-bot nlu export-examples --out FILE.csv   (the confirmed NLU examples, in intents.csv format)';

/**
 * `support-bot nlu export-examples --out F.csv`: writes the confirmed examples of the database
 * of `DATABASE_URL` as a training file (`text,intent`, like nlu/data/intents.csv), which
 * `support-bot nlu train --data` reads. Suggestions not confirmed by an admin are left out.
 * Bad arguments or configuration give a message and exit 2.
 */
export async function runExportExamples(argv: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const out = outFileArgument(argv);
  if (!out) {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  return runOnConfiguredDatabase(io, { name: 'nlu export-examples', migrate: true, env }, async (db) => {
    const rows = await confirmedExamples(db);
    // Written beside the target and renamed: a reader never sees half a file.
    const partial = `${out}.partial`;
    writeFileSync(partial, examplesCsv(rows));
    renameSync(partial, out);
    io.stdout.write(`${JSON.stringify({ examples: rows.length, out })}\n`);
    return 0;
  });
}

/** Labelled rows as CSV with the training file's header; every field quoted. */
export function examplesCsv(rows: Array<{ text: string; intent: string }>): string {
  const field = (value: string) => `"${value.replace(/"/g, '""')}"`;
  return ['text,intent', ...rows.map((r) => `${field(r.text)},${field(r.intent)}`)].join('\n') + '\n';
}
