import { expect } from 'chai';
import { upsertCustomer } from '../../store/customers';
import type { Knex } from '../../store/db';
import { describeEachEngine, useMigratedDatabase } from '../helpers/databases';

describeEachEngine('upsertCustomer', (engine) => {
  let db: Knex;
  useMigratedDatabase(engine, (opened) => {
    db = opened;
  });

  it('creates a customer on first contact and refreshes only its last_seen_at afterwards', async () => {
    const identity = { channelId: 'webchat', channelUserId: 'dl_first', name: 'Robin' };
    const id = await upsertCustomer(db, identity, 1_000);
    await upsertCustomer(db, { ...identity, name: 'Someone else' }, 5_000);
    const rows = await db('customers').where({ channel_user_id: 'dl_first' });
    expect(rows).to.have.length(1);
    expect(rows[0]).to.include({ id, channel_id: 'webchat', name: 'Robin' });
    expect(Number(rows[0].created_at)).to.equal(1_000);
    expect(Number(rows[0].last_seen_at)).to.equal(5_000);
  });

  // The first messages of a new customer arrive on several instances (or pooled connections) at
  // once. PostgreSQL resolves an upsert's conflict only on the key it names: racing on the other
  // unique key (channel, user) used to fail the turn with a unique violation.
  it('lets many first contacts of one new customer race, storing one row and failing none', async () => {
    for (let round = 0; round < 40; round++) {
      const identity = { channelId: 'webchat', channelUserId: `dl_race_${round}` };
      const results = await Promise.allSettled(Array.from({ length: 16 }, (_, i) => upsertCustomer(db, identity, 2_000 + i)));
      const failures = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
      expect(failures, `round ${round}`).to.deep.equal([]);
      const rows = await db('customers').where({ channel_user_id: identity.channelUserId });
      expect(rows, `round ${round}`).to.have.length(1);
      expect(Number(rows[0].last_seen_at), `round ${round}`).to.be.within(2_000, 2_015);
    }
  });
});
