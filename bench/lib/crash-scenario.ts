import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Knex } from '../../store/db';
import { messageActivity, postActivity } from './activities';
import { FakeConnector } from './fake-connector';
import { ServerProcess } from './server-process';
import { agent, botAddedToTeam } from './teams';
import { acknowledged, dedupKeyOf, driveCustomerLoad, redeliver, type SentMessage } from './customer-load';

/** Options of {@link runCrashScenario}. */
export interface CrashScenarioOptions {
  /** Parallel customers writing while the server is killed. */
  concurrency: number;
  /** The server is killed once this many messages were acknowledged (and the handoff was opened). */
  killAfterAcknowledged: number;
  /** Upper bound of load messages. */
  maxMessages: number;
  /** `AGENT_TIMEOUT_S` of the server: the handoff timer must still be pending at the crash. */
  agentTimeoutS: number;
  /** How long to wait for the handoff timeout after the restart, in ms. */
  timeoutWaitMs: number;
}

/** Defaults: concurrency 8, kill after 40 acknowledged messages. */
export const DEFAULT_CRASH_OPTIONS: CrashScenarioOptions = {
  concurrency: 8,
  killAfterAcknowledged: 40,
  maxMessages: 400,
  agentTimeoutS: 20,
  timeoutWaitMs: 90_000,
};

/** What the database held right after a `kill -9`, before any restart. */
export interface AfterCrash {
  integrity: string;
  /** Acknowledged messages whose row count is not exactly one, with the count found. */
  acknowledgedNotOnce: Array<{ dedupKey: string; rows: number }>;
  handoffStatus: string | null;
  /** The handoff-timeout timer row is in the `timers` table. */
  timerPending: boolean;
  /** "No agent is free" messages the customer had received before the crash (0: the timer had not fired). */
  timeoutMessages: number;
}

/** What the database held after the restart and the redelivery of every message. */
export interface AfterRestart {
  integrity: string;
  /** Responses to the redelivered messages that were not 2xx. */
  redeliveryFailures: SentMessage[];
  /** Messages sent at least once whose row count is not exactly one. */
  notOnce: Array<{ dedupKey: string; rows: number }>;
  /** `dedup_key` values held by more than one row in the whole table. */
  duplicateKeys: number;
  /** Tickets opened for the handoff conversation. */
  handoffTickets: number;
  handoffStatus: string | null;
  /** "No agent is free" messages the customer received after the restart. */
  timeoutMessages: number;
}

/** The whole run: load, `kill -9`, checks, restart, redelivery, checks. */
export interface CrashReport {
  sent: number;
  acknowledgedBeforeCrash: number;
  unacknowledged: number;
  killSignal: string | null;
  /** From spawning the restarted server to its first healthy answer (a figure, never asserted). */
  restartMs: number;
  afterCrash: AfterCrash;
  afterRestart: AfterRestart;
  /** Exit code of the restarted server after SIGTERM. */
  cleanExitCode: number | null;
}

const HANDOFF_CONVERSATION = 'crash-handoff';
const TIMEOUT_TEXT = /no agent is free right now/;

/**
 * Drives customer load against a real server process on a SQLite file, opens a handoff, kills
 * the process with SIGKILL mid-stream, inspects the file, restarts on it, redelivers every
 * message and waits for the handoff timeout to fire from the restarted process.
 */
export async function runCrashScenario(options: CrashScenarioOptions = DEFAULT_CRASH_OPTIONS): Promise<CrashReport> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'support-bot-crash-'));
  const databaseUrl = `sqlite:${path.join(dir, 'crash.sqlite')}`;
  const env = { AGENT_TIMEOUT_S: String(options.agentTimeoutS) };
  const connector = new FakeConnector();
  await connector.start();
  const servers: ServerProcess[] = [];
  try {
    const first = await ServerProcess.start({ databaseUrl, env });
    servers.push(first);
    await expectOk(await postActivity(first.url, botAddedToTeam(connector.url, agent(1))), 'agents channel');

    let handoffOpened = false;
    let acknowledgedSoFar = 0;
    const killWhenReady = () => {
      if (handoffOpened && acknowledgedSoFar >= options.killAfterAcknowledged) first.kill('SIGKILL');
    };
    const handoff = (async () => {
      await waitUntil(() => acknowledgedSoFar >= options.killAfterAcknowledged / 2 || !first.running, 60_000);
      await expectOk(await postActivity(first.url, handoffRequest(connector.url)), 'handoff request');
      handoffOpened = true;
      killWhenReady();
    })();
    const sent = await driveCustomerLoad({
      url: first.url,
      serviceUrl: connector.url,
      concurrency: options.concurrency,
      maxMessages: options.maxMessages,
      prefix: 'crash',
      onAcknowledged: (n) => {
        acknowledgedSoFar = n;
        killWhenReady();
      },
    });
    await handoff;
    first.kill('SIGKILL'); // in case the load ended before the kill threshold
    const exit = await first.exited;
    const afterCrash = await inspect(databaseUrl, (db) => checkAfterCrash(db, sent, timeoutMessages(connector)));

    const timeoutsBefore = timeoutMessages(connector);
    const restartedAt = Date.now();
    const second = await ServerProcess.start({ databaseUrl, env });
    const restartMs = Date.now() - restartedAt;
    servers.push(second);
    const redelivered = await redeliver({ url: second.url, serviceUrl: connector.url, concurrency: options.concurrency }, sent);
    await connector.waitFor(() => timeoutMessages(connector) > timeoutsBefore, options.timeoutWaitMs).catch(() => undefined);
    const timeoutsAfterRestart = timeoutMessages(connector) - timeoutsBefore;
    second.kill('SIGTERM');
    const secondExit = await second.exited;
    const afterRestart = await inspect(databaseUrl, (db) => checkAfterRestart(db, sent, redelivered, timeoutsAfterRestart));
    return {
      sent: sent.length,
      acknowledgedBeforeCrash: sent.filter(acknowledged).length,
      unacknowledged: sent.filter((m) => !acknowledged(m)).length,
      killSignal: exit.signal,
      restartMs,
      afterCrash,
      afterRestart,
      cleanExitCode: secondExit.code,
    };
  } finally {
    for (const server of servers) await server.dispose();
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function handoffRequest(serviceUrl: string): Record<string, unknown> {
  return messageActivity({
    serviceUrl,
    conversationId: HANDOFF_CONVERSATION,
    id: 'crash-handoff-1',
    fromId: 'crash-handoff-customer',
    text: 'I want to talk to a real person please',
  });
}

function timeoutMessages(connector: FakeConnector): number {
  return connector.textsTo(HANDOFF_CONVERSATION).filter((text) => TIMEOUT_TEXT.test(text)).length;
}

async function checkAfterCrash(db: Knex, sent: SentMessage[], timeoutsSent: number): Promise<AfterCrash> {
  const rows = await rowsPerKey(db, sent.filter(acknowledged));
  const handoff = await latestHandoff(db);
  const timer = await db('timers').where({ kind: 'handoff-timeout' }).first('id');
  return {
    integrity: await integrity(db),
    acknowledgedNotOnce: rows.filter((r) => r.rows !== 1),
    handoffStatus: handoff?.status ?? null,
    timerPending: timer !== undefined,
    timeoutMessages: timeoutsSent,
  };
}

async function checkAfterRestart(db: Knex, sent: SentMessage[], redelivered: SentMessage[], timeouts: number): Promise<AfterRestart> {
  const rows = await rowsPerKey(db, sent);
  const duplicates = await db('messages').whereNotNull('dedup_key').groupBy('dedup_key').havingRaw('count(*) > 1').select('dedup_key');
  const handoff = await latestHandoff(db);
  const tickets = await db('tickets')
    .join('conversations', 'conversations.id', 'tickets.conversation_id')
    .where('conversations.channel_conversation_id', HANDOFF_CONVERSATION)
    .count<Array<{ n: number }>>({ n: '*' });
  return {
    integrity: await integrity(db),
    redeliveryFailures: redelivered.filter((m) => !acknowledged(m)),
    notOnce: rows.filter((r) => r.rows !== 1),
    duplicateKeys: duplicates.length,
    handoffTickets: Number(tickets[0].n),
    handoffStatus: handoff?.status ?? null,
    timeoutMessages: timeouts,
  };
}

async function rowsPerKey(db: Knex, messages: SentMessage[]): Promise<Array<{ dedupKey: string; rows: number }>> {
  const keys = messages.map(dedupKeyOf);
  const counts = new Map<string, number>(keys.map((k) => [k, 0]));
  for (let i = 0; i < keys.length; i += 200) {
    const found = await db('messages')
      .whereIn('dedup_key', keys.slice(i, i + 200))
      .select('dedup_key');
    for (const row of found as Array<{ dedup_key: string }>) counts.set(row.dedup_key, (counts.get(row.dedup_key) ?? 0) + 1);
  }
  return [...counts].map(([dedupKey, rows]) => ({ dedupKey, rows }));
}

async function latestHandoff(db: Knex): Promise<{ status: string } | undefined> {
  return db('handoffs').orderBy('id', 'desc').first('status');
}

async function integrity(db: Knex): Promise<string> {
  const rows = (await db.raw('PRAGMA integrity_check')) as Array<{ integrity_check: string }>;
  return rows.map((r) => r.integrity_check).join('; ');
}

/** Opens the SQLite file from this process (as an operator would after a crash), runs `work`, closes it. */
async function inspect<T>(databaseUrl: string, work: (db: Knex) => Promise<T>): Promise<T> {
  const db = openDatabase(databaseUrl);
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

async function expectOk(res: Response, what: string): Promise<void> {
  await res.arrayBuffer();
  if (res.status < 200 || res.status >= 300) throw new Error(`${what}: HTTP ${res.status}`);
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
