import { expect } from 'chai';
import { readFileSync, existsSync } from 'node:fs';
import { DAY_MS } from '../../common/time';
import { dialectOf, type Knex } from '../../store/db';
import { purgeOldCustomerText } from '../../store/retention';
import { describeEachEngine } from '../helpers/databases';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { columnsContaining } from '../helpers/text-columns';
import { ADMIN, newMarkers, tellStory, type Story, type StoryMarkers } from './customer-story';

/** The export section that carries each table's rows. */
const EXPORT_SECTION: Record<string, string> = {
  customers: 'customer',
  conversations: 'conversations',
  messages: 'messages',
  tickets: 'tickets',
  ticket_events: 'ticketEvents',
  handoffs: 'handoffs',
  feedback: 'feedback',
  kb_feedback: 'kbFeedback',
  satisfaction_estimates: 'satisfactionEstimates',
  conversation_references: 'conversationReferences',
  bot_state: 'dialogState',
  dl_conversations: 'directLineConversations',
  dl_activities: 'directLineActivities',
  audit_log: 'auditLog',
  customer_emails: 'customerEmails',
  email_outbox: 'emailOutbox',
  stats_customer_spans: 'statsCustomerSpans',
  stats_customer_months: 'statsCustomerMonths',
};

/** Where any of the markers is still stored, by marker. */
async function whereStored(db: Knex, m: StoryMarkers, which: Array<keyof StoryMarkers>): Promise<Record<string, unknown>> {
  const found: Record<string, unknown> = {};
  for (const key of which) {
    const columns = await columnsContaining(db, m[key]);
    if (Object.keys(columns).length) found[key] = columns;
  }
  return found;
}

describeEachEngine('customer data through its life', (engine) => {
  let t: TestApp;
  let m: StoryMarkers;
  let story: Story;

  beforeEach(async () => {
    t = await startTestApp({ database: await engine.create() });
    m = newMarkers();
    story = await tellStory(t, m);
  });
  afterEach(async () => {
    await t?.dispose();
  });

  it('stores the story where the markers can be found (the checks below are not vacuous)', async () => {
    const stored = await whereStored(t.app.db, m, ['id', 'words', 'email']);
    expect(Object.keys(stored)).to.have.members(['id', 'words', 'email']);
    expect(stored.words).to.include.keys(
      'messages.text',
      'tickets.subject',
      'ticket_events.data',
      'feedback.comment',
      'dl_activities.activity',
    );
  });

  describe('export', () => {
    it('carries every table that holds anything of the customer', async () => {
      const exported: Record<string, unknown> = {};
      for (const id of [story.webchat, story.directline]) {
        const res = await fetch(`${t.url}/admin/customers/${encodeURIComponent(id)}/export`, { headers: ADMIN });
        expect(res.status).to.equal(200);
        exported[id] = await res.json();
      }
      const stored = await whereStored(t.app.db, m, ['id', 'words', 'email']);
      const tables = new Set(Object.values(stored).flatMap((columns) => Object.keys(columns as object).map((c) => c.split('.')[0])));
      expect(
        [...tables].filter((table) => !(table in EXPORT_SECTION)),
        'tables with customer data but no export section',
      ).to.deep.equal([]);
      for (const table of tables) {
        const section = JSON.stringify(Object.values(exported).map((e) => (e as Record<string, unknown>)[EXPORT_SECTION[table]]));
        const markers = Object.entries(stored)
          .filter(([, columns]) => Object.keys(columns as object).some((c) => c.startsWith(`${table}.`)))
          .map(([key]) => m[key as keyof StoryMarkers]);
        for (const marker of markers) expect(section, `export section ${EXPORT_SECTION[table]} (table ${table})`).to.contain(marker);
      }
      const webchat = exported[story.webchat] as { dialogState: unknown[]; directLineActivities: unknown[] };
      expect(webchat.dialogState, 'the dialog state').to.not.deep.equal([]);
      expect((exported[story.directline] as typeof webchat).directLineActivities, 'the Direct Line events').to.not.deep.equal([]);
    });
  });

  describe('retention', () => {
    it('purges every customer word older than RETENTION_DAYS: messages, tickets, notes, survey comments, state, Direct Line log', async () => {
      const db = t.app.db;
      const ago = (column: string) => db.raw('?? - ?', [column, 40 * DAY_MS]);
      await db('messages').update({ created_at: ago('created_at') });
      await db('tickets').update({ opened_at: ago('opened_at'), updated_at: ago('updated_at') });
      await db('ticket_events').update({ created_at: ago('created_at') });
      await db('feedback').update({ sent_at: ago('sent_at'), answered_at: ago('answered_at') });
      await db('bot_state').update({ updated_at: ago('updated_at') });
      await db('dl_activities').update({ created_at: ago('created_at') });
      await purgeOldCustomerText(db, 30, Date.now());
      expect(await whereStored(db, m, ['words', 'email', 'card'])).to.deep.equal({});
      expect(await db('tickets').count({ n: '*' }).first(), 'the rows the metrics count stay').to.deep.equal({ n: 1 });
    });

    it('keeps what is younger than RETENTION_DAYS', async () => {
      await purgeOldCustomerText(t.app.db, 30, Date.now());
      const stored = await whereStored(t.app.db, m, ['words']);
      expect(stored.words).to.include.keys(
        'messages.text',
        'tickets.subject',
        'ticket_events.data',
        'feedback.comment',
        'dl_activities.activity',
      );
    });
  });

  describe('erasure', () => {
    it('leaves no row holding the customers’ words, email, card number or ids', async () => {
      await eraseBoth();
      expect(await whereStored(t.app.db, m, ['id', 'words', 'email', 'card'])).to.deep.equal({});
      expect(await t.app.db('tickets').count({ n: '*' }).first(), 'the anonymised ticket stays').to.deep.equal({ n: 1 });
    });

    it('leaves none of it in the SQLite file or its WAL, while running and after a stop', async function () {
      if (dialectOf(t.app.db) !== 'sqlite') this.skip();
      const file = t.database.url.slice('sqlite:'.length);
      const onDisk = () => {
        const found: string[] = [];
        for (const path of [file, `${file}-wal`]) {
          if (!existsSync(path)) continue;
          const bytes = readFileSync(path);
          for (const [key, marker] of Object.entries(m)) if (bytes.includes(Buffer.from(marker))) found.push(`${key} in ${path}`);
        }
        return found;
      };
      expect(onDisk(), 'the story is on disk before the erasure').to.not.deep.equal([]);
      await eraseBoth();
      expect(onDisk(), 'after the erasure').to.deep.equal([]);
      await t.stop();
      expect(onDisk(), 'after a graceful stop').to.deep.equal([]);
    });
  });

  async function eraseBoth(): Promise<void> {
    for (const id of [story.webchat, story.directline]) {
      const res = await fetch(`${t.url}/admin/customers/${encodeURIComponent(id)}`, { method: 'DELETE', headers: ADMIN });
      expect(res.status, `erase ${id}`).to.equal(200);
    }
  }
});
