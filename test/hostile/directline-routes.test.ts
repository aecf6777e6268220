import { expect } from 'chai';
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { WIDGET_TOKEN_AUDIENCE, WIDGET_TOKEN_ISSUER } from '../../bot/webchat/widget-tokens';
import { bearer, startSession, userMessage, type Session } from '../directline/directline-client';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { hostileAuthorization, hostileBody, hostilePathSegment, hostileString } from './hostile-input';
import { expectAlive, HOSTILE_ENV, probe, send } from './hostile-server';

const clientActivityFields = [
  'type',
  'text',
  'textFormat',
  'locale',
  'localTimezone',
  'localTimestamp',
  'name',
  'value',
  'from',
  'from.id',
  'from.name',
  'attachments',
  'channelData',
  'channelData.clientActivityID',
  'channelData.postBack',
  'channelData.messageBack',
  'channelData.messageBack.displayText',
  'conversation',
  'recipient',
  'id',
  'serviceUrl',
];

/** Every Direct Line route with the method the widget uses; `:id` is filled in per request. */
const directLineRoutes: Array<{ method: string; path: (id: string) => string }> = [
  { method: 'POST', path: () => '/v3/directline/conversations' },
  { method: 'GET', path: (id) => `/v3/directline/conversations/${id}` },
  { method: 'GET', path: (id) => `/v3/directline/conversations/${id}/activities?watermark=0` },
  { method: 'POST', path: (id) => `/v3/directline/conversations/${id}/activities` },
  { method: 'POST', path: (id) => `/v3/directline/conversations/${id}/upload?userId=x` },
  { method: 'POST', path: () => '/v3/directline/tokens/refresh' },
];

describe('Web widget routes under hostile input', () => {
  let t: TestApp;
  let session: Session;
  before(async () => {
    t = await startTestApp({ env: { ...HOSTILE_ENV, WEBCHAT_SECRET: 'hostile-suite-webchat-secret-0123456789' } });
    session = await startSession(t.url);
  });
  after(async () => {
    await t?.dispose();
  });
  afterEach(async () => {
    await expectAlive(t.url);
  });

  describe('POST /webchat/token', () => {
    it('answers a token for any body, content type and cookie, never a 5xx', async () => {
      const cookie = fc.oneof(
        fc.constant(undefined),
        hostileString(200).map((s) => `sb_visitor=${s.replace(/[^\x20-\x7e]/g, '')}`),
        fc.constant(session.cookie),
      );
      await fc.assert(
        fc.asyncProperty(hostileBody(), cookie, async ({ body, contentType }, visitor) => {
          const answer = await probe(t.url, t.app.db, {
            method: 'POST',
            path: '/webchat/token',
            headers: { 'Content-Type': contentType, Cookie: visitor },
            body,
          });
          if (answer.status === 200) expect(JSON.parse(answer.text).userId).to.match(/^dl_[A-Za-z0-9_-]{8,64}$/);
        }),
        { numRuns: 150, seed: 8_101 },
      );
    });
  });

  describe('/v3/directline/* without a valid token', () => {
    it('refuses with a 4xx and a message (401 for the token) and writes nothing, whatever the header, id and body', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...directLineRoutes),
          hostileAuthorization(),
          fc.oneof(fc.constant(session.conversationId), hostilePathSegment()),
          hostileBody(),
          async (route, authorization, id, { body, contentType }) => {
            const answer = await probe(t.url, t.app.db, {
              method: route.method,
              path: route.path(id),
              headers: { Authorization: authorization, 'Content-Type': contentType },
              body,
            });
            expect(answer.status, `${route.method} ${route.path(id)}`).to.be.within(400, 499);
          },
        ),
        { numRuns: 200, seed: 8_102 },
      );
    });

    it('answers 401 to tokens signed with another secret, expired, or without a server-chosen user id', async () => {
      const forged = fc
        .record({
          secret: fc.constantFrom('hostile-suite-webchat-secret-0123456789', 'another-secret-another-secret-0123456789'),
          sub: fc.oneof(fc.constant(session.userId), fc.constant('customer-1'), hostileString(30)),
          expiresInS: fc.oneof(fc.integer({ min: -100_000, max: -1 }), fc.integer({ min: 60, max: 3_600 })),
        })
        .filter((f) => f.secret !== 'hostile-suite-webchat-secret-0123456789' || f.expiresInS < 0 || f.sub !== session.userId);
      await fc.assert(
        fc.asyncProperty(forged, fc.constantFrom(...directLineRoutes), async ({ secret, sub, expiresInS }, route) => {
          const now = Math.floor(Date.now() / 1000);
          const token = await new SignJWT({ user: sub })
            .setProtectedHeader({ alg: 'HS256' })
            .setSubject(sub)
            .setIssuer(WIDGET_TOKEN_ISSUER)
            .setAudience(WIDGET_TOKEN_AUDIENCE)
            .setIssuedAt(now - 10)
            .setExpirationTime(now + expiresInS)
            .sign(new TextEncoder().encode(secret));
          const answer = await probe(t.url, t.app.db, {
            method: route.method,
            path: route.path(session.conversationId),
            headers: bearer(token),
            body: '{}',
          });
          expect(answer.status, `${route.method} ${route.path(session.conversationId)} with sub ${JSON.stringify(sub)}`).to.equal(401);
        }),
        { numRuns: 100, seed: 8_103 },
      );
    });
  });

  describe('/v3/directline/* with a valid token', () => {
    it('posting random and malformed activities never answers 5xx and writes nothing when refused', async () => {
      await fc.assert(
        fc.asyncProperty(
          hostileBody(userMessage('hello', 'c-1') as Record<string, unknown>, clientActivityFields),
          async ({ body, contentType }) => {
            await probe(t.url, t.app.db, {
              method: 'POST',
              path: `/v3/directline/conversations/${session.conversationId}/activities`,
              headers: { ...bearer(session.token), 'Content-Type': contentType },
              body,
            });
          },
        ),
        { numRuns: 150, seed: 8_104 },
      );
    });

    it('every route answers a client-safe status for hostile ids, bodies and watermarks', async () => {
      const watermark = fc.oneof(
        fc.constant(''),
        fc.nat().map(String),
        hostilePathSegment(),
        fc.constant('-1'),
        fc.constant('1e309'),
        fc.constant('99999999999999999999'),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...directLineRoutes),
          fc.oneof(fc.constant(session.conversationId), hostilePathSegment()),
          watermark,
          hostileBody(),
          async (route, id, mark, { body, contentType }) => {
            const path = route.path(id).replace('watermark=0', `watermark=${mark}`);
            await probe(t.url, t.app.db, {
              method: route.method,
              path,
              headers: { ...bearer(session.token), 'Content-Type': contentType },
              body,
            });
          },
        ),
        { numRuns: 150, seed: 8_105 },
      );
    });

    it("refuses another user's conversation with 403 and writes nothing", async () => {
      const other = await startSession(t.url);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...directLineRoutes.slice(1, 5)), hostileString(100), async (route, text) => {
          const answer = await probe(t.url, t.app.db, {
            method: route.method,
            path: route.path(other.conversationId),
            headers: bearer(session.token),
            body: JSON.stringify(userMessage(text, 'intruder')),
          });
          expect(answer.status, `${route.method} ${route.path(other.conversationId)}`).to.equal(403);
        }),
        { numRuns: 100, seed: 8_106 },
      );
    });

    it('keeps polling answers 200 with a watermark for any watermark text', async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(hostilePathSegment(), fc.nat().map(String)), async (mark) => {
          const answer = await send(t.url, {
            method: 'GET',
            path: `/v3/directline/conversations/${session.conversationId}/activities?watermark=${mark}`,
            headers: bearer(session.token),
          });
          expect(answer.status, `watermark ${mark}`).to.equal(200);
          expect(JSON.parse(answer.text).watermark).to.be.a('string');
        }),
        { numRuns: 100, seed: 8_107 },
      );
    });
  });
});
