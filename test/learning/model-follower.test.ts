import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createLogger } from '../../bot/logger';
import { createModelFilesDir } from '../../bot/nlu-models/model-files';
import { ModelFollower } from '../../bot/nlu-models/model-follower';
import { SHIPPED_VERSION } from '../../bot/nlu-models/retrainer';
import { SwappableUnderstander, type ClosableUnderstander } from '../../bot/nlu-threads/swappable-understander';
import type { Understanding } from '../../dialogs/ports';
import type { Knex } from '../../store/db';
import { describeEachEngine, useMigratedDatabase } from '../helpers/databases';
import { storeActiveModel } from '../helpers/nlu-learning';

const SHIPPED_PATH = '/shipped/model.json';
const RETRY_MS = 200;

/** An understander that answers with the model file it was loaded from, so a test sees which model answers. */
function modelFrom(file: string): ClosableUnderstander {
  const answer: Understanding = { intent: file, confidence: 1, outOfScope: false, margin: 1, alternatives: [], entities: [], sentiment: 0 };
  return { understand: () => answer };
}

describeEachEngine('ModelFollower', (engine) => {
  let db: Knex;
  useMigratedDatabase(engine, (opened) => {
    db = opened;
  });

  it('retries a version that failed to load after a while, not at every poll; goes back to the shipped model and deletes its file', async () => {
    await storeActiveModel(db, 'v-1', '{"any":"model"}');
    const loads: string[] = [];
    const understander = new SwappableUnderstander(SHIPPED_VERSION, modelFrom(SHIPPED_PATH));
    const follower = new ModelFollower({
      db,
      logger: createLogger('silent'),
      understander,
      pollMs: 60_000,
      shippedModelPath: SHIPPED_PATH,
      failedLoadRetryMs: RETRY_MS,
      load: async (file) => {
        loads.push(file);
        if (loads.length === 1) throw new Error('worker failed to start');
        return modelFrom(file);
      },
    });
    try {
      await follower.sync();
      expect(understander.version, 'the failed load leaves the current model').to.equal(SHIPPED_VERSION);
      await follower.sync();
      expect(loads, 'not retried at once').to.have.length(1);

      await new Promise((resolve) => setTimeout(resolve, RETRY_MS + 50));
      await follower.sync();
      expect(understander.version).to.equal('v-1');
      const v1File = loads[1];
      expect((await understander.understand('hi')).intent).to.equal(v1File);
      expect(existsSync(v1File)).to.equal(true);

      await db('nlu_active_model').update({ version: null });
      await follower.sync();
      expect(understander.version).to.equal(SHIPPED_VERSION);
      expect((await understander.understand('hi')).intent).to.equal(SHIPPED_PATH);
      expect(existsSync(v1File), 'the replaced model file is deleted').to.equal(false);
    } finally {
      await follower.stop();
    }
  });
});

describe('createModelFilesDir', () => {
  it('deletes the model folders of processes that no longer run, keeping those of running ones', () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'model-files-'));
    try {
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
      for (const pid of [dead, String(process.pid)]) {
        mkdirSync(path.join(tmp, `support-bot-models-${pid}-abc`));
        writeFileSync(path.join(tmp, `support-bot-models-${pid}-abc`, 'v-1.json'), '{}');
      }
      const mine = createModelFilesDir(tmp);
      expect(readdirSync(tmp).sort()).to.deep.equal([path.basename(mine), `support-bot-models-${process.pid}-abc`].sort());
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
