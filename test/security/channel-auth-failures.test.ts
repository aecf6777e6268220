import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { generateKeyPair } from 'jose';
import sinon from 'sinon';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { createLogger } from '../../bot/logger';
import { CHANNEL_ISSUER, FakeIdentityProvider, NoAzureCredentialsFactory, startCredentialedApp } from '../helpers/fake-identity';
import { startTestApp, type TestApp } from '../helpers/test-app';

const APP_ID = '6f1f5e1e-1111-4c2b-9a4e-0000000000bb';

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Log lines (parsed JSON) written by the app's logger. */
class LogLines extends Writable {
  readonly lines: Array<Record<string, unknown>> = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of chunk.toString().split('\n').filter(Boolean)) this.lines.push(JSON.parse(line));
    done();
  }
}

describe('channel authentication failures', () => {
  let identity: FakeIdentityProvider;
  before(async () => {
    identity = new FakeIdentityProvider();
    await identity.start();
  });
  after(async () => identity.stop());

  const activity = (t: TestApp, conversationId: string) =>
    messageActivity({ serviceUrl: t.connector.url, conversationId, text: 'hello', channelId: 'webchat' });

  describe('when the OpenID metadata cannot be fetched', () => {
    let t: TestApp;
    const log = new LogLines();
    before(async () => {
      const metadataUrl = `http://127.0.0.1:${await closedPort()}/.well-known/openid-configuration`;
      t = await startTestApp({
        env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-used-offline' },
        logger: createLogger('info', log),
        adapterOverrides: {
          auth: {
            ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
            ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
            ToBotFromEmulatorOpenIdMetadataUrl: metadataUrl,
          },
          credentialsFactory: new NoAzureCredentialsFactory(APP_ID),
        },
      });
    });
    after(async () => t?.dispose());

    it('answers a correctly signed message 503 with Retry-After, logging one line for many requests', async () => {
      const token = await identity.channelToken(APP_ID, t.connector.url);
      for (let i = 0; i < 5; i++) {
        const res = await postActivity(t.url, activity(t, `keys-down-${i}`), { Authorization: `Bearer ${token}` });
        const text = await res.text();
        expect(res.status, text).to.equal(503);
        expect(Number(res.headers.get('retry-after'))).to.be.greaterThan(0);
        expect(text, 'no internal URL or network error in the body').to.not.match(/127\.0\.0\.1|ECONNREFUSED|openid/i);
      }
      const errors = log.lines.filter((l) => Number(l.level) >= 50);
      expect(errors, JSON.stringify(errors)).to.have.length(1);
      expect(errors[0]).to.not.have.property('err');
      expect(await t.app.db('messages').count({ n: '*' }).first()).to.deep.include({ n: 0 });
    });
  });

  describe('when a token is refused', () => {
    let t: TestApp;
    before(async () => {
      t = await startCredentialedApp(identity, APP_ID);
    });
    after(async () => t?.dispose());

    it('answers exactly {"error":"unauthorized"} and prints nothing to stderr', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      const forged = await identity.channelToken(APP_ID, t.connector.url, privateKey);
      const otherBot = await identity.channelToken('00000000-0000-0000-0000-000000000000', t.connector.url);
      const expired = await identity.channelToken(APP_ID, t.connector.url, undefined, Math.floor(Date.now() / 1000) - 3600);
      const stderr = sinon.spy(process.stderr, 'write');
      try {
        for (const [what, headers] of [
          ['no token', {}],
          ['forged signature', { Authorization: `Bearer ${forged}` }],
          ['another bot', { Authorization: `Bearer ${otherBot}` }],
          ['expired', { Authorization: `Bearer ${expired}` }],
          ['garbage', { Authorization: 'Bearer a.b.c' }],
        ] as const) {
          const res = await postActivity(t.url, activity(t, `refused-${what}`), headers);
          expect(res.status, what).to.equal(401);
          expect(await res.text(), what).to.equal('{"error":"unauthorized"}');
        }
      } finally {
        stderr.restore();
      }
      const printed = stderr.getCalls().map((c) => String(c.args[0]));
      expect(printed.join(''), 'stderr while refusing tokens').to.equal('');
    });
  });
});
