import { expect } from 'chai';
import fc from 'fast-check';
import { issueAgent, type IssuedAgent } from '../helpers/agents';
import { FakeEntra } from '../helpers/fake-entra';
import type { TestApp } from '../helpers/test-app';
import { hostileAuthorization, hostileBody, hostilePathSegment } from './hostile-input';
import { auditRows, useHostileApp, probe } from './hostile-server';

/** Every agent API route; `:id` is filled in per request. */
const agentApiRoutes: Array<{ method: string; path: (id: string) => string }> = [
  { method: 'GET', path: () => '/agent/api/me' },
  { method: 'GET', path: () => '/agent/api/queue' },
  { method: 'GET', path: (id) => `/agent/api/tickets/${id}` },
  { method: 'POST', path: (id) => `/agent/api/tickets/${id}/reopen` },
  { method: 'POST', path: (id) => `/agent/api/handoffs/${id}/accept` },
  { method: 'POST', path: (id) => `/agent/api/handoffs/${id}/messages` },
  { method: 'POST', path: (id) => `/agent/api/handoffs/${id}/notes` },
  { method: 'POST', path: (id) => `/agent/api/handoffs/${id}/release` },
  { method: 'POST', path: (id) => `/agent/api/handoffs/${id}/end` },
];

/** Bearer tokens shaped like an issued credential (`sbagent_<id>_<secret>`) that are not one. */
const forgedCredential = fc
  .tuple(fc.constantFrom('0', '1', '2', '999999999', '1234567890123', '-1', ''), fc.string({ maxLength: 60 }))
  .map(([id, secret]) => `Bearer sbagent_${id}_${secret.replace(/\s/g, '')}`);

const ids = fc.oneof(
  hostilePathSegment(),
  fc.constantFrom('0', '1', '-1', '1.5', '1e3', '0x10', '9007199254740993', '99999999999999999999999'),
);

describe('Agent API under hostile input', () => {
  let t: TestApp;
  let agent: IssuedAgent;
  // Teams SSO is on, its keys served locally, so hostile JWTs reach the token checks.
  const entra = new FakeEntra();
  const env: Record<string, string> = {};
  before(async () => {
    await entra.start();
    Object.assign(env, entra.env());
  });
  useHostileApp((app) => {
    t = app;
  }, env);
  before(async () => {
    agent = await issueAgent(t.url, 'Ana');
  });
  after(async () => {
    await entra.stop();
  });

  it('refuses every call without a valid credential with a 4xx and a message, writing nothing but the audit log', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...agentApiRoutes),
        fc.oneof(hostileAuthorization(), forgedCredential),
        ids,
        hostileBody({ text: 'hello' }, ['text']),
        async (route, authorization, id, { body, contentType }) => {
          const audited = await auditRows(t.app.db);
          const answer = await probe(t.url, t.app.db, {
            method: route.method,
            path: route.path(id),
            headers: { Authorization: authorization, 'Content-Type': contentType },
            body,
          });
          expect(answer.status, `${route.method} ${route.path(id)}`).to.be.within(400, 499);
          // Audited once per IP, route and minute (test/security/refused-admin-calls.test.ts).
          if (answer.status === 401)
            expect(await auditRows(t.app.db), 'refused agent calls are audited').to.be.within(audited, audited + 1);
        },
      ),
      { numRuns: 200, seed: 8_301 },
    );
  });

  it('with an issued credential, never answers 5xx to hostile ids and bodies, and writes nothing when refusing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...agentApiRoutes),
        ids,
        hostileBody({ text: 'hello' }, ['text']),
        async (route, id, { body, contentType }) => {
          await probe(t.url, t.app.db, {
            method: route.method,
            path: route.path(id),
            headers: { Authorization: agent.headers.Authorization, 'Content-Type': contentType },
            body,
          });
        },
      ),
      { numRuns: 200, seed: 8_302 },
    );
  });
});
