#!/usr/bin/env node
import { runNluCli } from '../nlu/cli';
import { runBackup } from './backup-command';
import { runExportExamples } from './export-examples-command';
import { shippedModelPath } from './paths';
import { runStats } from './stats-command';

/** Streams a subcommand reads and writes. */
export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** One `support-bot <name> …` subcommand: gets the arguments after its name, resolves to the exit code. */
export interface Subcommand {
  readonly summary: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

/** The subcommands of the `support-bot` bin, by name. */
export const subcommands: Readonly<Record<string, Subcommand>> = {
  nlu: {
    summary: 'nlu <train|eval|predict|export-examples> …   train, evaluate or run the intent model; export learned examples',
    // export-examples reads the database, so it lives in bot/ (nlu/ knows no database).
    run: (argv, io) =>
      argv[0] === 'export-examples' ? runExportExamples(argv.slice(1), io) : runNluCli(argv, { ...io, defaultModelPath: shippedModelPath }),
  },
  backup: {
    summary: 'backup --out FILE            consistent online copy of the SQLite database',
    run: (argv, io) => runBackup(argv, io),
  },
  stats: {
    summary: 'stats rebuild                recompute the stats roll-ups of every closed UTC day',
    run: (argv, io) => runStats(argv, io),
  },
};

/** Usage text listing the subcommands. */
export function usage(): string {
  return ['usage: support-bot <command> …', ...Object.values(subcommands).map((s) => `  support-bot ${s.summary}`)].join('\n');
}

/** Dispatches `support-bot <command> …`; an unknown command prints the usage and returns 2. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : subcommands[name];
  if (command === undefined) {
    io.stderr.write(`${name === undefined ? 'missing command' : `unknown command: ${name}`}\n${usage()}\n`);
    return 2;
  }
  return command.run(rest, io);
}

if (require.main === module) {
  void runCli(process.argv.slice(2), process).then((code) => {
    process.exitCode = code;
  });
}
