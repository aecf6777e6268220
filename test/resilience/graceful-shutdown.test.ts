import { expect } from 'chai';
import { openDatabase } from '../../store/db';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { createSqliteDatabase, type TestDatabase } from '../helpers/databases';
import { FakeConnector } from '../../bench/lib/fake-connector';
import { ServerProcess, type ProcessExit } from '../../bench/lib/server-process';

const TURNS = 6;
const conversationOf = (i: number) => `drain-${i}`;

describe('graceful shutdown (SIGTERM to a server process)', function () {
  this.timeout(300_000);
  let database: TestDatabase;
  let connector: FakeConnector;
  let server: ServerProcess;
  let statuses: Array<number | string>;
  let refusedWhileDraining: boolean;
  let exit: ProcessExit;

  before(async () => {
    database = await createSqliteDatabase();
    connector = new FakeConnector();
    await connector.start();
    server = await ServerProcess.start({ databaseUrl: database.url });
    // Every reply of these turns waits at the connector, so the turns are in flight at SIGTERM.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    connector.onCall = async (call) => {
      if (call.method === 'POST' && call.conversationId.startsWith('drain-')) await gate;
    };
    const requests = Array.from({ length: TURNS }, (_, i) =>
      postActivity(
        server.url,
        messageActivity({
          serviceUrl: connector.url,
          conversationId: conversationOf(i),
          id: `drain-msg-${i}`,
          fromId: `drain-customer-${i}`,
          text: 'how long does delivery take',
        }),
      ).then(
        async (res) => {
          await res.arrayBuffer();
          return res.status;
        },
        (error: unknown) => `error: ${String(error)}`,
      ),
    );
    await connector.waitFor(
      (calls) => new Set(calls.map((c) => c.conversationId).filter((id) => id.startsWith('drain-'))).size === TURNS,
      60_000,
    );
    server.kill('SIGTERM');
    refusedWhileDraining = await refusedWithin(server.url, 30_000);
    release();
    statuses = await Promise.all(requests);
    exit = await server.exited;
  });

  after(async () => {
    await server?.dispose();
    await connector?.stop();
    await database?.dispose();
  });

  describe('on SIGTERM with turns in flight', () => {
    it('stops accepting new connections while it drains', () => {
      expect(refusedWhileDraining).to.equal(true);
    });

    it('completes every in-flight request with a 2xx', () => {
      expect(statuses).to.have.length(TURNS);
      for (const status of statuses) expect(status, 'status of an in-flight turn').to.be.a('number').within(200, 299);
    });

    it('exits with code 0', () => {
      expect(exit).to.deep.equal({ code: 0, signal: null });
    });

    it('leaves a consistent database: each message stored once, handled, and answered', async () => {
      const db = openDatabase(database.url);
      try {
        const integrity = (await db.raw('PRAGMA integrity_check')) as Array<{ integrity_check: string }>;
        expect(integrity.map((r) => r.integrity_check)).to.deep.equal(['ok']);
        for (let i = 0; i < TURNS; i++) {
          const rows = await db('messages').where({ dedup_key: `webchat|${conversationOf(i)}|drain-msg-${i}` });
          expect(rows, `message of ${conversationOf(i)}`).to.have.length(1);
          expect(rows[0].handled_at, 'the turn completed').to.be.a('number');
          expect(rows[0].answered_by, 'the reply was stored').to.equal('bot');
        }
      } finally {
        await db.destroy();
      }
    });
  });
});

/** True once a new connection to `url` fails (the listener is closed), false if it never does. */
async function refusedWithin(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const refused = await fetch(`${url}/healthz`, { headers: { Connection: 'close' }, signal: AbortSignal.timeout(2000) })
      .then(async (res) => {
        await res.arrayBuffer();
        return false;
      })
      .catch(() => true);
    if (refused) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
