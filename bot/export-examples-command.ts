import { renameSync, writeFileSync } from 'node:fs';
import { migrateLatest, openDatabase } from '../store/db';
import { confirmedExamples } from '../store/nlu-examples';
import type { CliIo } from './cli';
import { ConfigError, loadConfig } from './config';

const USAGE = 'usage: support-bot nlu export-examples --out FILE.csv   (the confirmed NLU examples, in intents.csv format)';

/**
 * `support-bot nlu export-examples --out F.csv`: writes the confirmed examples of the database
 * of `DATABASE_URL` as a training file (`text,intent`, like nlu/data/intents.csv), which
 * `support-bot nlu train --data` reads. Suggestions not confirmed by an admin are left out.
 * Bad arguments or configuration give a message and exit 2.
 */
export async function runExportExamples(argv: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const outIndex = argv.indexOf('--out');
  const out = outIndex >= 0 ? argv[outIndex + 1] : undefined;
  if (!out || argv.length !== 2) {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let databaseUrl: string;
  try {
    databaseUrl = loadConfig(env).databaseUrl;
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr.write(`support-bot nlu export-examples: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const db = openDatabase(databaseUrl);
  try {
    await migrateLatest(db);
    const rows = await confirmedExamples(db);
    // Written beside the target and renamed: a reader never sees half a file.
    const partial = `${out}.partial`;
    writeFileSync(partial, examplesCsv(rows));
    renameSync(partial, out);
    io.stdout.write(`${JSON.stringify({ examples: rows.length, out })}\n`);
    return 0;
  } finally {
    await db.destroy();
  }
}

/** Labelled rows as CSV with the training file's header; every field quoted. */
export function examplesCsv(rows: Array<{ text: string; intent: string }>): string {
  const field = (value: string) => `"${value.replace(/"/g, '""')}"`;
  return ['text,intent', ...rows.map((r) => `${field(r.text)},${field(r.intent)}`)].join('\n') + '\n';
}
