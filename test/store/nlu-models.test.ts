import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { expect } from 'chai';
import type { Knex } from '../../store/db';
import { NotFoundError } from '../../store/errors';
import {
  activateNluModel,
  activeNluVersion,
  insertNluModel,
  listNluModels,
  loadNluModelGz,
  takeDueRetrain,
  type NewNluModel,
} from '../../store/nlu-models';
import { deleteNluExamples } from '../../store/nlu-examples';
import { claimTrainingLease, releaseTrainingLease, renewTrainingLease } from '../../store/nlu-training-lease';
import { describeEachEngine, useMigratedDatabase } from '../helpers/databases';

function model(
  version: string,
  createdAt: number,
  passedGate: boolean,
  comparedWith?: string,
  modelGz = gzipSync('{}'),
  exampleIds: number[] = [],
): NewNluModel {
  return { version, modelGz, accuracy: 0.8, activeAccuracy: 0.79, comparedWith, passedGate, exampleIds, figures: { trainS: 1 }, createdAt };
}

/** Stores a confirmed example taken from `conversationId`; resolves with its id. */
async function example(db: Knex, text: string, conversationId = 'conv-1'): Promise<number> {
  const [row] = await db('nlu_examples')
    .insert({ text, intent: 'track_order', status: 'confirmed', source: 'admin', conversation_id: conversationId, created_at: 1 })
    .returning('id');
  return Number(typeof row === 'object' ? row.id : row);
}

describeEachEngine('nlu model versions', (engine) => {
  let db: Knex;
  useMigratedDatabase(engine, (opened) => {
    db = opened;
  });

  describe('insertNluModel / loadNluModelGz', () => {
    it('stores a model of several megabytes and reads back the same bytes', async () => {
      // Hex of random bytes compresses about 2:1: a ~4 MB gzipped column, above the real models' size.
      const json = JSON.stringify({ blob: randomBytes(4 * 1024 * 1024).toString('hex') });
      const gz = gzipSync(json);
      await insertNluModel(db, model('big-1', 1000, false, undefined, gz));
      const back = await loadNluModelGz(db, 'big-1');
      expect(back && gunzipSync(back).toString('utf8') === json, 'round trip of the model').to.equal(true);
      expect(await loadNluModelGz(db, 'missing')).to.equal(undefined);
    });
  });

  describe('activeNluVersion / activateNluModel', () => {
    it('is unset until a promoted model is stored, then follows promotions and activations', async () => {
      expect(await activeNluVersion(db)).to.equal(undefined);
      const trainedOn = [await example(db, 'where is it'), await example(db, 'parcel late'), await example(db, 'no parcel yet')];
      expect(await insertNluModel(db, model('v-2', 2000, true))).to.equal('promoted');
      expect(await activeNluVersion(db)).to.equal('v-2');
      expect(await insertNluModel(db, model('v-3', 3000, false, 'v-2', undefined, trainedOn))).to.equal('inactive');
      expect(await activeNluVersion(db), 'an unpromoted model does not become active').to.equal('v-2');
      await activateNluModel(db, 'v-3', 4000);
      expect(await activeNluVersion(db)).to.equal('v-3');
      let failure: unknown;
      await activateNluModel(db, 'v-404', 5000).catch((error: unknown) => (failure = error));
      expect(failure).to.be.an.instanceOf(NotFoundError);
      expect(await activeNluVersion(db)).to.equal('v-3');
      // Passed the gate against v-2, but an admin activated v-3 while it trained: not promoted.
      expect(await insertNluModel(db, model('v-0', 500, true, 'v-2'))).to.equal('inactive');
      expect(await activeNluVersion(db)).to.equal('v-3');
      expect(await db('nlu_active_model').count({ n: '*' }).first()).to.satisfy((r: { n: number | string }) => Number(r.n) === 1);
    });

    it('lists versions newest first with booleans and numbers on both databases', async () => {
      const list = await listNluModels(db);
      expect(list.map((m) => [m.version, m.promoted])).to.deep.equal([
        ['v-3', false],
        ['v-2', true],
        ['big-1', false],
        ['v-0', false],
      ]);
      expect(list[0]).to.deep.include({ accuracy: 0.8, activeAccuracy: 0.79, trainedOnExamples: 3, createdAt: 3000 });
    });
  });

  describe('models trained on removed examples', () => {
    const versions = async () => (await db('nlu_models').orderBy('version').select('version')).map((r) => r.version as string);
    const erase = (ids: number[], now = 9000) => db.transaction((tx) => deleteNluExamples(tx, (q) => q.whereIn('id', ids), now));

    beforeEach(async () => {
      await db('nlu_active_model').update({ version: null, retrain_due_at: null });
      await db('nlu_models').delete();
      await db('nlu_examples').delete();
    });

    it('does not store a model trained on an example that was deleted while it trained', async () => {
      const kept = await example(db, 'where is my parcel');
      const gone = await example(db, 'my parcel is late');
      await erase([gone]);
      expect(await insertNluModel(db, model('late', 1000, true, undefined, undefined, [kept, gone]))).to.equal('examples-removed');
      expect(await versions()).to.deep.equal([]);
      expect(await activeNluVersion(db)).to.equal(undefined);
      expect(await db('nlu_model_examples').select()).to.deep.equal([]);
    });

    it('deletes every version trained on a removed example; the active one gives way to the newest clean promoted one, and a retrain is due', async () => {
      const [e1, e2, e3] = [await example(db, 'one'), await example(db, 'two'), await example(db, 'three')];
      expect(await insertNluModel(db, model('a', 1000, true, undefined, undefined, [e1]))).to.equal('promoted');
      expect(await insertNluModel(db, model('b', 2000, true, 'a', undefined, [e1, e2]))).to.equal('promoted');
      expect(await insertNluModel(db, model('c', 3000, false, 'b', undefined, [e2, e3]))).to.equal('inactive');
      expect(await insertNluModel(db, model('d', 4000, false, 'b', undefined, [e3]))).to.equal('inactive');

      expect(await erase([e2])).to.deep.equal({ examples: 1, models: 2 });
      expect(await versions()).to.deep.equal(['a', 'd']);
      expect(await activeNluVersion(db), 'the newest promoted version not trained on it').to.equal('a');
      expect(
        (await db('nlu_model_examples').orderBy(['version', 'example_id']).select('version', 'example_id')).map((r) => [
          r.version,
          Number(r.example_id),
        ]),
      ).to.deep.equal([
        ['a', e1],
        ['d', e3],
      ]);
      expect(await takeDueRetrain(db, 10_000, 1_000)).to.equal(true);
      expect(await takeDueRetrain(db, 10_000, 1_000), 'one instance takes the mark').to.equal(false);
      expect(await takeDueRetrain(db, 11_000, 1_000), 'due again once a retrain died with its instance').to.equal(true);
      await insertNluModel(db, model('clean', 11_500, false, 'a', undefined, [e3]));
      expect(await takeDueRetrain(db, 20_000, 1_000), 'a stored model clears it').to.equal(false);
      await db('nlu_models').where({ version: 'clean' }).delete();

      expect(await erase([e1])).to.deep.equal({ examples: 1, models: 1 });
      expect(await activeNluVersion(db), 'no clean promoted version left: the shipped model').to.equal(undefined);
      expect(await versions()).to.deep.equal(['d']);
      expect(await takeDueRetrain(db, 10_000, 1_000)).to.equal(true);
    });

    it('leaves the active version and marks nothing when no model was trained on the removed examples', async () => {
      const [e1, e2] = [await example(db, 'one'), await example(db, 'two')];
      await insertNluModel(db, model('a', 1000, true, undefined, undefined, [e1]));
      expect(await erase([e2])).to.deep.equal({ examples: 1, models: 0 });
      expect(await activeNluVersion(db)).to.equal('a');
      expect(await takeDueRetrain(db, 10_000, 1_000)).to.equal(false);
    });

    it('never keeps a model linked to a deleted example when stores and deletions race', async () => {
      for (let round = 0; round < 12; round++) {
        const ids = [await example(db, `race ${round} a`), await example(db, `race ${round} b`)];
        await Promise.all([
          insertNluModel(db, model(`race-${round}`, 1000 + round, false, undefined, undefined, ids)),
          erase([ids[round % 2]]),
        ]);
      }
      const orphans = await db('nlu_model_examples').whereNotIn('example_id', db('nlu_examples').select('id')).select('version');
      expect(orphans).to.deep.equal([]);
    });
  });

  describe('claimTrainingLease', () => {
    it('lets one run hold the lease, names it to the others, and is taken over once expired', async () => {
      expect(await claimTrainingLease(db, { version: 'r-1', owner: 'a', now: 10_000, leaseMs: 1000 })).to.deep.equal({ claimed: true });
      expect(await claimTrainingLease(db, { version: 'r-2', owner: 'b', now: 10_500, leaseMs: 1000 })).to.deep.equal({
        claimed: false,
        running: 'r-1',
      });
      await releaseTrainingLease(db, 'b', 'r-1');
      expect(
        (await claimTrainingLease(db, { version: 'r-2', owner: 'b', now: 10_600, leaseMs: 1000 })).claimed,
        'only the owner releases',
      ).to.equal(false);
      expect(await claimTrainingLease(db, { version: 'r-3', owner: 'b', now: 11_001, leaseMs: 1000 })).to.deep.equal({ claimed: true });
      // Claimed until 12,001; renewed, it still holds at 12,500.
      await renewTrainingLease(db, 'b', 'r-3', 13_000);
      expect((await claimTrainingLease(db, { version: 'r-x', owner: 'c', now: 12_500, leaseMs: 1000 })).claimed, 'renewed').to.equal(false);
      await releaseTrainingLease(db, 'b', 'r-3');
      expect(await claimTrainingLease(db, { version: 'r-4', owner: 'c', now: 11_002, leaseMs: 1000 })).to.deep.equal({ claimed: true });
    });

    it('gives the lease to exactly one of many simultaneous claims', async () => {
      const now = 100_000;
      const claims = await Promise.all(
        Array.from({ length: 8 }, (_, i) => claimTrainingLease(db, { version: `race-${i}`, owner: `o${i}`, now, leaseMs: 1000 })),
      );
      expect(claims.filter((c) => c.claimed)).to.have.length(1);
    });
  });
});
