import { expect } from 'chai';
import fc from 'fast-check';
import { joinActivity, messageActivity } from '../../bench/lib/activities';
import { type TestApp } from '../helpers/test-app';
import { deepJson, HOSTILE_MAX_BODY_BYTES, hostileBody, hostileString, hugeString, type RawBody } from './hostile-input';
import { useHostileApp, probe, send } from './hostile-server';

const activityFields = [
  'type',
  'id',
  'timestamp',
  'serviceUrl',
  'channelId',
  'from',
  'from.id',
  'from.name',
  'from.role',
  'recipient',
  'recipient.id',
  'conversation',
  'conversation.id',
  'conversation.isGroup',
  'conversation.tenantId',
  'text',
  'name',
  'replyToId',
  'membersAdded',
  'membersRemoved',
  'channelData',
  'value',
  'attachments',
  'entities',
  'locale',
  'textFormat',
];

describe('POST /api/messages under hostile input', () => {
  let t: TestApp;
  useHostileApp((app) => {
    t = app;
  });

  const post = (body: RawBody, contentType: string | undefined = 'application/json') =>
    probe(t.url, t.app.db, { method: 'POST', path: '/api/messages', headers: { 'Content-Type': contentType }, body });

  it('never answers 5xx and writes nothing for random and malformed bodies', async () => {
    const base = messageActivity({ serviceUrl: t.connector.url, conversationId: 'hostile-base', text: 'hi' });
    await fc.assert(
      fc.asyncProperty(hostileBody(base, activityFields), async ({ contentType, body }) => {
        await post(body, contentType);
      }),
      { numRuns: 200, seed: 8_001 },
    );
  });

  it('answers 400 naming the field when a known field has a wrong type or a hostile value', async () => {
    const base = messageActivity({ serviceUrl: t.connector.url, conversationId: 'hostile-field', text: 'hi' });
    const wrongTyped = fc.record({
      field: fc.constantFrom(
        'type',
        'serviceUrl',
        'channelId',
        'from',
        'from.id',
        'recipient.id',
        'conversation.id',
        'text',
        'membersAdded',
        'channelData',
      ),
      value: fc.oneof(
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
        fc.constant({ nested: { deeper: 1 } }),
      ),
    });
    await fc.assert(
      fc.asyncProperty(wrongTyped, async ({ field, value }) => {
        const activity: Record<string, unknown> = structuredClone(base);
        const [head, tail] = field.split('.');
        if (tail) activity[head] = { ...(activity[head] as object), [tail]: value };
        else activity[head] = value;
        const answer = await post(JSON.stringify(activity));
        if (field === 'channelData' && value !== null && typeof value === 'object' && !Array.isArray(value)) return;
        expect(answer.status, `${field} = ${JSON.stringify(value)}`).to.equal(400);
        expect(JSON.parse(answer.text).error).to.include(head);
      }),
      { numRuns: 150, seed: 8_002 },
    );
  });

  it('refuses JSON nested deeper than the limit with 400, as objects or arrays', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 33, max: 1_000 }), fc.boolean(), async (depth, arrays) => {
        const activity = messageActivity({
          serviceUrl: t.connector.url,
          conversationId: 'deep',
          text: 'x',
          value: deepJson(depth, arrays),
        });
        const text = JSON.stringify(activity);
        const answer = await post(text);
        expect(answer.status).to.equal(Buffer.byteLength(text) > HOSTILE_MAX_BODY_BYTES ? 413 : 400);
      }),
      { numRuns: 100, seed: 8_003 },
    );
  });

  it('answers 413 exactly for bodies over MAX_BODY_BYTES, whatever the characters', async () => {
    const sizes = fc.integer({ min: HOSTILE_MAX_BODY_BYTES - 300, max: HOSTILE_MAX_BODY_BYTES + 300 });
    await fc.assert(
      fc.asyncProperty(sizes, fc.constantFrom('a', 'é', '😀', '\u200B', '\u202E'), async (size, unit) => {
        const activity = messageActivity({ serviceUrl: t.connector.url, conversationId: 'huge', id: 'huge-1', text: '' });
        const overhead = Buffer.byteLength(JSON.stringify(activity));
        const text = JSON.stringify({ ...activity, text: hugeString(size - overhead, unit) });
        const answer = await post(text);
        if (Buffer.byteLength(text) > HOSTILE_MAX_BODY_BYTES) expect(answer.status).to.equal(413);
        else expect(answer.status).to.be.below(300);
      }),
      { numRuns: 100, seed: 8_004 },
    );
  });

  it('runs a normal turn for valid-shaped random activities (no 5xx)', async () => {
    const activity = fc.record({
      kind: fc.constantFrom('message', 'join', 'typing', 'event', 'endOfConversation', 'messageReaction', 'installationUpdate'),
      conversationId: fc.stringMatching(/^[A-Za-z0-9:@._-]{1,40}$/),
      fromId: hostileString(40).filter((s) => s.length > 0),
      fromName: hostileString(40),
      channelId: fc.constantFrom('webchat', 'msteams', 'directline', 'emulator', 'test', 'telephony'),
      text: fc.oneof(
        hostileString(200),
        fc.lorem({ maxCount: 30 }),
        fc.constantFrom('hi', 'talk to a human', 'where is my order 12345?', 'bye', '5'),
      ),
      value: fc.option(
        fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.record({ sb: fc.constant('accept'), handoffId: fc.oneof(fc.nat(), fc.string()) })),
        { nil: undefined },
      ),
      conversationType: fc.option(fc.constantFrom('personal', 'channel', 'groupChat'), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(activity, async (a) => {
        const options = {
          serviceUrl: t.connector.url,
          conversationId: a.conversationId,
          channelId: a.channelId,
          fromId: a.fromId,
          fromName: a.fromName,
          text: a.text,
          value: a.value,
          conversationType: a.conversationType,
        };
        const body =
          a.kind === 'message'
            ? messageActivity(options)
            : a.kind === 'join'
              ? joinActivity(options)
              : { ...messageActivity(options), type: a.kind };
        const answer = await send(t.url, {
          method: 'POST',
          path: '/api/messages',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        // A NUL cannot be stored (PostgreSQL refuses it): a 400 naming the field (see field-limits.test.ts).
        if (JSON.stringify(body).includes('\\u0000'))
          expect(`${answer.status} ${answer.text}`).to.match(/^400 \{"error":"[\w.]+: must not contain NUL/);
        else expect(answer.status, `${a.kind}: ${answer.text.slice(0, 200)}`).to.be.within(200, 299);
      }),
      { numRuns: 100, seed: 8_005 },
    );
  });

  it('refuses a conversation id that is not printable ASCII with 400 (it goes back in an HTTP header), storing nothing', async () => {
    for (const conversationId of ['gespräch-1', '会话', 'tab\there', 'line\nbreak']) {
      const body = messageActivity({ serviceUrl: t.connector.url, conversationId, text: 'hello' });
      const answer = await send(t.url, {
        method: 'POST',
        path: '/api/messages',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(`${answer.status} ${answer.text}`, conversationId).to.match(/^400 .*conversation\.id: must be printable ASCII/);
      expect(await t.app.db('conversations').where({ channel_conversation_id: conversationId })).to.deep.equal([]);
    }
  });

  it('answers invokes with a 2xx or a 4xx, never a 5xx, whatever their name and card data', async () => {
    const invoke = fc.record({
      name: fc.oneof(
        fc.constantFrom(
          'adaptiveCard/action',
          'application/search',
          'healthCheck',
          'signin/verifyState',
          'signin/tokenExchange',
          'task/fetch',
          'composeExtension/query',
          'config/fetch',
        ),
        hostileString(30),
      ),
      verb: fc.oneof(fc.constant('accept'), hostileString(20)),
      data: fc.oneof(
        fc.record({ sb: fc.constant('accept'), handoffId: fc.oneof(fc.nat(), fc.constant('1'), hostileString(10)) }),
        fc.jsonValue({ maxDepth: 3 }),
      ),
      conversationType: fc.option(fc.constantFrom('personal', 'channel', 'groupChat'), { nil: undefined }),
      channelId: fc.constantFrom('msteams', 'webchat'),
    });
    await fc.assert(
      fc.asyncProperty(invoke, async (a) => {
        const body = {
          ...messageActivity({
            serviceUrl: t.connector.url,
            conversationId: `invoke-${a.channelId}`,
            channelId: a.channelId,
            conversationType: a.conversationType,
          }),
          type: 'invoke',
          name: a.name,
          value: { action: { type: 'Action.Execute', verb: a.verb, data: a.data }, trigger: 'manual' },
        };
        const answer = await send(t.url, {
          method: 'POST',
          path: '/api/messages',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(answer.status, `invoke ${a.name}: ${answer.text.slice(0, 200)}`).to.be.below(500);
      }),
      { numRuns: 100, seed: 8_007 },
    );
  });

  it('answers a clear 4xx to other methods', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
        hostileBody(),
        async (method, { body, contentType }) => {
          await probe(t.url, t.app.db, { method, path: '/api/messages', headers: { 'Content-Type': contentType }, body });
        },
      ),
      { numRuns: 100, seed: 8_006 },
    );
  });
});
