import { expect } from 'chai';
import { issueAgent } from '../helpers/agents';
import { describeEachEngine, type TestDatabase } from '../helpers/databases';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../helpers/test-app';

describeEachEngine('agents credentials (/admin/agents)', (engine) => {
  let t: TestApp;
  let database: TestDatabase;
  const admin = { Authorization: `Bearer ${TEST_ADMIN_KEY}`, 'Content-Type': 'application/json' };
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = admin) =>
    fetch(`${t.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const queueWith = (token: string) => fetch(`${t.url}/agent/api/queue`, { headers: { Authorization: `Bearer ${token}` } });

  before(async () => {
    database = await engine.create();
    t = await startTestApp({ database });
  });
  after(async () => {
    await t?.dispose();
  });

  describe('POST /admin/agents', () => {
    it('issues a credential shown once, which signs the agent in as themselves', async () => {
      const res = await call('POST', '/admin/agents', { name: ' Dana Reyes ', email: 'dana@example.com' });
      expect(res.status).to.equal(201);
      const issued = await res.json();
      expect(issued).to.include({ name: 'Dana Reyes', email: 'dana@example.com' });
      expect(issued.token).to.match(/^sbagent_\d+_[A-Za-z0-9_-]{43}$/);
      expect((await queueWith(issued.token)).status).to.equal(200);
      const agent = await t.app.db('agents').where({ id: issued.agentId }).first();
      expect(agent).to.include({ name: 'Dana Reyes', email: 'dana@example.com', source: 'admin' });
      expect((await t.app.db('agent_credentials').where({ id: issued.id }).first()).last_used_at, 'use is recorded').to.be.a('number');
    });

    it('stores only a hash: no column of the credential or agent tables holds the secret', async () => {
      const { token } = await issueAgent(t.url, 'Hash Check');
      const secret = token.split('_').slice(2).join('_');
      const dump = JSON.stringify([await t.app.db('agent_credentials'), await t.app.db('agents'), await t.app.db('audit_log')]);
      expect(dump).not.to.include(secret);
      expect(dump).not.to.include(token);
    });

    it('refuses a missing name, a bad e-mail and unknown fields with 400 naming the field, issuing nothing', async () => {
      const before = await t.app.db('agent_credentials').count({ n: '*' });
      const refusals: Array<[unknown, RegExp]> = [
        [{}, /^name: /],
        [{ name: '   ' }, /^name: required/],
        [{ name: 'Ana', email: 'not-an-address' }, /^email: must be an e-mail address/],
        [{ name: 'Ana', role: 'admin' }, /role/],
      ];
      for (const [body, message] of refusals) {
        const res = await call('POST', '/admin/agents', body);
        expect(res.status, JSON.stringify(body)).to.equal(400);
        expect((await res.json()).error).to.match(message);
      }
      expect(await t.app.db('agent_credentials').count({ n: '*' })).to.deep.equal(before);
    });

    it('is for admins only', async () => {
      expect((await call('POST', '/admin/agents', { name: 'Mallory' }, { 'Content-Type': 'application/json' })).status).to.equal(401);
      const agent = await issueAgent(t.url, 'Not An Admin');
      expect((await call('POST', '/admin/agents', { name: 'Mallory' }, agent.headers)).status, 'an agent credential').to.equal(401);
    });
  });

  describe('GET /admin/agents', () => {
    it('lists issued credentials with their agents and never a secret or hash', async () => {
      const issued = await issueAgent(t.url, 'Listed Agent', 'listed@example.com');
      const res = await call('GET', '/admin/agents');
      expect(res.status).to.equal(200);
      const text = await res.text();
      const { agents } = JSON.parse(text);
      expect(agents.find((a: { id: number }) => a.id === issued.id)).to.deep.include({
        agentId: issued.agentId,
        name: 'Listed Agent',
        email: 'listed@example.com',
        revokedAt: null,
      });
      const hashes = await t.app.db('agent_credentials').pluck('secret_hash');
      for (const hash of hashes) expect(text).not.to.include(hash);
      // The secret is all after `sbagent_<id>_` (base64url: it may itself hold `_`).
      expect(text).not.to.include(issued.token.replace(/^sbagent_\d+_/, ''));
      for (const listed of agents)
        expect(Object.keys(listed)).to.have.members(['id', 'agentId', 'name', 'email', 'createdAt', 'lastUsedAt', 'revokedAt']);
    });
  });

  describe('DELETE /admin/agents/:id and POST /admin/agents/:id/revoke', () => {
    it('revokes a credential: its next call is a 401, and revoking again keeps the first time', async () => {
      const agent = await issueAgent(t.url, 'Leaving Agent');
      expect((await queueWith(agent.token)).status).to.equal(200);
      const res = await call('DELETE', `/admin/agents/${agent.id}`);
      expect(res.status).to.equal(200);
      const { revokedAt } = await res.json();
      expect(revokedAt).to.be.a('number');
      expect((await queueWith(agent.token)).status).to.equal(401);
      const again = await call('POST', `/admin/agents/${agent.id}/revoke`);
      expect(await again.json()).to.deep.equal({ id: agent.id, revokedAt });
    });

    it('revokes through POST …/revoke too, leaving other agents signed in', async () => {
      const [a, b] = [await issueAgent(t.url, 'A'), await issueAgent(t.url, 'B')];
      expect((await call('POST', `/admin/agents/${a.id}/revoke`)).status).to.equal(200);
      expect((await queueWith(a.token)).status).to.equal(401);
      expect((await queueWith(b.token)).status).to.equal(200);
    });

    it('answers 404 to an unknown id and 400 to a malformed one', async () => {
      expect((await call('DELETE', '/admin/agents/999999')).status).to.equal(404);
      expect((await call('DELETE', '/admin/agents/abc')).status).to.equal(400);
      expect((await call('DELETE', '/admin/agents/99999999999')).status).to.equal(400);
    });

    it('audits issuing and revoking with the admin as actor', async () => {
      const agent = await issueAgent(t.url, 'Audited');
      await call('DELETE', `/admin/agents/${agent.id}`);
      const rows = await t.app.db('audit_log').where('action', 'like', 'agents.%').orderBy('id', 'desc').limit(2).select('actor', 'action');
      expect(rows).to.deep.equal([
        { actor: 'admin', action: `agents.revoke DELETE /admin/agents/${agent.id}` },
        { actor: 'admin', action: 'agents.issue POST /admin/agents' },
      ]);
    });
  });
});
