/**
 * Crash-safety run (`npx tsx bench/crash.ts`, or `node dist/bench/crash.js` after a build).
 *
 * Starts the real server as a child process on a fresh SQLite file, drives customer messages at
 * `--concurrency` (default 8), opens a handoff, `kill -9`s the server once `--kill-after`
 * messages (default 40) were acknowledged, checks the file, restarts on it, redelivers every
 * message and waits for the handoff timeout (`--agent-timeout-s`, default 20) to fire from the
 * restarted process. The last stdout line is one JSON object; `ok` is true when nothing
 * acknowledged was lost or duplicated, both integrity checks passed and the timer fired once.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { runCrashScenario, type CrashReport } from './lib/crash-scenario';

const argsSchema = z.object({
  concurrency: z.coerce.number().int().min(1).max(64).default(8),
  'kill-after': z.coerce.number().int().min(2).max(10_000).default(40),
  'agent-timeout-s': z.coerce.number().int().min(5).max(600).default(20),
});

function summarise(report: CrashReport): Record<string, unknown> {
  const { afterCrash, afterRestart } = report;
  const ok =
    afterCrash.integrity === 'ok' &&
    afterCrash.acknowledgedNotOnce.length === 0 &&
    afterCrash.timerPending &&
    afterCrash.timeoutMessages === 0 &&
    afterRestart.integrity === 'ok' &&
    afterRestart.redeliveryFailures.length === 0 &&
    afterRestart.notOnce.length === 0 &&
    afterRestart.duplicateKeys === 0 &&
    afterRestart.timeoutMessages === 1 &&
    report.cleanExitCode === 0;
  return {
    ok,
    sent: report.sent,
    acknowledged: report.acknowledgedBeforeCrash,
    unacknowledged: report.unacknowledged,
    killSignal: report.killSignal,
    acknowledgedLost: afterCrash.acknowledgedNotOnce.filter((r) => r.rows === 0).length,
    acknowledgedDuplicated: afterCrash.acknowledgedNotOnce.filter((r) => r.rows > 1).length,
    integrityAfterCrash: afterCrash.integrity,
    handoffAfterCrash: afterCrash.handoffStatus,
    timerPendingAtCrash: afterCrash.timerPending,
    timeoutMessagesBeforeCrash: afterCrash.timeoutMessages,
    restartMs: report.restartMs,
    redeliveryFailures: afterRestart.redeliveryFailures.length,
    messagesNotExactlyOnce: afterRestart.notOnce.length,
    duplicateRows: afterRestart.duplicateKeys,
    handoffTickets: afterRestart.handoffTickets,
    timeoutMessagesAfterRestart: afterRestart.timeoutMessages,
    handoffAfterRestart: afterRestart.handoffStatus,
    integrityAfterRestart: afterRestart.integrity,
    cleanExitCode: report.cleanExitCode,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      concurrency: { type: 'string' },
      'kill-after': { type: 'string' },
      'agent-timeout-s': { type: 'string' },
    },
  });
  const args = argsSchema.parse(values);
  const report = await runCrashScenario({
    concurrency: args.concurrency,
    killAfterAcknowledged: args['kill-after'],
    maxMessages: args['kill-after'] * 10,
    agentTimeoutS: args['agent-timeout-s'],
    timeoutWaitMs: (args['agent-timeout-s'] + 70) * 1000,
  });
  const summary = summarise(report);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  if (!summary.ok) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench/crash: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
});
