import { expect } from 'chai';
import { KnowledgeBase } from '../../bot/knowledge-base';
import { createLogger } from '../../bot/logger';
import { migrateLatest, openDatabase, type Knex } from '../../store/db';
import { editArticle } from '../../store/kb-articles';
import { describeEachEngine, type TestDatabase } from '../helpers/databases';

describeEachEngine('KnowledgeBase shared by two instances on one database', (engine) => {
  let database: TestDatabase;
  let dbA: Knex;
  let dbB: Knex;
  let kbA: KnowledgeBase;
  let kbB: KnowledgeBase;

  before(async () => {
    database = await engine.create();
    dbA = openDatabase(database.url);
    dbB = openDatabase(database.url);
    await migrateLatest(dbA);
    kbA = new KnowledgeBase(dbA, createLogger('silent'));
    kbB = new KnowledgeBase(dbB, createLogger('silent'));
  });
  after(async () => {
    await dbA?.destroy();
    await dbB?.destroy();
    await database?.dispose();
  });

  describe('seedAndIndex', () => {
    it('seeds each article once when two instances start together on an empty database', async () => {
      await Promise.all([kbA.seedAndIndex(), kbB.seedAndIndex()]);
      const rows = await dbA('kb_articles').count<Array<{ n: number | string }>>({ n: '*' });
      const keys = await dbA('kb_articles').select('id', 'language');
      expect(Number(rows[0].n)).to.be.greaterThan(10);
      expect(new Set(keys.map((r: { id: string; language: string }) => `${r.language}/${r.id}`)).size).to.equal(Number(rows[0].n));
      expect(kbA.search('how long does delivery take', { limit: 1 })).to.have.length(1);
      expect(kbB.search('how long does delivery take', { limit: 1 })).to.have.length(1);
    });
  });

  describe('refreshIfChanged', () => {
    it('changes nothing while the stored articles are unchanged', async () => {
      expect(await kbB.refreshIfChanged()).to.equal(false);
    });

    it('picks up an article edited through the other instance', async () => {
      const [hit] = kbB.search('how long does delivery take', { limit: 1 });
      const summary = 'Edited on the other instance: parcels arrive within two working days.';
      await editArticle(dbA, hit.id, { summary }, Date.now());
      await kbA.reindex();
      expect(kbB.get(hit.id)?.summary, 'stale before the refresh').to.not.equal(summary);
      expect(await kbB.refreshIfChanged()).to.equal(true);
      expect(kbB.get(hit.id)?.summary).to.equal(summary);
      expect(await kbA.refreshIfChanged(), 'the instance that edited is already current').to.equal(false);
    });
  });
});
