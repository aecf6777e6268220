import { backupSqlite } from '../store/backup';
import { ConflictError, InputError } from '../store/errors';
import type { CliIo } from './cli';
import { outFileArgument, runOnConfiguredDatabase } from './database-command';

const USAGE = 'usage: support-bot backup --out FILE   (a consistent online copy of the SQLite database)';

/**
 * `support-bot backup --out FILE`: copies the configured SQLite database while the bot keeps
 * running. Bad arguments, an existing target or a PostgreSQL database give a message and exit 2.
 */
export async function runBackup(argv: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const out = outFileArgument(argv);
  if (!out) {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  return runOnConfiguredDatabase(io, { name: 'backup', migrate: false, env }, async (db) => {
    try {
      const { bytesFile } = await backupSqlite(db, out);
      io.stdout.write(`${JSON.stringify({ backup: bytesFile })}\n`);
      return 0;
    } catch (error) {
      if (error instanceof InputError || error instanceof ConflictError) {
        io.stderr.write(`support-bot backup: ${error.message}\n`);
        return 2;
      }
      throw error;
    }
  });
}
