import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActivityHandler } from 'botbuilder';
import type { Knex } from 'knex';
import { loadConfig } from '../../bot/config';
import { InFlight } from '../../bot/in-flight';
import { createLogger } from '../../bot/logger';
import { createServer } from '../../bot/server';
import { FixedWindowLimiter } from '../../bot/webchat/rate-limit';
import { registerWebWidget } from '../../bot/webchat/web-widget';
import { migrateLatest, openDatabase } from '../../store/db';
import { createSqliteDatabase, type TestDatabase } from '../helpers/databases';

const DIRECTLINE_SECRET = 'azure-direct-line-secret-value-42';

/** A local stand-in for Azure's Direct Line token service. */
class FakeAzureDirectLine {
  readonly calls: Array<{ path: string; authorization?: string; body: unknown }> = [];
  status = 200;
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
      this.calls.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
      res.writeHead(this.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ conversationId: 'azure-conv-1', token: 'azure-token-xyz', expires_in: 3600 }));
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('POST /webchat/token with DIRECTLINE_SECRET (Azure Direct Line)', () => {
  let azure: FakeAzureDirectLine;
  let azureOrigin: string;
  let database: TestDatabase;
  let db: Knex;
  let server: ReturnType<typeof createServer>;
  let url: string;

  before(async () => {
    azure = new FakeAzureDirectLine();
    azureOrigin = await azure.start();
    database = await createSqliteDatabase();
    const config = loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'silent', DIRECTLINE_SECRET });
    db = openDatabase(config.databaseUrl);
    await migrateLatest(db);
    server = createServer(config);
    registerWebWidget(server, {
      config,
      db,
      logger: createLogger('silent'),
      bot: new ActivityHandler(),
      inFlight: new InFlight(),
      conversationLimiter: new FixedWindowLimiter(config.rateLimitConversationPerMin),
      azureDirectLineOrigin: azureOrigin,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await azure.stop();
    await db.destroy();
    await database.dispose();
  });

  it('exchanges the secret server-side for a token bound to the visitor, and never sends the secret', async () => {
    azure.status = 200;
    const res = await fetch(`${url}/webchat/token`, { method: 'POST' });
    expect(res.status).to.equal(200);
    const raw = await res.text();
    expect(raw).to.not.include(DIRECTLINE_SECRET);
    const body = JSON.parse(raw);
    expect(body).to.include({ token: 'azure-token-xyz', conversationId: 'azure-conv-1', domain: `${azureOrigin}/v3/directline` });
    const call = azure.calls[azure.calls.length - 1];
    expect(call.path).to.equal('/v3/directline/tokens/generate');
    expect(call.authorization).to.equal(`Bearer ${DIRECTLINE_SECRET}`);
    expect(call.body).to.deep.equal({ user: { id: body.userId } });
  });

  it("allows the page to connect to Azure's origin", async () => {
    const res = await fetch(`${url}/`);
    expect(res.headers.get('content-security-policy')).to.include(`connect-src 'self' ${azureOrigin}`);
  });

  it('answers 502 when Azure refuses, without leaking the secret', async () => {
    azure.status = 403;
    const res = await fetch(`${url}/webchat/token`, { method: 'POST' });
    expect(res.status).to.equal(502);
    expect(await res.text()).to.not.include(DIRECTLINE_SECRET);
  });
});
