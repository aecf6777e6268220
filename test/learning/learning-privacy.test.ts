import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { runExportExamples } from '../../bot/export-examples-command';
import { DAY_MS } from '../../common/time';
import { parseLabelledCsv } from '../../nlu';
import { purgeOldCustomerText } from '../../store/retention';
import { describeEachEngine } from '../helpers/databases';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { admin, chat, type Chat } from './learning-helpers';

// Top two intents within CLARIFY_MARGIN for the shipped model: the bot asks which one is meant.
const AMBIGUOUS = 'payment method problem';

/** A customer whose clarify choice was suggested and whose out-of-scope question an admin labelled. */
async function teach(t: TestApp, user: string): Promise<Chat> {
  const c = chat(t, user, `conv-${user}`);
  await c.say(AMBIGUOUS);
  await c.say('Payment methods');
  await c.say('who won the football match yesterday');
  const labelled = await admin(t, 'POST', '/admin/nlu/examples', {
    messageId: await c.messageIdOf('who won the football match yesterday'),
    intent: 'oos',
  });
  expect(labelled.status).to.equal(201);
  return c;
}

describeEachEngine('NLU examples and customer data', (engine) => {
  let t: TestApp;
  const conversationOf = async (c: Chat) =>
    (await t.app.db('conversations').where({ channel_conversation_id: c.conversationId }).first()).id;

  before(async () => {
    t = await startTestApp({ database: await engine.create() });
  });
  after(async () => {
    await t?.dispose();
  });

  it('an export carries the examples and review entries of the customer conversations', async () => {
    const c = await teach(t, 'exported');
    const res = await admin(t, 'GET', `/admin/customers/${encodeURIComponent(await c.customerId())}/export`);
    expect(res.status).to.equal(200);
    expect(res.body.nluExamples.map((e: { text: string; status: string }) => [e.text, e.status])).to.have.deep.members([
      [AMBIGUOUS, 'suggested'],
      ['who won the football match yesterday', 'confirmed'],
    ]);
    expect(res.body.nluReview.map((r: { reason: string }) => r.reason)).to.include.members([
      'small_margin',
      'clarify_choice',
      'out_of_scope',
    ]);
  });

  it('an erasure removes the examples and review entries from their conversations, and nobody else’s', async () => {
    const erased = await teach(t, 'erased');
    const kept = await teach(t, 'kept');
    const typed = await admin(t, 'POST', '/admin/nlu/examples', { text: 'has my parcel left the warehouse', intent: 'track_order' });
    const [erasedConversation, keptConversation] = [await conversationOf(erased), await conversationOf(kept)];
    expect(await t.app.db('nlu_examples').where({ conversation_id: erasedConversation })).to.have.length(2);

    const res = await admin(t, 'DELETE', `/admin/customers/${encodeURIComponent(await erased.customerId())}`);
    expect(res.status).to.equal(200);
    expect(res.body.nluExamples).to.equal(2);
    expect(await t.app.db('nlu_examples').where({ conversation_id: erasedConversation })).to.have.length(0);
    expect(await t.app.db('nlu_review').where({ conversation_id: erasedConversation })).to.have.length(0);
    expect(await t.app.db('nlu_examples').where({ conversation_id: keptConversation })).to.have.length(2);
    expect(await t.app.db('nlu_review').where({ conversation_id: keptConversation })).to.have.length.greaterThan(0);
    expect(await t.app.db('nlu_examples').where({ id: typed.body.id })).to.have.length(1);
  });

  it('the retention purge deletes examples taken from conversations, keeping the ones admins typed', async () => {
    const typed = await admin(t, 'POST', '/admin/nlu/examples', { text: 'is my parcel on its way', intent: 'track_order' });
    const report = await purgeOldCustomerText(t.app.db, 1, Date.now() + 2 * DAY_MS);
    expect(report.nluExamples).to.be.greaterThan(0);
    expect(await t.app.db('nlu_examples').whereNotNull('conversation_id')).to.have.length(0);
    expect(await t.app.db('nlu_examples').where({ id: typed.body.id })).to.have.length(1);
  });

  describe('support-bot nlu export-examples', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'export-examples-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));
    const io = () => {
      const out = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), text: { stdout: '', stderr: '' } };
      out.stdout.on('data', (d) => (out.text.stdout += d));
      out.stderr.on('data', (d) => (out.text.stderr += d));
      return out;
    };

    it('writes the confirmed examples, and no suggestion, in the training file format', async () => {
      await teach(t, 'csv');
      await admin(t, 'POST', '/admin/nlu/examples', { text: 'the "Tern" kettle, bought today, leaks', intent: 'product_issue' });
      const file = path.join(dir, 'examples.csv');
      const streams = io();
      expect(await runExportExamples(['--out', file], streams, { DATABASE_URL: t.database.url })).to.equal(0);
      const rows = parseLabelledCsv(readFileSync(file, 'utf8'));
      const confirmed = await t.app
        .db('nlu_examples')
        .where({ status: 'confirmed', language: 'en' })
        .orderBy('id')
        .select('text', 'intent');
      expect(rows).to.deep.equal(confirmed);
      expect(rows).to.deep.include({ text: 'the "Tern" kettle, bought today, leaks', intent: 'product_issue' });
      expect(rows.map((r) => r.text)).not.to.include(AMBIGUOUS);
      expect(JSON.parse(streams.text.stdout.trim())).to.deep.equal({ examples: rows.length, out: file });
    });

    it('refuses missing arguments and a language not shipped with the usage and exit code 2', async () => {
      for (const argv of [['--out'], ['--out', path.join(dir, 'es.csv'), '--lang', 'es'], ['--out', path.join(dir, 'x.csv'), 'extra']]) {
        const streams = io();
        expect(await runExportExamples(argv, streams, { DATABASE_URL: t.database.url }), argv.join(' ')).to.equal(2);
        expect(streams.text.stderr).to.match(/usage: support-bot nlu export-examples --out FILE.csv/);
      }
    });

    it('writes one language’s examples with --lang', async () => {
      await admin(t, 'POST', '/admin/nlu/examples', { text: 'Wo bleibt mein Paket?', intent: 'track_order', language: 'de' });
      const file = path.join(dir, 'de.csv');
      expect(await runExportExamples(['--out', file, '--lang', 'de'], io(), { DATABASE_URL: t.database.url })).to.equal(0);
      expect(parseLabelledCsv(readFileSync(file, 'utf8'))).to.deep.equal([{ text: 'Wo bleibt mein Paket?', intent: 'track_order' }]);
    });
  });
});
