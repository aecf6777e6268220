import { expect } from 'chai';
import { ThreadedUnderstander } from '../../bot/nlu-threads/threaded-understander';
import { createLogger } from '../../bot/logger';
import { shippedModelPath } from '../../bot/paths';
import { Nlu } from '../../nlu';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { startTestApp } from '../helpers/test-app';

const texts = [
  'How do I return the Meadow linen duvet cover? It does not fit my bed',
  'my order PP-204811 never arrived, email me at sam@example.com',
  'what is the weather like in Lisbon',
  'hi',
];

/** The private worker of a slot, to simulate a crashed thread (no test hook in the product). */
function firstWorker(understander: ThreadedUnderstander): { terminate(): Promise<number> } {
  return (understander as unknown as { slots: Array<{ worker: { terminate(): Promise<number> } }> }).slots[0].worker;
}

describe('NLU on worker threads', function () {
  this.timeout(60_000);
  const logger = createLogger('silent');
  const inProcess = Nlu.load(shippedModelPath);
  let understander: ThreadedUnderstander | undefined;
  afterEach(async () => {
    await understander?.close();
    understander = undefined;
  });

  it('gives the same understanding as the model on the event loop, spread over two threads', async () => {
    understander = await ThreadedUnderstander.start(shippedModelPath, 2, logger);
    const answers = await Promise.all([...texts, ...texts].map((t) => understander!.understand(t)));
    expect(answers).to.deep.equal([...texts, ...texts].map((t) => inProcess.understand(t)));
  });

  it('answers what a dying thread left unanswered, then starts a new thread', async () => {
    understander = await ThreadedUnderstander.start(shippedModelPath, 1, logger);
    const many = Array.from({ length: 50 }, () => texts).flat();
    const pending = many.map((t) => understander!.understand(t));
    await firstWorker(understander).terminate();
    expect(await Promise.all(pending)).to.deep.equal(many.map((t) => inProcess.understand(t)));
    // Some were still queued when the thread died: they were understood on the event loop.
    expect((understander as unknown as { fallback?: Nlu }).fallback).to.be.an.instanceOf(Nlu);
    for (let i = 0; i < 100 && (understander as unknown as { slots: unknown[] }).slots.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((understander as unknown as { slots: unknown[] }).slots).to.have.length(1);
    expect(await understander.understand(texts[0])).to.deep.equal(inProcess.understand(texts[0]));
  });

  it('understands on the event loop after close', async () => {
    understander = await ThreadedUnderstander.start(shippedModelPath, 1, logger);
    await understander.close();
    expect(await understander.understand(texts[1])).to.deep.equal(inProcess.understand(texts[1]));
  });

  it('refuses to start on a model file that does not load', async () => {
    let failure: unknown;
    try {
      await ThreadedUnderstander.start('/nonexistent/model.json', 1, logger);
    } catch (error) {
      failure = error;
    }
    expect(String(failure)).to.match(/model\.json/);
  });

  it('runs customer turns through /api/messages with NLU_THREADS=1 and stores the understanding', async () => {
    const t = await startTestApp({ env: { NLU_THREADS: '1' } });
    try {
      const res = await postActivity(t.url, messageActivity({ serviceUrl: t.connector.url, conversationId: 'threads-1', text: texts[0] }));
      expect(res.status).to.equal(200);
      const stored = await t.app.db('messages').where({ role: 'customer' }).first();
      expect(stored.intent).to.equal(inProcess.understand(texts[0]).intent);
      expect(JSON.parse(stored.entities)).to.deep.equal(inProcess.understand(texts[0]).entities);
      expect(stored.handled_at).to.be.a('number');
    } finally {
      await t.dispose();
    }
  });
});
