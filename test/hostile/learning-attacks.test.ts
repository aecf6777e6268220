import { existsSync, mkdtempSync, readdirSync, rmSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createLogger } from '../../bot/logger';
import { ModelFollower } from '../../bot/nlu-models/model-follower';
import { SHIPPED_VERSION } from '../../bot/nlu-models/retrainer';
import { SwappableUnderstander } from '../../bot/nlu-threads/swappable-understander';
import { DAY_MS } from '../../common/time';
import { SUGGESTIONS_PER_CUSTOMER_PER_DAY } from '../../store/nlu-examples';
import { purgeOldCustomerText } from '../../store/retention';
import { describeEachEngine, useMigratedDatabase } from '../helpers/databases';
import { storeActiveModel, writeTrainingSubset } from '../helpers/nlu-learning';
import { startTestApp, type TestApp } from '../helpers/test-app';
import type { Knex } from '../../store/db';
import { admin, chat } from '../learning/learning-helpers';

// The learning loop (issue 15) attacked as a hostile client and a careless operator would, over
// real HTTP against a real server on both databases. One `it` per problem found; what held is
// covered by test/learning/ and listed in the review report.

// Top two intents within CLARIFY_MARGIN for the shipped model: the bot asks which one is meant.
const AMBIGUOUS = 'payment method problem';

describeEachEngine('Learning loop attacks', (engine) => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ database: await engine.create() });
  });
  after(async () => {
    await t.dispose();
  });

  /** A stored customer message of a fresh conversation, with two pending suggestions of different intents. */
  async function messageWithTwoSuggestions(user: string): Promise<{ messageId: number; ids: number[] }> {
    const c = chat(t, user, `conv-${user}`);
    await c.say('who won the football match yesterday');
    const messageId = await c.messageIdOf('who won the football match yesterday');
    const conversation = await t.app.db('conversations').where({ channel_conversation_id: c.conversationId }).first();
    const base = {
      text: 'who won the football match yesterday',
      status: 'suggested',
      conversation_id: conversation.id,
      message_id: messageId,
      customer_id: conversation.customer_id,
      suggested_by: 'customer',
      created_at: Date.now(),
    };
    const rows = await t.app
      .db('nlu_examples')
      .insert([
        { ...base, intent: 'payment_issue', source: 'clarify_choice' },
        { ...base, intent: 'check_payment_methods', source: 'kb_yes' },
      ])
      .returning('id');
    return { messageId, ids: rows.map((r: { id: number } | number) => Number(typeof r === 'object' ? r.id : r)) };
  }

  it('two admins confirming both suggestions of one message at once leave one example, and nobody is told a deleted one was confirmed', async () => {
    for (let round = 0; round < 4; round++) {
      const { messageId, ids } = await messageWithTwoSuggestions(`confirm-race-${round}`);
      const answers = await Promise.all(ids.map((id) => admin(t, 'POST', `/admin/nlu/examples/${id}/confirm`)));
      const rows = await t.app.db('nlu_examples').where({ message_id: messageId });
      expect(rows, 'one example per message').to.have.length(1);
      expect(rows[0].status).to.equal('confirmed');
      for (const answer of answers) {
        // 404 when the other confirmation had already deleted it, 409 when it did so meanwhile.
        expect(answer.status, JSON.stringify(answer.body)).to.be.oneOf([200, 404, 409]);
        if (answer.status === 200) expect(answer.body.id, 'a 200 names the example that stays').to.equal(Number(rows[0].id));
      }
    }
  });

  it('two admins labelling the same message at once both get an answer below 500 and leave one confirmed example', async () => {
    for (let round = 0; round < 4; round++) {
      const c = chat(t, `label-race-${round}`, `conv-label-race-${round}`);
      await c.say('who won the football match yesterday');
      const messageId = await c.messageIdOf('who won the football match yesterday');
      const answers = await Promise.all(
        ['oos', 'contact_customer_service', 'oos'].map((intent) => admin(t, 'POST', '/admin/nlu/examples', { messageId, intent })),
      );
      for (const answer of answers) expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
      const rows = await t.app.db('nlu_examples').where({ message_id: messageId });
      expect(rows, 'one example per message').to.have.length(1);
      expect(rows[0].status).to.equal('confirmed');
    }
  });

  it('a customer answering clarify questions in many conversations at once suggests no more than the daily cap', async () => {
    const user = 'cap-storm';
    const chats = Array.from({ length: 6 }, (_, i) => chat(t, user, `conv-cap-storm-${i}`));
    for (const c of chats) await c.say(AMBIGUOUS);
    await Promise.all(chats.map((c) => c.say('Payment methods')));
    const customerId = await chats[0].customerId();
    const suggested = await t.app.db('nlu_examples').where({ customer_id: customerId, status: 'suggested' });
    expect(suggested.length, 'suggestions stored').to.be.at.most(SUGGESTIONS_PER_CUSTOMER_PER_DAY);
    expect(suggested.length, 'the cap is reached, not skipped').to.equal(SUGGESTIONS_PER_CUSTOMER_PER_DAY);
  });

  it('refuses a label whose text holds a NUL with 400 (PostgreSQL cannot store it), storing nothing', async () => {
    const before = await t.app.db('nlu_examples').count({ n: '*' });
    const res = await admin(t, 'POST', '/admin/nlu/examples', { text: 'where is\u0000 my parcel', intent: 'track_order' });
    expect(res.status, JSON.stringify(res.body)).to.equal(400);
    expect(res.body.error).to.match(/^text: must not contain NUL characters/);
    expect(await t.app.db('nlu_examples').count({ n: '*' })).to.deep.equal(before);
  });

  it('the retention purge deletes an example labelled late, together with the text of the message it was taken from', async () => {
    const c = chat(t, 'late-label', 'conv-late-label');
    await c.say('who won the tennis final on sunday');
    const messageId = await c.messageIdOf('who won the tennis final on sunday');
    // Written 40 days ago, labelled today; the purge of a 30-day retention runs.
    await t.app
      .db('messages')
      .where({ id: messageId })
      .update({ created_at: Date.now() - 40 * DAY_MS });
    const labelled = await admin(t, 'POST', '/admin/nlu/examples', { messageId, intent: 'oos' });
    expect(labelled.status).to.equal(201);
    await purgeOldCustomerText(t.app.db, 30, Date.now());
    expect((await t.app.db('messages').where({ id: messageId }).first()).text, 'the message text is purged').to.equal(null);
    expect(
      await t.app.db('nlu_examples').where({ message_id: messageId }),
      'the customer words are purged from the examples too',
    ).to.have.length(0);
  });
});

describe('Learning loop attacks: the operator’s own training file', () => {
  let t: TestApp;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hostile-training-'));
    const file = path.join(dir, 'training.csv');
    writeTrainingSubset(file, 3);
    appendFileSync(
      file,
      ['wrap it as a gift', 'can you gift wrap this', 'add gift wrapping please'].map((s) => `"${s}",gift_wrap\n`).join(''),
    );
    t = await startTestApp({ env: { NLU_TRAINING_PATH: file } });
  });
  after(async () => {
    await t.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('labels are checked against the file the retrain trains on (NLU_TRAINING_PATH), not the shipped one', async () => {
    expect((await admin(t, 'POST', '/admin/nlu/examples', { text: 'gift wrap my order', intent: 'gift_wrap' })).status).to.equal(201);
    const intents = (await admin(t, 'GET', '/admin/nlu/review?limit=1')).body.intents;
    expect(intents).to.include('gift_wrap');
  });
});

describeEachEngine('Learning loop attacks: model files on an instance’s disk', (engine) => {
  let db: Knex;
  useMigratedDatabase(engine, (opened) => {
    db = opened;
  });

  it('leaves no file of a version it could not load (it could be erased later and would stay on disk)', async () => {
    await storeActiveModel(db, 'v-broken', '{"trained":"on a customer’s words"}');
    const loaded: string[] = [];
    const shipped = { understand: () => Promise.reject(new Error('unused')) };
    const follower = new ModelFollower({
      db,
      logger: createLogger('silent'),
      understander: new SwappableUnderstander(SHIPPED_VERSION, shipped),
      pollMs: 60_000,
      shippedModelPath: '/shipped/model.json',
      load: (file) => {
        loaded.push(file);
        return Promise.reject(new Error('worker failed to start'));
      },
    });
    try {
      await follower.sync();
      expect(loaded).to.have.length(1);
      expect(existsSync(loaded[0]), `${loaded[0]} is deleted after the failed load`).to.equal(false);
      expect(readdirSync(path.dirname(loaded[0]))).to.deep.equal([]);
    } finally {
      await follower.stop();
    }
  });
});
