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
  type NewNluModel,
} from '../../store/nlu-models';
import { claimTrainingLease, releaseTrainingLease } from '../../store/nlu-training-lease';
import { describeEachEngine, useMigratedDatabase } from '../helpers/databases';

function model(version: string, createdAt: number, passedGate: boolean, comparedWith?: string, modelGz = gzipSync('{}')): NewNluModel {
  return {
    version,
    modelGz,
    accuracy: 0.8,
    activeAccuracy: 0.79,
    comparedWith,
    passedGate,
    trainedOnExamples: 3,
    figures: { trainS: 1 },
    createdAt,
  };
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
      expect(await insertNluModel(db, model('v-2', 2000, true))).to.equal(true);
      expect(await activeNluVersion(db)).to.equal('v-2');
      expect(await insertNluModel(db, model('v-3', 3000, false, 'v-2'))).to.equal(false);
      expect(await activeNluVersion(db), 'an unpromoted model does not become active').to.equal('v-2');
      await activateNluModel(db, 'v-3', 4000);
      expect(await activeNluVersion(db)).to.equal('v-3');
      let failure: unknown;
      await activateNluModel(db, 'v-404', 5000).catch((error: unknown) => (failure = error));
      expect(failure).to.be.an.instanceOf(NotFoundError);
      expect(await activeNluVersion(db)).to.equal('v-3');
      // Passed the gate against v-2, but an admin activated v-3 while it trained: not promoted.
      expect(await insertNluModel(db, model('v-0', 500, true, 'v-2'))).to.equal(false);
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
