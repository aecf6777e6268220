import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createPostgresDatabase, testEngines, type TestDatabase } from '../helpers/databases';
import { startTestApp, type TestApp } from '../helpers/test-app';
import {
  TAUGHT_EXAMPLES,
  teachExamples,
  adminFetch,
  knowsTaughtWord,
  listModels,
  startRetrain,
  waitForModel,
  waitUntilTaught,
  writeTrainingSubset,
} from '../helpers/nlu-learning';

const RETRAIN_TIMEOUT_MS = 600_000;
const postgres = testEngines.find((e) => e.name === 'postgres');

describe('NLU model versions: every instance follows [postgres]', function () {
  this.timeout(RETRAIN_TIMEOUT_MS * 2);
  let database: TestDatabase | undefined;
  let dir: string | undefined;
  const instances: TestApp[] = [];

  before(async function () {
    if (postgres?.unavailable) {
      console.log(`      ${postgres.unavailable}`);
      this.skip();
    }
    database = await createPostgresDatabase();
    dir = mkdtempSync(path.join(os.tmpdir(), 'support-bot-follow-'));
    const trainingFile = path.join(dir, 'training.csv');
    writeTrainingSubset(trainingFile, 16);
    const env = { NLU_TRAINING_PATH: trainingFile, NLU_MODEL_POLL_MS: '200' };
    // One instance understands on the event loop, the other on a worker thread.
    instances.push(await startTestApp({ database, env: { ...env, NLU_THREADS: '0' } }));
    instances.push(await startTestApp({ database, env: { ...env, NLU_THREADS: '1' } }));
    const [a, b] = instances;
    // A first, weaker model, activated by an admin on instance A.
    const weaker = await startRetrain(a.url);
    await waitForModel(a.url, weaker, RETRAIN_TIMEOUT_MS);
    expect((await adminFetch(a.url, `/admin/nlu/models/${weaker}/activate`, { method: 'POST' })).status).to.equal(200);
    for (const i of instances) expect(await knowsTaughtWord(i.url, i.app.db, i.connector.url), 'not taught yet').to.equal(false);
    // Then a better one, with a taught word, retrained through instance B.
    await teachExamples(b.url, TAUGHT_EXAMPLES);
    writeTrainingSubset(trainingFile, 8);
    const better = await startRetrain(b.url);
    const stored = await waitForModel(b.url, better, RETRAIN_TIMEOUT_MS);
    expect(stored.promoted, `the better model is promoted (${stored.accuracy} vs ${stored.activeAccuracy})`).to.equal(true);
  });

  after(async () => {
    for (const instance of instances) await instance.stop();
    await instances[0]?.connector.stop();
    await instances[1]?.connector.stop();
    await database?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('both instances list the promoted version as active', async () => {
    const [a, b] = await Promise.all(instances.map((i) => listModels(i.url)));
    expect(a.active).to.equal(a.models[0].version);
    expect(b).to.deep.equal(a);
  });

  it('both instances answer with the new version within seconds, without a restart', async () => {
    for (const instance of instances) await waitUntilTaught(instance.url, instance.app.db, instance.connector.url, 30_000);
    for (const instance of instances) expect(await knowsTaughtWord(instance.url, instance.app.db, instance.connector.url)).to.equal(true);
  });
});
