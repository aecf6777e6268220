import { expect } from 'chai';
import { currentConversation } from '../../../store/conversations';
import { upsertCustomer } from '../../../store/customers';
import { migrateLatest, openDatabase, type Knex } from '../../../store/db';
import { knexRepositories } from '../../../store/knex-repositories';
import { writeModelSummary } from '../../../store/metrics/model-summaries';
import type { SegmentSummary } from '../../../store/metrics/segment-summary';
import type { DialogRepositories, Repositories } from '../../../store/repositories';
import type { DbConversationRow } from '../../../store/tables';
import { memoryDialogRepositories } from '../../fakes/memory-repositories';
import { testEngines, type TestDatabase, type TestEngine } from '../../helpers/databases';

// One contract per repository, run on every backend that implements it: knex on SQLite, knex on
// PostgreSQL (pending with the reason printed when TEST_DATABASE_URL is unset) and, for the
// repositories the dialogs use, the in-memory fakes of test/fakes.

/** What the conversation repository stored about a conversation. */
export interface ConversationState {
  handedOff: boolean;
  resolvedByBot: boolean;
  outOfScope: boolean;
  firstIntent: string | null;
  endReason: string | null;
  endedAt: number | null;
}

/** Seeds what a case needs and reads back what a write-only repository stored, on the backend under test. */
export interface Probe {
  /**
   * An open conversation (the rows foreign keys need) of a new customer, or of `customerId` (one
   * an earlier call made); new ids on every call unless given.
   */
  conversation(options?: {
    channelId?: string;
    channelConversationId?: string;
    customerId?: string;
  }): Promise<{ conversationId: string; customerId: string }>;
  conversationState(conversationId: string): Promise<ConversationState>;
  /** Puts a customer in a segment (null: in none). */
  placeCustomer(customerId: string, segment: number | null): Promise<void>;
  /** Stores the latest segments fit with each segment's at-risk label. */
  fitSegments(segments: Array<{ id: number; atRisk: boolean }>): Promise<void>;
}

/** One backend's repositories for one case: fresh, empty state. */
export interface Subject<R> {
  repos: R;
  probe: Probe;
  /** The database of a knex backend (for seeding rows no repository writes). */
  db?: Knex;
  cleanup(): Promise<void>;
}

/** A knex backend's subject: all repositories and the database. */
export interface KnexSubject extends Subject<Repositories> {
  db: Knex;
}

/** The `it` cases of one repository's contract, given a factory of fresh subjects. */
export type Contract<S> = (make: () => Promise<S>) => void;

/** A backend: opened once per suite, then `make` gives each case a fresh subject. */
export interface Backend<S> {
  name: string;
  /** Why the backend cannot run here (the suite then shows as pending with this message). */
  unavailable?: string;
  open(): Promise<{ make(): Promise<S>; close(): Promise<void> }>;
}

/** Every table, children before parents: emptied before each case on a knex backend. */
const TABLES = [
  'dl_activities',
  'dl_conversations',
  'satisfaction_estimates',
  'metric_models',
  'ticket_events',
  'handoffs',
  'feedback',
  'kb_feedback',
  'message_photos',
  'messages',
  'tickets',
  'conversations',
  'customers',
  'agents',
  'agent_channels',
  'conversation_references',
  'bot_state',
  'timers',
  'audit_log',
];

let sequence = 0;
const nextId = (): number => ++sequence;

function knexProbe(db: Knex): Probe {
  return {
    async conversation(options = {}) {
      const n = nextId();
      const channelId = options.channelId ?? 'webchat';
      const customerId =
        options.customerId ?? (await upsertCustomer(db, { channelId, channelUserId: `user-${n}`, name: `Customer ${n}` }, 1_000));
      const conversation = await currentConversation(db, {
        channelId,
        channelConversationId: options.channelConversationId ?? `conv-${n}`,
        customerId,
        now: 1_000,
        idleMs: 3_600_000,
      });
      return { conversationId: conversation.id, customerId };
    },
    async conversationState(conversationId) {
      const row = (await db<DbConversationRow>('conversations').where({ id: conversationId }).first()) as DbConversationRow;
      return {
        handedOff: Boolean(row.handed_off),
        resolvedByBot: Boolean(row.resolved_by_bot),
        outOfScope: Boolean(row.out_of_scope),
        firstIntent: row.first_intent,
        endReason: row.end_reason,
        endedAt: row.ended_at,
      };
    },
    async placeCustomer(customerId, segment) {
      await db('customers').where({ id: customerId }).update({ segment });
    },
    async fitSegments(segments) {
      const summary: SegmentSummary = {
        k: segments.length,
        silhouette: null,
        customers: segments.length,
        fittedAt: 1_000,
        segments: segments.map((s) => ({ id: s.id, label: s.atRisk ? 'at risk' : 'content', size: 1, atRisk: s.atRisk, centroid: {} })),
      };
      await writeModelSummary(db, 'segments', summary, 1_000);
    },
  };
}

function knexBackend(engine: TestEngine): Backend<KnexSubject> {
  return {
    name: `knex ${engine.name}`,
    unavailable: engine.unavailable,
    async open() {
      const database: TestDatabase = await engine.create();
      const db = openDatabase(database.url);
      await migrateLatest(db);
      return {
        async make() {
          for (const table of TABLES) await db(table).delete();
          return { repos: knexRepositories(db), probe: knexProbe(db), db, cleanup: async () => {} };
        },
        async close() {
          await db.destroy();
          await database.dispose();
        },
      };
    },
  };
}

/** knex on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set. */
export const knexBackends: Array<Backend<KnexSubject>> = testEngines.map(knexBackend);

/** The in-memory fakes of the dialog repositories; the probe reads their maps. */
export const memoryBackend: Backend<Subject<DialogRepositories>> = {
  name: 'memory fakes',
  async open() {
    return {
      async make() {
        const repos = memoryDialogRepositories();
        const segmentOf = new Map<string, number | null>();
        let atRiskSegments = new Set<number>();
        const relabel = (): void => {
          repos.customers.atRisk.clear();
          for (const [customerId, segment] of segmentOf)
            if (segment !== null && atRiskSegments.has(segment)) repos.customers.atRisk.add(customerId);
        };
        const probe: Probe = {
          async conversation(options = {}) {
            const n = nextId();
            return { conversationId: `memory-conversation-${n}`, customerId: options.customerId ?? `webchat:user-${n}` };
          },
          async conversationState(conversationId) {
            const flags = repos.conversations.flags.get(conversationId) ?? {};
            const ended = repos.conversations.ended.get(conversationId);
            return {
              handedOff: Boolean(flags.handed_off),
              resolvedByBot: Boolean(flags.resolved_by_bot),
              outOfScope: Boolean(flags.out_of_scope),
              firstIntent: repos.conversations.firstIntents.get(conversationId) ?? null,
              endReason: ended?.reason ?? null,
              endedAt: ended?.at ?? null,
            };
          },
          async placeCustomer(customerId, segment) {
            segmentOf.set(customerId, segment);
            relabel();
          },
          async fitSegments(segments) {
            atRiskSegments = new Set(segments.filter((s) => s.atRisk).map((s) => s.id));
            relabel();
          },
        };
        return { repos, probe, cleanup: async () => {} };
      },
      async close() {},
    };
  },
};

/** The rejection of `promise` (fails the case when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

/**
 * Declares `contract` once per backend. Each case's subjects are cleaned up after it; an
 * unavailable backend's suite is pending with its reason printed, never passed.
 */
export function describeContract<S extends Subject<unknown>>(title: string, contract: Contract<S>, backends: Array<Backend<S>>): void {
  for (const backend of backends) {
    describe(`${title} repository contract [${backend.name}]`, function () {
      let opened: { make(): Promise<S>; close(): Promise<void> } | undefined;
      const made: S[] = [];
      before(async function () {
        if (backend.unavailable) {
          console.log(`      ${backend.unavailable}`);
          this.skip();
        }
        opened = await backend.open();
      });
      afterEach(async () => {
        for (const subject of made.splice(0)) await subject.cleanup();
      });
      after(async () => {
        await opened?.close();
      });
      contract(async () => {
        if (!opened) throw new Error(`backend ${backend.name} is not open`);
        const subject = await opened.make();
        made.push(subject);
        return subject;
      });
    });
  }
}
