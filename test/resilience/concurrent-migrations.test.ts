import { expect } from 'chai';
import { migrateLatest, openDatabase, type Knex } from '../../store/db';
import { createPostgresDatabase, type TestDatabase } from '../helpers/databases';

const SKIP_MESSAGE = 'Concurrent-migration tests SKIPPED: set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to run them';

describe('migrateLatest from several instances at once [postgres]', () => {
  if (!process.env.TEST_DATABASE_URL) {
    before(function () {
      console.log(`      ${SKIP_MESSAGE}`);
      this.skip();
    });
  }

  let database: TestDatabase;
  let instances: Knex[];
  before(async () => {
    database = await createPostgresDatabase();
    instances = [openDatabase(database.url), openDatabase(database.url), openDatabase(database.url)];
  });
  after(async () => {
    for (const db of instances ?? []) await db.destroy();
    await database?.dispose();
  });

  it('migrates an empty schema once when three instances start together, leaving one free lock row', async () => {
    const results = await Promise.allSettled(instances.map((db) => migrateLatest(db)));
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).to.deep.equal([]);
    const [db] = instances;
    const names = (await db('knex_migrations').select('name')).map((r: { name: string }) => r.name);
    expect(new Set(names).size, 'each migration recorded once').to.equal(names.length);
    expect(await db('knex_migrations_lock').select('is_locked')).to.deep.equal([{ is_locked: 0 }]);
  });
});
