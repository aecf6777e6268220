import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import { usage } from '../../bot/cli';
import { runStats } from '../../bot/stats-command';
import { DAY_MS } from '../../common/time';
import { migrateLatest, openDatabase, type Knex } from '../../store/db';
import { describeEachEngine, type TestDatabase } from '../helpers/databases';

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const read = (s: PassThrough) => (s.read() ?? '').toString();
  return { io: { stdin: new PassThrough(), stdout, stderr }, out: () => read(stdout), err: () => read(stderr) };
}

describeEachEngine('support-bot stats rebuild', (engine) => {
  let database: TestDatabase;
  let db: Knex;
  const started = Date.now() - 2 * DAY_MS;
  const day = Math.floor(started / DAY_MS);

  before(async () => {
    database = await engine.create();
    db = openDatabase(database.url);
    await migrateLatest(db);
    await db('customers').insert({
      id: 'webchat:cli',
      channel_id: 'webchat',
      channel_user_id: 'cli',
      created_at: started,
      last_seen_at: started,
    });
    await db('conversations').insert({
      id: 'cli-1',
      channel_id: 'webchat',
      channel_conversation_id: 'cli-1',
      customer_id: 'webchat:cli',
      started_at: started,
      last_activity_at: started,
    });
  });
  after(async () => {
    await db?.destroy();
    await database?.dispose();
  });

  const conversationsRolledUp = async () =>
    Number(
      ((await db('stats_daily').where({ day, channel_id: 'webchat' }).first('conversations')) as { conversations: unknown }).conversations,
    );

  it('rolls up every closed day, and recomputes roll-ups that no longer match the data', async () => {
    const run = async () => {
      const c = io();
      const code = await runStats(['rebuild'], c.io, { DATABASE_URL: database.url });
      return { code, out: c.out(), err: c.err() };
    };
    const built = await run();
    expect(built.code, built.err).to.equal(0);
    expect(JSON.parse(built.out).days).to.be.greaterThan(2);
    expect(await conversationsRolledUp()).to.equal(1);

    // A roll-up changed behind the triggers' back (e.g. restored from an older backup).
    await db('stats_daily').where({ day }).update({ conversations: 99 });
    const rebuilt = await run();
    expect(rebuilt.code, rebuilt.err).to.equal(0);
    expect(await conversationsRolledUp()).to.equal(1);
  });

  it('prints the usage and exits 2 on other arguments', async () => {
    const c = io();
    expect(await runStats(['rebuild', '--now'], c.io, { DATABASE_URL: database.url })).to.equal(2);
    expect(c.err()).to.include('usage: support-bot stats rebuild');
    expect(usage()).to.include('support-bot stats rebuild');
  });
});
