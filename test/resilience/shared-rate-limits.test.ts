import { expect } from 'chai';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { MINUTE_MS } from '../../common/time';
import { describeEachEngine, type TestDatabase } from '../helpers/databases';
import { startTestApp, type TestApp } from '../helpers/test-app';

const LIMIT = 3;

describeEachEngine('rate limits across instances', (engine) => {
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;

  before(async function () {
    this.timeout(60_000);
    database = await engine.create();
    const env = { RATE_LIMIT_CONVERSATION_PER_MIN: String(LIMIT) };
    a = await startTestApp({ env, database });
    b = await startTestApp({ env, database, connector: a.connector });
  });
  after(async () => {
    await b?.stop();
    await a?.dispose();
  });

  let round = 0;
  /**
   * Sends 2 × LIMIT messages of one new conversation, alternately to instance a and b, and
   * returns their statuses; a round that a minute boundary cut is sent again in a new conversation.
   */
  async function alternatingRound(): Promise<number[]> {
    for (;;) {
      const conversationId = `shared-limit-${engine.name}-${++round}`;
      const window = Math.floor(Date.now() / MINUTE_MS);
      const statuses: number[] = [];
      for (let i = 0; i < 2 * LIMIT; i++) {
        const via = i % 2 === 0 ? a : b;
        const res = await postActivity(via.url, messageActivity({ serviceUrl: a.connector.url, conversationId, text: `message ${i}` }));
        await res.arrayBuffer();
        statuses.push(res.status);
      }
      if (Math.floor(Date.now() / MINUTE_MS) === window) return statuses;
    }
  }

  if (engine.name === 'postgres') {
    it('holds RATE_LIMIT_CONVERSATION_PER_MIN for the sum of both instances', async function () {
      this.timeout(120_000);
      const statuses = await alternatingRound();
      expect(statuses, 'the first LIMIT messages pass, the rest are refused on either instance').to.deep.equal([
        ...Array<number>(LIMIT).fill(200),
        ...Array<number>(LIMIT).fill(429),
      ]);
    });
  } else {
    it('counts per process on SQLite and writes no rate-limit rows', async function () {
      this.timeout(120_000);
      const statuses = await alternatingRound();
      expect(statuses, 'each process has its own budget').to.deep.equal(Array<number>(2 * LIMIT).fill(200));
      expect(Number((await a.app.db('rate_limit_windows').count({ n: '*' }))[0].n)).to.equal(0);
    });
  }
});
