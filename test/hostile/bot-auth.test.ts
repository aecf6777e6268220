import { expect } from 'chai';
import fc from 'fast-check';
import sinon from 'sinon';
import { generateKeyPair, SignJWT } from 'jose';
import { messageActivity } from '../../bench/lib/activities';
import { CHANNEL_ISSUER, FakeIdentityProvider, startCredentialedApp } from '../helpers/fake-identity';
import type { TestApp } from '../helpers/test-app';
import { hostileAuthorization, hostileBody } from './hostile-input';
import { expectAlive, HOSTILE_ENV, probe } from './hostile-server';

const APP_ID = '6f1f5e1e-2222-4c2b-9a4e-0000000000bb';

describe('POST /api/messages with Bot Framework credentials under hostile input', () => {
  let identity: FakeIdentityProvider;
  let t: TestApp;
  before(async () => {
    identity = new FakeIdentityProvider();
    await identity.start();
    t = await startCredentialedApp(identity, APP_ID, HOSTILE_ENV);
  });
  after(async () => {
    await t?.dispose();
    await identity?.stop();
  });
  beforeEach(() => {
    // CloudAdapter prints every refused token (and the available keys) with console.error.
    sinon.stub(console, 'error');
  });
  afterEach(async () => {
    sinon.restore();
    await expectAlive(t.url);
  });

  it('answers 401, writes nothing and sends nothing for missing, garbage or forged Authorization headers', async () => {
    const { privateKey: otherKey } = await generateKeyPair('RS256');
    const forged = fc
      .record({
        audience: fc.constantFrom(APP_ID, '00000000-0000-0000-0000-000000000000', ''),
        issuer: fc.constantFrom(CHANNEL_ISSUER, 'https://evil.example', 'https://sts.windows.net/x/'),
        expiresInS: fc.integer({ min: -86_400, max: 3_600 }),
        ownKey: fc.boolean(),
      })
      .filter((f) => !(f.ownKey && f.audience === APP_ID));
    const authorization = fc.oneof(
      hostileAuthorization(),
      forged.map(async ({ audience, issuer, expiresInS, ownKey }) => {
        const now = Math.floor(Date.now() / 1000);
        const jwt = new SignJWT({ serviceurl: t.connector.url })
          .setProtectedHeader({ alg: 'RS256', kid: identity.kid })
          .setIssuer(issuer)
          .setIssuedAt(now - 60)
          .setExpirationTime(now + expiresInS);
        if (audience) jwt.setAudience(audience);
        // Tokens signed with the provider's own key only reach here with another bot as audience.
        return `Bearer ${ownKey ? await identity.channelToken(audience || 'nobody', t.connector.url) : await jwt.sign(otherKey)}`;
      }),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(authorization, async (header) => {
        const conversationId = `forged-${n++}`;
        const value = await header;
        const answer = await probe(t.url, t.app.db, {
          method: 'POST',
          path: '/api/messages',
          headers: { 'Content-Type': 'application/json', Authorization: value },
          body: JSON.stringify(messageActivity({ serviceUrl: t.connector.url, conversationId, text: 'hello' })),
        });
        expect(answer.status, `Authorization: ${String(value).slice(0, 80)}`).to.equal(401);
        expect(t.connector.messagesTo(conversationId)).to.have.length(0);
      }),
      { numRuns: 120, seed: 8_601 },
    );
  });

  it('with a valid channel token, still never answers 5xx to hostile bodies and writes nothing when refusing', async () => {
    const token = await identity.channelToken(APP_ID, t.connector.url);
    await fc.assert(
      fc.asyncProperty(
        hostileBody(messageActivity({ serviceUrl: t.connector.url, conversationId: 'signed', text: 'hi' }), [
          'type',
          'from.id',
          'serviceUrl',
          'conversation.id',
          'text',
        ]),
        async ({ body, contentType }) => {
          await probe(t.url, t.app.db, {
            method: 'POST',
            path: '/api/messages',
            headers: { 'Content-Type': contentType, Authorization: `Bearer ${token}` },
            body,
          });
        },
      ),
      { numRuns: 120, seed: 8_602 },
    );
  });
});
