import { expect } from 'chai';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { OTHER_TEAM, TEAM, acceptInvoke, agent, botAddedToTeam, plainChannelMessage, threadReply, type Team } from '../../bench/lib/teams';
import { startTestApp, TEST_ADMIN_KEY, type TestApp } from '../helpers/test-app';

const admin = { Authorization: `Bearer ${TEST_ADMIN_KEY}`, 'Content-Type': 'application/json' };
const customer = 'customer-conv-team';

describe("the agents' Teams team", () => {
  let t: TestApp;

  afterEach(async () => {
    await t?.dispose();
  });

  async function start(env: Record<string, string> = {}, teams: Team[] = [TEAM]): Promise<void> {
    t = await startTestApp({ env: { AGENT_TIMEOUT_S: '600', ...env } });
    t.connector.members = [agent(1), agent(2), agent(3)];
    for (const team of teams) expect((await postActivity(t.url, botAddedToTeam(t.connector.url, agent(1), team))).status).to.equal(200);
  }

  const say = (text: string, value?: unknown) =>
    postActivity(t.url, messageActivity({ serviceUrl: t.connector.url, conversationId: customer, text, value }));

  /** Opens a ticket; resolves with the card's id in the team it was posted to. */
  async function requestAgent(team: Team = TEAM): Promise<{ cardId: string; handoffId: number }> {
    await say('I want to talk to a real person please');
    await t.connector.waitFor(() => t.connector.messagesTo(team.id).some((c) => c.body.attachments?.length));
    const handoff = await t.app.db('handoffs').orderBy('id', 'desc').first();
    return { cardId: handoff.card_activity_id, handoffId: handoff.id };
  }

  const customerTexts = () => t.connector.textsTo(customer);
  const activeTeams = async () => (await t.app.db('agent_channels').where({ active: true })).map((c) => c.team_id);

  describe('which team it is', () => {
    it('stays the first team when the bot is added to another one, which only gets recorded', async () => {
      await start({}, [TEAM, OTHER_TEAM]);
      expect(await activeTeams()).to.deep.equal([TEAM.id]);
      expect(await t.app.db('agent_channels').where({ team_id: OTHER_TEAM.id }).first(), 'the other install is recorded').to.not.equal(
        undefined,
      );
      expect(t.connector.textsTo(OTHER_TEAM.id), 'the other team is not greeted').to.deep.equal([]);
      await requestAgent();
      expect(t.connector.messagesTo(OTHER_TEAM.id)).to.have.length(0);
    });

    it('is the team AGENTS_TEAM_ID names, even when the bot joined another team first', async () => {
      await start({ AGENTS_TEAM_ID: OTHER_TEAM.id }, [TEAM, OTHER_TEAM]);
      expect(await activeTeams()).to.deep.equal([OTHER_TEAM.id]);
      expect(t.connector.textsTo(TEAM.id)).to.deep.equal([]);
      await requestAgent(OTHER_TEAM);
      const { channels } = await (await fetch(`${t.url}/admin/agent-channel`, { headers: admin })).json();
      const first = channels.find((c: { teamId: string }) => c.teamId === TEAM.id);
      const res = await fetch(`${t.url}/admin/agent-channel`, { method: 'PUT', headers: admin, body: JSON.stringify({ id: first.id }) });
      expect(res.status, 'the pin wins over a move').to.equal(409);
      expect((await res.json()).error).to.contain('AGENTS_TEAM_ID');
      expect(await activeTeams()).to.deep.equal([OTHER_TEAM.id]);
    });

    it('refuses an AGENTS_TEAM_ID that is not a Teams team id', async () => {
      let error: unknown;
      try {
        await startTestApp({ env: { AGENTS_TEAM_ID: 'marketing' } });
      } catch (e) {
        error = e;
      }
      expect(String(error)).to.contain('AGENTS_TEAM_ID');
    });

    it('moves when an admin moves the queue (audited), and the live tickets follow', async () => {
      await start({}, [TEAM, OTHER_TEAM]);
      const { handoffId } = await requestAgent();
      const { channels } = await (await fetch(`${t.url}/admin/agent-channel`, { headers: admin })).json();
      const other = channels.find((c: { teamId: string }) => c.teamId === OTHER_TEAM.id);
      const res = await fetch(`${t.url}/admin/agent-channel`, { method: 'PUT', headers: admin, body: JSON.stringify({ id: other.id }) });
      expect(res.status).to.equal(200);
      expect(await res.json()).to.deep.equal({ active: other.id, reposted: 1 });
      expect(await activeTeams()).to.deep.equal([OTHER_TEAM.id]);
      const audit = await t.app.db('audit_log').where('action', 'like', 'agent-channel.activate%').first();
      expect(audit.status).to.equal(200);
      const card = t.connector.messagesTo(OTHER_TEAM.id).find((c) => c.body.attachments?.length);
      expect(card, 'the waiting ticket is posted in the new team').to.not.equal(undefined);
      const cardId = (await t.app.db('handoffs').where({ id: handoffId }).first()).card_activity_id;
      const body = await (
        await postActivity(t.url, acceptInvoke(t.connector.url, agent(2), cardId, { sb: 'accept', handoffId }, OTHER_TEAM))
      ).json();
      expect(body.type).to.equal('application/vnd.microsoft.card.adaptive');
    });
  });

  describe('who counts as an agent', () => {
    it('refuses an Accept from another team, telling only the presser, and the customer hears nothing', async () => {
      await start({}, [TEAM, OTHER_TEAM]);
      const { cardId, handoffId } = await requestAgent();
      const before = customerTexts().length;
      const body = await (
        await postActivity(t.url, acceptInvoke(t.connector.url, agent(2), cardId, { sb: 'accept', handoffId }, OTHER_TEAM))
      ).json();
      expect(body.statusCode).to.equal(403);
      expect(body.value.message).to.contain("not the support agents' team");
      expect(customerTexts()).to.have.length(before);
      expect((await t.app.db('handoffs').first()).status).to.equal('waiting');
      expect((await t.app.db('tickets').first()).status).to.equal('open');
    });

    it('refuses an Accept and thread replies from someone not on the roster', async () => {
      await start();
      const { cardId, handoffId } = await requestAgent();
      const before = customerTexts().length;
      const body = await (await postActivity(t.url, acceptInvoke(t.connector.url, agent(9), cardId, { sb: 'accept', handoffId }))).json();
      expect(body.statusCode).to.equal(403);
      expect(body.value.message).to.contain('Only members');
      expect(
        await t.app
          .db('agents')
          .where({ id: agent(9).aadObjectId })
          .first(),
        'a refused agent is not stored',
      ).to.equal(undefined);

      await postActivity(t.url, acceptInvoke(t.connector.url, agent(2), cardId, { sb: 'accept', handoffId }));
      const joined = customerTexts().length;
      await postActivity(t.url, threadReply(t.connector.url, agent(9), cardId, 'Hi, I am not really an agent'));
      const thread = `${TEAM.id};messageid=${cardId}`;
      expect(t.connector.textsTo(thread).at(-1)).to.contain('Only members');
      expect(customerTexts()).to.have.length(joined);
      expect(joined).to.equal(before + 1);
      expect(await t.app.db('messages').where({ role: 'agent' })).to.have.length(0);
    });

    it('asks the roster once per agent while the answer is fresh', async () => {
      await start();
      const { cardId, handoffId } = await requestAgent();
      await postActivity(t.url, acceptInvoke(t.connector.url, agent(2), cardId, { sb: 'accept', handoffId }));
      await postActivity(t.url, threadReply(t.connector.url, agent(2), cardId, 'Hello!'));
      await postActivity(t.url, threadReply(t.connector.url, agent(2), cardId, 'Let me check.'));
      const lookups = t.connector.calls.filter((c) => c.method === 'GET' && c.path.endsWith(`/members/${encodeURIComponent(agent(2).id)}`));
      expect(lookups).to.have.length(1);
    });
  });

  describe("other teams' channels", () => {
    it('are ignored: no answer and nothing stored', async () => {
      await start({}, [TEAM, OTHER_TEAM]);
      const counts = async () => [
        (await t.app.db('messages').count({ n: '*' }))[0].n,
        (await t.app.db('conversations').count({ n: '*' }))[0].n,
      ];
      const before = await counts();
      await postActivity(t.url, plainChannelMessage(t.connector.url, agent(2), 'queue', { team: OTHER_TEAM, mention: true }));
      await postActivity(t.url, plainChannelMessage(t.connector.url, agent(2), 'where is my order 10482?', { team: OTHER_TEAM }));
      await postActivity(t.url, plainChannelMessage(t.connector.url, agent(2), 'lunch anyone?'));
      expect(await counts()).to.deep.equal(before);
      expect(t.connector.textsTo(OTHER_TEAM.id)).to.deep.equal([]);
      expect(t.connector.textsTo(TEAM.id), 'chatter in the agents team outside a ticket is ignored too').to.have.length(1);
    });
  });

  describe('a personal chat with the bot', () => {
    it('answers "help" with what the bot does and where agents work, not as thanks', async () => {
      await start();
      const personal = { channelId: 'msteams', conversationType: 'personal', fromId: agent(2).id, fromName: agent(2).name };
      await postActivity(
        t.url,
        messageActivity({ serviceUrl: t.connector.url, conversationId: 'a:personal-2', text: 'help', ...personal }),
      );
      const [answer] = t.connector.textsTo('a:personal-2');
      expect(answer).to.not.contain('welcome');
      expect(answer).to.contain('/help');
    });
  });

  describe('@bot queue in the channel', () => {
    it('lists the tickets waiting for an agent', async () => {
      await start();
      await requestAgent();
      await postActivity(t.url, plainChannelMessage(t.connector.url, agent(2), 'queue', { mention: true }));
      expect(t.connector.textsTo(TEAM.id).at(-1)).to.match(/1 waiting for an agent:\n- #\d+ \(\w+\): I want to talk to a real person/);
    });
  });

  describe('POST /admin/tickets/:id/assign', () => {
    it('hands a live chat to another agent, who then talks to the customer', async () => {
      await start();
      const { cardId, handoffId } = await requestAgent();
      await postActivity(t.url, acceptInvoke(t.connector.url, agent(2), cardId, { sb: 'accept', handoffId }));
      await postActivity(t.url, plainChannelMessage(t.connector.url, agent(3), 'queue', { mention: true }));
      const ticket = await t.app.db('tickets').first();
      const assign = (body: unknown) =>
        fetch(`${t.url}/admin/tickets/${ticket.id}/assign`, { method: 'POST', headers: admin, body: JSON.stringify(body) });
      const unknown = await assign({ agentId: 'nobody' });
      expect(unknown.status).to.equal(404);
      expect((await unknown.json()).error).to.contain('agentId');
      expect((await assign({})).status).to.equal(400);

      expect((await assign({ agentId: agent(3).aadObjectId })).status).to.equal(200);
      expect(customerTexts().at(-1)).to.equal('Agent 3 from our support team has taken over the chat.');
      expect((await t.app.db('tickets').first()).assignee_id).to.equal(agent(3).aadObjectId);
      await postActivity(t.url, threadReply(t.connector.url, agent(2), cardId, 'still me?'));
      expect(customerTexts()).to.not.include('still me?');
      await postActivity(t.url, threadReply(t.connector.url, agent(3), cardId, 'Hi, I am taking over.'));
      expect(customerTexts().at(-1)).to.equal('Hi, I am taking over.');
      expect(await t.app.db('ticket_events').where({ type: 'reassigned' })).to.have.length(1);
    });
  });
});
