import { expect } from 'chai';
import { migrateDownAll, migrateLatest, openDatabase, type Knex } from '../../store/db';
import { migrationSource } from '../../store/migrations';
import { describeEachEngine, type TestDatabase } from '../helpers/databases';

const TABLES = [
  'customers',
  'conversations',
  'messages',
  'tickets',
  'handoffs',
  'agents',
  'feedback',
  'kb_articles',
  'kb_feedback',
  'conversation_references',
  'bot_state',
  'audit_log',
];

describeEachEngine('migrations', (engine) => {
  let database: TestDatabase;
  let db: Knex;
  before(async () => {
    database = await engine.create();
    db = openDatabase(database.url);
  });
  after(async () => {
    await db?.destroy();
    await database?.dispose();
  });

  it('create every table of the schema, roll all the way down, and up again', async () => {
    await migrateLatest(db);
    for (const table of TABLES) expect(await db.schema.hasTable(table), `${table} after up`).to.equal(true);
    await migrateDownAll(db);
    for (const table of TABLES) expect(await db.schema.hasTable(table), `${table} after down`).to.equal(false);
    await migrateLatest(db);
    expect(await db.schema.hasTable('messages')).to.equal(true);
  });

  it('are idempotent: a second migrateLatest changes nothing', async () => {
    await migrateLatest(db);
    const [, pending] = (await db.migrate.list({ migrationSource })) as [unknown[], unknown[]];
    expect(pending).to.have.length(0);
  });
});
