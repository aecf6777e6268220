import { rebuildStatsRollups } from '../store/metrics/rollups/rebuild-rollups';
import type { CliIo } from './cli';
import { runOnConfiguredDatabase } from './database-command';

const USAGE = 'usage: support-bot stats rebuild   (recompute the stats roll-ups of every closed UTC day and hour)';

/**
 * `support-bot stats rebuild`: recomputes the hourly, daily and monthly stats roll-ups of every
 * closed UTC day and of today's closed hours from the source tables (after a restore, a manual
 * data fix, or to check them), on the configured database, migrated first. Prints
 * `{"days": N, "hours": M}` (M: today's hours). Bad arguments or configuration exit 2.
 */
export async function runStats(argv: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (argv.length !== 1 || argv[0] !== 'rebuild') {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  return runOnConfiguredDatabase(io, { name: 'stats', migrate: true, env }, async (db) => {
    const { days, hours } = await rebuildStatsRollups(db, Date.now(), { all: true });
    io.stdout.write(`${JSON.stringify({ days, hours })}\n`);
    return 0;
  });
}
