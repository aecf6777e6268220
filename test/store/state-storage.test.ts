import { expect } from 'chai';
import { ConflictError } from '../../store/errors';
import type { Knex } from '../../store/db';
import { KnexStateStorage } from '../../store/state-storage';
import { describeEachEngine, useMigratedDatabase } from '../helpers/databases';

describeEachEngine('KnexStateStorage', (engine) => {
  let db: Knex;
  let storage: KnexStateStorage;
  useMigratedDatabase(engine, async (opened) => {
    db = opened;
    storage = new KnexStateStorage(db);
  });
  beforeEach(async () => {
    await db('bot_state').delete();
  });

  describe('read', () => {
    it('returns nothing for missing keys', async () => {
      expect(await storage.read(['missing'])).to.deep.equal({});
    });
    it('returns written items with an eTag', async () => {
      await storage.write({ a: { count: 1, nested: { x: [1, 2] } } });
      const items = await storage.read(['a', 'missing']);
      expect(Object.keys(items)).to.deep.equal(['a']);
      expect(items.a).to.include({ count: 1 });
      expect(items.a.nested).to.deep.equal({ x: [1, 2] });
      expect(items.a.eTag).to.be.a('string').with.length.greaterThan(0);
    });
  });

  describe('write', () => {
    it('updates an item written with its current eTag and changes the eTag', async () => {
      await storage.write({ k: { v: 1 } });
      const first = (await storage.read(['k'])).k;
      await storage.write({ k: { ...first, v: 2 } });
      const second = (await storage.read(['k'])).k;
      expect(second.v).to.equal(2);
      expect(second.eTag).to.not.equal(first.eTag);
    });
    it('fails with a ConflictError when the eTag is stale and keeps the stored value', async () => {
      await storage.write({ k: { v: 1 } });
      const stale = (await storage.read(['k'])).k;
      await storage.write({ k: { ...stale, v: 2 } });
      let error: unknown;
      try {
        await storage.write({ k: { ...stale, v: 3 } });
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(ConflictError);
      expect((await storage.read(['k'])).k.v).to.equal(2);
    });
    it('overwrites regardless of the stored eTag when the eTag is "*"', async () => {
      await storage.write({ k: { v: 1 } });
      await storage.write({ k: { v: 5, eTag: '*' } });
      expect((await storage.read(['k'])).k.v).to.equal(5);
    });
    it('lets exactly one of several concurrent writers with the same eTag win', async () => {
      await storage.write({ k: { v: 0 } });
      const base = (await storage.read(['k'])).k;
      const results = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => storage.write({ k: { ...base, v: n } })));
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).to.have.length(1);
      expect(lost).to.have.length(4);
      for (const r of lost) expect((r as PromiseRejectedResult).reason).to.be.instanceOf(ConflictError);
    });
  });

  describe('delete', () => {
    it('removes items and ignores missing keys', async () => {
      await storage.write({ a: { v: 1 }, b: { v: 2 } });
      await storage.delete(['a', 'missing']);
      expect(Object.keys(await storage.read(['a', 'b']))).to.deep.equal(['b']);
    });
  });
});
