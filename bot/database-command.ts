import { migrateLatest, openDatabase, type Knex } from '../store/db';
import type { CliIo } from './cli';
import { ConfigError, loadConfig } from './config';

/** The FILE of arguments that are exactly `--out FILE`; undefined for anything else. */
export function outFileArgument(argv: readonly string[]): string | undefined {
  return argv.length === 2 && argv[0] === '--out' && argv[1] ? argv[1] : undefined;
}

/** How {@link runOnConfiguredDatabase} opens the database. */
export interface DatabaseCommandOptions {
  /** The command's name in its messages (`support-bot <name>: …`). */
  readonly name: string;
  /** Bring the schema up to date first (commands that read tables a new version adds). */
  readonly migrate: boolean;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Runs `command` on the database of the configuration in `env` and closes it afterwards. A bad
 * configuration is reported on stderr, naming the command, with exit code 2.
 */
export async function runOnConfiguredDatabase(
  io: CliIo,
  options: DatabaseCommandOptions,
  command: (db: Knex) => Promise<number>,
): Promise<number> {
  let databaseUrl: string;
  try {
    databaseUrl = loadConfig(options.env).databaseUrl;
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr.write(`support-bot ${options.name}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const db = openDatabase(databaseUrl);
  try {
    if (options.migrate) await migrateLatest(db);
    return await command(db);
  } finally {
    await db.destroy();
  }
}
