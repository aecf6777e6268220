import type { Knex } from 'knex';
import { dialectOf } from '../db';
import { DemoGenerator, type DemoBatch } from './demo-generator';
import type { DemoRow } from './demo-tickets';

/** Options of {@link seedDemoHistory}. */
export interface SeedDemoOptions {
  conversations?: number;
  days?: number;
  seed?: number;
  now?: number;
  customers?: number;
  /** Conversations generated and inserted per transaction. */
  batchSize?: number;
}

/** Rows written by {@link seedDemoHistory}. */
export interface DemoSummary {
  customers: number;
  conversations: number;
  messages: number;
  tickets: number;
  ticketEvents: number;
  handoffs: number;
  feedback: number;
  kbFeedback: number;
}

const AGENTS = ['demo-agent-ana', 'demo-agent-ben', 'demo-agent-chloe', 'demo-agent-dev', 'demo-agent-eli'];
// knex writes multi-row SQLite inserts as a compound SELECT, limited to 500 terms.
const ROWS_PER_INSERT = 500;

/**
 * Writes a synthetic, seeded support history (see {@link DemoGenerator}) in batched
 * transactions. Ids carry a run prefix, so it can run again on the same database.
 */
export async function seedDemoHistory(db: Knex, options: SeedDemoOptions = {}): Promise<DemoSummary> {
  const now = options.now ?? Date.now();
  const conversations = options.conversations ?? 10_000;
  await db('agents')
    .insert(
      AGENTS.map((id) => ({
        id,
        name: id.replace('demo-agent-', '').replace(/^./, (c) => c.toUpperCase()),
        source: 'admin',
        created_at: now,
      })),
    )
    .onConflict('id')
    .ignore();
  const maxTicket = (await db('tickets').max({ id: 'id' }).first()) as { id: number | string | null } | undefined;
  const generator = new DemoGenerator({
    conversations,
    days: options.days ?? 90,
    now,
    seed: options.seed ?? 42,
    runId: `demo-${now.toString(36)}`,
    customers: options.customers,
    firstTicketId: Number(maxTicket?.id ?? 0) + 1,
    agentIds: AGENTS,
  });
  const customers = generator.customers();
  await insertRows(db, 'customers', customers);
  const summary: DemoSummary = {
    customers: customers.length,
    conversations: 0,
    messages: 0,
    tickets: 0,
    ticketEvents: 0,
    handoffs: 0,
    feedback: 0,
    kbFeedback: 0,
  };
  const batchSize = options.batchSize ?? 2000;
  for (let start = 0; start < conversations; start += batchSize) {
    const batch = generator.batch(start, batchSize);
    await db.transaction(async (tx) => {
      for (const [table, key] of TABLES) await insertRows(tx, table, batch[key]);
    });
    for (const [, key] of TABLES) summary[key] += batch[key].length;
  }
  if (dialectOf(db) === 'postgres') {
    await db.raw("select setval(pg_get_serial_sequence('tickets', 'id'), (select max(id) from tickets))");
  }
  return summary;
}

const TABLES: ReadonlyArray<readonly [string, keyof DemoBatch]> = [
  ['conversations', 'conversations'],
  ['messages', 'messages'],
  ['tickets', 'tickets'],
  ['ticket_events', 'ticketEvents'],
  ['handoffs', 'handoffs'],
  ['feedback', 'feedback'],
  ['kb_feedback', 'kbFeedback'],
];

async function insertRows(db: Knex, table: string, rows: DemoRow[]): Promise<void> {
  const columns = Math.max(1, ...rows.slice(0, 50).map((r) => Object.keys(r).length));
  const chunk = Math.max(1, Math.min(ROWS_PER_INSERT, Math.floor(30_000 / columns)));
  for (let i = 0; i < rows.length; i += chunk) await db(table).insert(rows.slice(i, i + chunk));
}
