import { expect } from 'chai';
import { postActivity } from '../../bench/lib/activities';
import { TEAM, agent, botAddedToTeam } from '../../bench/lib/teams';
import { issueAgent, type IssuedAgent } from '../helpers/agents';
import { describeEachEngine } from '../helpers/databases';
import { say } from '../helpers/languages';
import { startTestApp, type TestApp } from '../helpers/test-app';

describeEachEngine("agents see the customer's language", (engine) => {
  let t: TestApp;
  let robin: IssuedAgent;
  const customer = 'customer-de';
  const api = async (path: string) => {
    const res = await fetch(`${t.url}/agent/api${path}`, { headers: robin.headers });
    expect(res.status, path).to.equal(200);
    return res.json();
  };

  before(async () => {
    t = await startTestApp({ database: await engine.create(), env: { AGENT_TIMEOUT_S: '60' } });
    t.connector.members = [agent(1), agent(2)];
    expect((await postActivity(t.url, botAddedToTeam(t.connector.url, agent(1)))).status).to.equal(200);
    robin = await issueAgent(t.url, 'Robin');
    await say(t, { conversationId: customer, text: 'Ich möchte bitte mit einem echten Menschen sprechen', locale: 'de-DE' });
    await t.connector.waitFor(() => t.connector.messagesTo(TEAM.id).some((c) => c.body.attachments?.length));
  });
  after(async () => {
    await t?.dispose();
  });

  it('on the ticket card in the agents channel', async () => {
    const card = t.connector.messagesTo(TEAM.id).find((c) => c.body.attachments?.length)!.body.attachments[0].content;
    const facts = card.body.find((b: { type: string }) => b.type === 'FactSet').facts;
    expect(facts).to.deep.include({ title: 'Language', value: 'German (Deutsch)' });
  });

  it('in the queue, the ticket search and the ticket of the agent tab', async () => {
    const { tickets } = await api('/queue');
    expect(tickets).to.have.length(1);
    expect(tickets[0]).to.include({ language: 'de', languageLabel: 'German (Deutsch)' });
    const found = await api('/tickets');
    expect(found.tickets[0]).to.include({ language: 'de', languageLabel: 'German (Deutsch)' });
    const ticket = await api(`/tickets/${tickets[0].id}`);
    expect(ticket).to.include({ language: 'de', languageLabel: 'German (Deutsch)' });
  });
});
