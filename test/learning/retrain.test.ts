import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { startTestApp, type TestApp } from '../helpers/test-app';
import {
  TAUGHT_EXAMPLES,
  addSuggestions,
  confirmSuggestions,
  adminFetch,
  knowsTaughtWord,
  listModels,
  type ModelList,
  startRetrain,
  waitForModel,
  waitUntilTaught,
  writeTrainingSubset,
} from '../helpers/nlu-learning';

/** Every n-th row of intents.csv: far below the shipped model on the evaluation set. */
const SMALL_TRAINING_EVERY = 16;
/** Twice as many rows: better than the small set's model, still quick to train. */
const LARGER_TRAINING_EVERY = 8;
const RETRAIN_TIMEOUT_MS = 600_000;

describe('NLU retrain, gated promotion (POST /admin/nlu/retrain) [sqlite]', function () {
  this.timeout(RETRAIN_TIMEOUT_MS * 2);
  let t: TestApp;
  let dir: string;
  let trainingFile: string;
  let small: string;
  let conflict: { status: number; body: { version?: string; error?: string } };

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'support-bot-retrain-'));
    trainingFile = path.join(dir, 'training.csv');
    writeTrainingSubset(trainingFile, SMALL_TRAINING_EVERY);
    t = await startTestApp({ env: { NLU_TRAINING_PATH: trainingFile, NLU_MODEL_POLL_MS: '200' } });
    // Suggested examples never count: a customer cannot teach the bot by themselves.
    await addSuggestions(t.app.db, TAUGHT_EXAMPLES);
    small = await startRetrain(t.url);
    const second = await adminFetch(t.url, '/admin/nlu/retrain', { method: 'POST', body: '{}' });
    conflict = { status: second.status, body: (await second.json()) as typeof conflict.body };
    await waitForModel(t.url, small, RETRAIN_TIMEOUT_MS);
  });

  after(async () => {
    await t?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('POST /admin/nlu/retrain', () => {
    it('answers 409 with the running version while a retrain runs', () => {
      expect(conflict.status).to.equal(409);
      expect(conflict.body.version).to.equal(small);
    });

    it('keeps a model that scores below the active one inactive, with its figures, and the active model stays', async () => {
      const list = await listModels(t.url);
      expect(list.active).to.equal('shipped');
      const model = list.models.find((m) => m.version === small);
      expect(model?.promoted).to.equal(false);
      expect(model?.accuracy).to.be.below((model?.activeAccuracy ?? 0) - 0.005);
      const row = await t.app.db('nlu_models').where({ version: small }).first();
      const figures = JSON.parse(row.figures);
      expect(figures.candidate.accuracy).to.equal(model?.accuracy);
      expect(figures.active.n).to.equal(figures.candidate.n);
      expect(figures.examples, 'suggested examples are not trained on').to.equal(0);
      expect(await knowsTaughtWord(t.url, t.app.db, t.connector.url)).to.equal(false);
    });

    it('answers 400 for a body with options and 401 without the key, starting nothing', async () => {
      const withOptions = await adminFetch(t.url, '/admin/nlu/retrain', { method: 'POST', body: '{"seed":7}' });
      expect(withOptions.status).to.equal(400);
      const noKey = await fetch(`${t.url}/admin/nlu/retrain`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(noKey.status).to.equal(401);
      const lease = await t.app.db('nlu_training_lease').first();
      expect(Number(lease.lease_until), 'no run holds the lease').to.equal(0);
    });
  });

  describe('POST /admin/nlu/models/:version/activate', () => {
    it('activates an earlier version, 404 for an unknown one, 400 for a malformed one, 401 without the key', async () => {
      expect((await adminFetch(t.url, '/admin/nlu/models/20990101T000000Z-000000/activate', { method: 'POST' })).status).to.equal(404);
      expect((await adminFetch(t.url, '/admin/nlu/models/not%20a%20version/activate', { method: 'POST' })).status).to.equal(400);
      expect((await fetch(`${t.url}/admin/nlu/models/${small}/activate`, { method: 'POST' })).status).to.equal(401);
      expect((await listModels(t.url)).active).to.equal('shipped');
      const res = await adminFetch(t.url, `/admin/nlu/models/${small}/activate`, { method: 'POST' });
      expect(res.status).to.equal(200);
      expect((await listModels(t.url)).active).to.equal(small);
    });

    it('goes back to the shipped model with `shipped`, and forward again', async () => {
      expect((await adminFetch(t.url, '/admin/nlu/models/shipped/activate', { method: 'POST' })).status).to.equal(200);
      expect((await listModels(t.url)).active).to.equal('shipped');
      expect((await adminFetch(t.url, `/admin/nlu/models/${small}/activate`, { method: 'POST' })).status).to.equal(200);
      expect((await listModels(t.url)).active).to.equal(small);
    });

    it('is audited', async () => {
      const rows = await t.app.db('audit_log').where('action', 'like', 'nlu.activate%').select('status');
      expect(rows.map((r) => r.status)).to.include.members([200, 404, 400]);
    });
  });

  describe('a word taught by confirmed examples', () => {
    let larger: string;
    before(async () => {
      await confirmSuggestions(t.url, t.app.db);
      writeTrainingSubset(trainingFile, LARGER_TRAINING_EVERY);
      larger = await startRetrain(t.url);
      await waitForModel(t.url, larger, RETRAIN_TIMEOUT_MS);
    });

    it('is promoted when it scores at least the active model minus 0.005', async () => {
      const list = await listModels(t.url);
      const model = list.models.find((m) => m.version === larger);
      expect(model?.promoted).to.equal(true);
      expect(model?.accuracy).to.be.at.least((model?.activeAccuracy ?? 1) - 0.005);
      expect(list.active).to.equal(larger);
      expect(list.models.map((m) => m.version)).to.deep.equal([larger, small]);
    });

    it('is understood by the running bot through /api/messages', async () => {
      await waitUntilTaught(t.url, t.app.db, t.connector.url, 30_000);
    });
  });

  describe('erasing the customer whose examples taught the word', () => {
    let larger: string;
    let erasure: { status: number; body: { nluExamples?: number; nluModels?: number } };

    before(async () => {
      larger = (await listModels(t.url)).active;
      // The taught examples become a customer's clarify choices, as they are in production.
      const teacher = { serviceUrl: t.connector.url, conversationId: 'teacher-conversation', fromId: 'teacher-1', text: 'hello' };
      expect((await postActivity(t.url, messageActivity(teacher))).status).to.equal(200);
      const conversation = await t.app.db('conversations').where({ channel_conversation_id: teacher.conversationId }).first();
      await t.app.db('nlu_examples').update({ customer_id: conversation.customer_id, conversation_id: conversation.id });
      const res = await adminFetch(t.url, `/admin/customers/${encodeURIComponent(conversation.customer_id)}`, { method: 'DELETE' });
      erasure = { status: res.status, body: (await res.json()) as typeof erasure.body };
    });

    it('deletes the model versions trained on their examples and puts a clean model in their place', async () => {
      expect(erasure.status).to.equal(200);
      expect(erasure.body).to.deep.include({ nluExamples: TAUGHT_EXAMPLES.length, nluModels: 1 });
      const list = await listModels(t.url);
      expect(list.models.map((m) => m.version)).not.to.include(larger);
      expect(list.active, 'no other version passed the gate: the shipped model').to.equal('shipped');
      expect(await t.app.db('nlu_model_examples').where({ version: larger })).to.deep.equal([]);
    });

    it('leaves the running bot without the word and no copy of the deleted model on disk', async () => {
      const deadline = Date.now() + 30_000;
      while (await knowsTaughtWord(t.url, t.app.db, t.connector.url)) {
        expect(Date.now(), 'the bot still understands the erased word').to.be.below(deadline);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const copies = readdirSync(os.tmpdir())
        .filter((d) => d.startsWith('support-bot-models-'))
        .filter((d) => existsSync(path.join(os.tmpdir(), d, `${larger}.json`)));
      expect(copies).to.deep.equal([]);
    });

    it('retrains on the examples left, without being asked', async () => {
      const deadline = Date.now() + RETRAIN_TIMEOUT_MS;
      let retrained: ModelList['models'][number] | undefined;
      while (
        !(retrained = (await listModels(t.url)).models.find((m) => m.createdAt > Date.now() - RETRAIN_TIMEOUT_MS && m.version > larger))
      ) {
        expect(Date.now(), 'no retrain after the erasure').to.be.below(deadline);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const row = await t.app.db('nlu_models').where({ version: retrained.version }).first('trained_on_examples');
      expect(Number(row.trained_on_examples)).to.equal(0);
      expect(await knowsTaughtWord(t.url, t.app.db, t.connector.url)).to.equal(false);
    });
  });
});
