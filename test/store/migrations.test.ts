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

  it('link the model versions stored before nlu-model-examples to the examples confirmed by then, so erasure reaches them', async () => {
    await migrateDownAll(db);
    const upTo = async (name: string) => {
      for (;;) {
        const [done] = (await db.migrate.list({ migrationSource })) as [Array<{ name: string }>, unknown[]];
        if (done.some((m) => m.name === name)) return;
        await db.migrate.up({ migrationSource });
      }
    };
    await upTo('20261202150000-message-photos');
    const example = async (text: string, status: string, confirmedAt: number | null) =>
      Number(
        (
          await db('nlu_examples')
            .insert({ text, intent: 'track_order', status, source: 'admin', created_at: 1, confirmed_at: confirmedAt })
            .returning('id')
        )[0].id,
      );
    const before = await example('confirmed before', 'confirmed', 1_000);
    await example('confirmed after', 'confirmed', 5_000);
    await example('only suggested', 'suggested', null);
    const model = { model_gz: Buffer.from('{}'), accuracy: 0.9, active_accuracy: 0.9, promoted: false, figures: '{}', created_at: 2_000 };
    await db('nlu_models').insert([
      { ...model, version: 'old-trained', trained_on_examples: 1 },
      { ...model, version: 'old-untrained', trained_on_examples: 0 },
    ]);
    await migrateLatest(db);
    const links = await db('nlu_model_examples').select('version', 'example_id');
    expect(links.map((l) => [l.version, Number(l.example_id)])).to.deep.equal([['old-trained', before]]);
  });
});
