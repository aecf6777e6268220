import { expect } from 'chai';
import { generateKeyPair } from 'jose';
import sinon from 'sinon';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { agent, botAddedToTeam } from '../../bench/lib/teams';
import { MINUTE_MS } from '../../common/time';
import { FakeEntra, SSO_CLIENT_ID } from '../helpers/fake-entra';
import { startTestApp, type TestApp } from '../helpers/test-app';

describe('agent tab sign-in with Teams SSO', () => {
  const entra = new FakeEntra();
  const member = agent(2);
  const outsider = agent(9);
  let t: TestApp;

  const queue = (token: string) => fetch(`${t.url}/agent/api/queue`, { headers: { Authorization: `Bearer ${token}` } });
  const rosterCalls = () => t.connector.calls.filter((c) => c.method === 'GET' && c.path.includes('/members/')).length;
  const refusal = async (res: Response) => ({ status: res.status, error: ((await res.json()) as { error: string }).error });

  before(async () => {
    await entra.start();
  });
  after(async () => {
    await entra.stop();
  });
  beforeEach(async () => {
    t = await startTestApp({ env: { ...entra.env(), PUBLIC_URL: 'https://help.pebble-pine.example' } });
    expect((await postActivity(t.url, botAddedToTeam(t.connector.url, agent(1)))).status).to.equal(200);
    t.connector.members = [member, agent(1)];
    await postActivity(
      t.url,
      messageActivity({ serviceUrl: t.connector.url, conversationId: 'sso-1', text: 'I need to talk to a human now' }),
    );
  });
  afterEach(async () => {
    sinon.restore();
    await t.dispose();
  });

  it('lets a member of the agents team in with a valid token and acts as that Teams user', async () => {
    const token = await entra.token(member.aadObjectId, { claims: { name: 'Agent Two' } });
    const res = await queue(token);
    expect(res.status).to.equal(200);
    const { tickets } = await res.json();
    const accept = await fetch(`${t.url}/agent/api/handoffs/${tickets[0].handoffId}/accept`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'X-Agent-Name': 'Somebody Else' },
    });
    expect(await accept.json()).to.deep.equal({ takenBy: 'Agent Two' });
    expect((await t.app.db('tickets').first()).assignee_id).to.equal(member.aadObjectId);
    expect(await t.app.db('agents').where({ id: member.aadObjectId }).first()).to.include({ name: 'Agent Two', source: 'team' });
    const actors = await t.app.db('audit_log').where('action', 'like', 'agent.%').orderBy('id').pluck('actor');
    expect(actors).to.deep.equal([member.aadObjectId, member.aadObjectId]);
  });

  it('accepts the v1 issuer and the api:// audience of the tab', async () => {
    const token = await entra.token(member.aadObjectId, {
      claims: {
        iss: `https://sts.windows.net/${entra.env().MicrosoftAppTenantId}/`,
        aud: `api://help.pebble-pine.example/${SSO_CLIENT_ID}`,
        ver: '1.0',
      },
    });
    expect((await queue(token)).status).to.equal(200);
  });

  const refused: Array<[string, () => Promise<string>, RegExp]> = [
    ['an expired token', () => entra.token(member.aadObjectId, { expires: Math.floor(Date.now() / 1000) - 600 }), /expired/],
    ['a token for another audience', () => entra.token(member.aadObjectId, { claims: { aud: 'api://elsewhere/other-app' } }), /aud/],
    [
      'a token of another tenant',
      () =>
        entra.token(member.aadObjectId, {
          claims: {
            tid: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a',
            iss: 'https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a/v2.0',
          },
        }),
      /iss/,
    ],
    ['a tid that does not match its issuer', () => entra.token(member.aadObjectId, { claims: { tid: 'another-tenant' } }), /tenant/],
    [
      'a token signed with another key',
      async () => entra.token(member.aadObjectId, { key: (await generateKeyPair('RS256')).privateKey }),
      /not signed/,
    ],
    ['a token without an oid', () => entra.token('', {}), /oid/],
  ];
  for (const [what, token] of refused) {
    it(`refuses ${what} with 401, changing nothing`, async () => {
      const agentsBefore = await t.app.db('agents').count({ n: '*' });
      const { status, error } = await refusal(await queue(await token()));
      expect(status).to.equal(401);
      expect(error, 'a bare 401: the reason is logged, never shown').to.equal('unauthorized');
      expect(await t.app.db('agents').count({ n: '*' })).to.deep.equal(agentsBefore);
      expect(await t.app.db('audit_log').where('action', 'like', 'agent.%').pluck('actor')).to.deep.equal(['anonymous']);
    });
  }

  it('refuses a Teams user who is not on the agents team roster with 403', async () => {
    const token = await entra.token(outsider.aadObjectId);
    expect(await refusal(await queue(token))).to.deep.equal({ status: 403, error: "Not a member of the agents' team" });
    const accept = await fetch(`${t.url}/agent/api/handoffs/1/accept`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    expect(accept.status).to.equal(403);
    expect((await t.app.db('tickets').first()).assignee_id).to.equal(null);
    expect(t.connector.textsTo('sso-1').join('\n')).not.to.match(/joined the chat/);
  });

  it('asks the connector once per user, then again after the cache expires (a removed member is refused)', async () => {
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
    const token = await entra.token(member.aadObjectId);
    expect((await queue(token)).status).to.equal(200);
    expect((await queue(token)).status).to.equal(200);
    expect(rosterCalls(), 'the second call is answered from the cache').to.equal(1);
    t.connector.members = [agent(1)];
    clock.tick(5 * MINUTE_MS + 1);
    expect((await queue(token)).status).to.equal(403);
    expect(rosterCalls()).to.equal(2);
  });

  it('refuses every SSO token while no agents team is registered', async () => {
    await t.app.db('agent_channels').update({ active: false });
    expect((await queue(await entra.token(member.aadObjectId))).status).to.equal(403);
    expect(rosterCalls()).to.equal(0);
  });

  it('answers 503 when the roster cannot be checked, and asks again on the next call', async () => {
    t.connector.failWith = (call) => (call.path.includes('/members/') ? 502 : undefined);
    const token = await entra.token(member.aadObjectId);
    expect((await queue(token)).status).to.equal(503);
    t.connector.failWith = undefined;
    expect((await queue(token)).status).to.equal(200);
  });
});
