import { renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isShippedLanguage, REFERENCE_LANGUAGE, SHIPPED_LANGUAGES, type Language } from '../common/languages';
import { listConfirmedExamples } from '../store/confirmed-examples';
import type { CliIo } from './cli';
import { runOnConfiguredDatabase } from './database-command';

const USAGE = `usage: support-bot nlu export-examples --out FILE.csv [--lang ${SHIPPED_LANGUAGES.join('|')}]   (the confirmed NLU examples of one language, default en, in intents.csv format)`;

/** `--out F [--lang L]`, or undefined for anything else. */
function exportArguments(argv: string[]): { out: string; language: Language } | undefined {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { out: { type: 'string' }, lang: { type: 'string' } }, strict: true });
    const language = values.lang ?? REFERENCE_LANGUAGE;
    if (!values.out || positionals.length > 0 || !isShippedLanguage(language)) return undefined;
    return { out: values.out, language };
  } catch {
    return undefined;
  }
}

/**
 * `support-bot nlu export-examples --out F.csv [--lang de]`: writes the confirmed examples of one
 * language (English by default) in the database of `DATABASE_URL` as a training file
 * (`text,intent`, like nlu/data/intents.csv or nlu/data/<lang>/intents.csv), which
 * `support-bot nlu train --data` reads. Suggestions not confirmed by an admin are left out.
 * Bad arguments or configuration give a message and exit 2.
 */
export async function runExportExamples(argv: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = exportArguments(argv);
  if (!args) {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const { out, language } = args;
  return runOnConfiguredDatabase(io, { name: 'nlu export-examples', migrate: true, env }, async (db) => {
    const rows = await listConfirmedExamples(db, language);
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
