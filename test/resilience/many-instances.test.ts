import { expect } from 'chai';
import { openDatabase, type Knex } from '../../store/db';
import { poll, post, startSession, userMessage } from '../directline/directline-client';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { createPostgresDatabase, type TestDatabase } from '../helpers/databases';
import { FakeConnector, type ConnectorCall } from '../../bench/lib/fake-connector';
import { PROCESS_ADMIN_KEY, ServerProcess } from '../../bench/lib/server-process';
import { TEAM, acceptInvoke, agent, botAddedToTeam } from '../../bench/lib/teams';

interface CardAction {
  title: string;
  data?: Record<string, unknown>;
}
interface Card {
  body: Array<{ text?: string }>;
  actions: CardAction[];
}

const SKIP_MESSAGE = 'Many-instances tests SKIPPED: set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to run them';
const TIMEOUT_TEXT = /no agent is free right now/;

describe('many instances on one PostgreSQL database (two server processes)', function () {
  this.timeout(300_000);
  if (!process.env.TEST_DATABASE_URL) {
    before(function () {
      console.log(`      ${SKIP_MESSAGE}`);
      this.skip();
    });
  }

  let database: TestDatabase;
  let connector: FakeConnector;
  let a: ServerProcess;
  let b: ServerProcess;
  let db: Knex;
  const instances = () => [a, b];

  before(async () => {
    database = await createPostgresDatabase();
    connector = new FakeConnector();
    await connector.start();
    // The agents' team roster the instances check Accepts against.
    connector.members = Array.from({ length: 20 }, (_, i) => agent(i + 1));
    // Started together on an empty schema, as a deployment rolls out its replicas.
    [a, b] = await Promise.all([ServerProcess.start({ databaseUrl: database.url }), ServerProcess.start({ databaseUrl: database.url })]);
    db = openDatabase(database.url);
    const installed = await postActivity(a.url, botAddedToTeam(connector.url, agent(1)));
    expect(installed.status).to.equal(200);
  });

  after(async () => {
    await db?.destroy();
    await a?.dispose();
    await b?.dispose();
    await connector?.stop();
    await database?.dispose();
  });

  let nextId = 0;
  const say = async (via: ServerProcess, conversationId: string, text?: string, value?: unknown, id = `mi-${++nextId}`) => {
    const res = await postActivity(
      via.url,
      messageActivity({ serviceUrl: connector.url, conversationId, id, fromId: `${conversationId}-customer`, text, value }),
    );
    await res.arrayBuffer();
    expect(res.status, `HTTP status of "${text ?? JSON.stringify(value)}"`).to.equal(200);
  };
  const lastCard = (conversationId: string): Card | undefined => {
    const withCard = connector.messagesTo(conversationId).filter((c) => c.body.attachments?.length);
    return withCard[withCard.length - 1]?.body.attachments[0].content as Card | undefined;
  };
  const ticketsOf = (conversationId: string) =>
    db('tickets')
      .join('conversations', 'conversations.id', 'tickets.conversation_id')
      .where('conversations.channel_conversation_id', conversationId)
      .select('tickets.*');

  /** Asks for a person on `via`; resolves with the handoff and the id of its card in the agents' channel. */
  async function openHandoff(via: ServerProcess, conversationId: string): Promise<{ handoffId: number; cardId: string }> {
    await say(via, conversationId, 'I want to talk to a real person please');
    const [ticket] = await ticketsOf(conversationId);
    expect(ticket, `a ticket for ${conversationId}`).to.not.equal(undefined);
    const handoff = await db('handoffs').where({ ticket_id: ticket.id }).first();
    expect(handoff.card_activity_id, 'the card was posted to the agents channel').to.be.a('string');
    return { handoffId: handoff.id, cardId: handoff.card_activity_id };
  }

  describe('a Teams or Bot Framework conversation', () => {
    it('keeps the dialog state when its turns alternate between the instances', async () => {
      const conversationId = 'mi-dialog';
      await say(a, conversationId, 'my order has not arrived yet');
      const first = lastCard(conversationId);
      expect(first, 'a KB answer from instance A').to.not.equal(undefined);

      await say(b, conversationId, undefined, first!.actions.find((x) => x.title === 'No')!.data);
      const second = lastCard(conversationId)!;
      expect(second.body[0].text, 'instance B offers another article: it read what A stored').to.not.equal(first!.body[0].text);
      const suggestions = connector
        .messagesTo(conversationId)
        .flatMap((c) => (c.body.suggestedActions?.actions ?? []).map((x: { title: string }) => x.title));
      expect(suggestions).to.include('Talk to a person');
      expect(await ticketsOf(conversationId), 'no ticket after the first "No"').to.have.length(0);

      await say(a, conversationId, undefined, second.actions.find((x) => x.title === 'No')!.data);
      expect(await ticketsOf(conversationId), 'the second miss, counted across instances, opens a ticket').to.have.length(1);
    });
  });

  describe('the web widget (Direct Line endpoint)', () => {
    it('shows the replies of a conversation started on one instance when it polls the other', async () => {
      const session = await startSession(a.url);
      const posted = await post(a.url, session, userMessage('how long does delivery take', 'mi-widget-1'));
      expect(posted.status).to.equal(200);
      const onB = await poll(b.url, session);
      const mine = onB.activities.find((x) => x.channelData?.clientActivityID === 'mi-widget-1');
      expect(mine, 'the user message, with its clientActivityID').to.not.equal(undefined);
      const after = onB.activities.slice(onB.activities.indexOf(mine));
      expect(
        after.some((x) => x.from.role === 'bot'),
        'the bot reply written by A, read on B',
      ).to.equal(true);

      expect((await post(b.url, session, userMessage('which payment methods do you accept', 'mi-widget-2'))).status).to.equal(200);
      const onA = await poll(a.url, session, onB.watermark);
      expect(onA.activities[0].channelData.clientActivityID).to.equal('mi-widget-2');
      expect(onA.activities.slice(1).some((x) => x.from.role === 'bot')).to.equal(true);
    });
  });

  describe('the knowledge base', () => {
    it('answers with an article edited through the other instance', async () => {
      const question = 'how long does delivery take';
      await say(b, 'mi-kb-0', question);
      const articleId = String(lastCard('mi-kb-0')!.actions.find((x) => x.title === 'No')!.data!.articleId);
      const summary = 'Edited through instance A: parcels arrive within two working days.';
      const edited = await fetch(`${a.url}/admin/kb/${encodeURIComponent(articleId)}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${PROCESS_ADMIN_KEY}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ summary }),
      });
      expect(edited.status).to.equal(200);
      let attempt = 0;
      await waitFor(
        async () => {
          const conversationId = `mi-kb-${++attempt}`;
          await say(b, conversationId, question);
          const card = lastCard(conversationId)!;
          expect(card.actions.find((x) => x.title === 'No')!.data!.articleId, 'the same article').to.equal(articleId);
          return card.body.some((block) => block.text === summary);
        },
        60_000,
        1000,
      );
    });
  });

  describe('the handoff', () => {
    it('gives exactly one of ten accepts spread over both instances the ticket', async () => {
      const { handoffId, cardId } = await openHandoff(a, 'mi-accept');
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          postActivity(instances()[i % 2].url, acceptInvoke(connector.url, agent(10 + i), cardId, { sb: 'accept', handoffId })).then((r) =>
            r.json(),
          ),
        ),
      );
      const winners = responses.filter((r) => r.type === 'application/vnd.microsoft.card.adaptive');
      expect(winners, 'winners').to.have.length(1);
      expect(
        responses.filter((r) => r.type === 'application/vnd.microsoft.activity.message'),
        'polite refusals',
      ).to.have.length(9);
      const handoff = await db('handoffs').where({ id: handoffId }).first();
      expect(handoff.status).to.equal('assigned');
      expect(await db('ticket_events').where({ ticket_id: handoff.ticket_id, type: 'assigned' })).to.have.length(1);
      const joined = connector.textsTo('mi-accept').filter((t) => /from our support team has joined/.test(t));
      expect(joined, 'the customer is told once').to.have.length(1);
    });

    it('relays a customer message to the agent thread exactly once, even when redelivered to the other instance', async () => {
      const { handoffId, cardId } = await openHandoff(b, 'mi-relay');
      const accepted = await postActivity(a.url, acceptInvoke(connector.url, agent(2), cardId, { sb: 'accept', handoffId }));
      expect((await accepted.json()).type).to.equal('application/vnd.microsoft.card.adaptive');
      const thread = `${TEAM.id};messageid=${cardId}`;
      const relayed = () => connector.textsTo(thread).filter((t) => t.includes('my Aurora desk lamp flickers'));

      await say(b, 'mi-relay', 'my Aurora desk lamp flickers', undefined, 'mi-relay-lamp');
      expect(relayed(), 'relayed by instance B').to.have.length(1);
      await say(a, 'mi-relay', 'my Aurora desk lamp flickers', undefined, 'mi-relay-lamp');
      expect(relayed(), 'the redelivery on instance A relays nothing more').to.have.length(1);
    });

    it('fires each handoff timeout on exactly one instance', async () => {
      const conversations = ['mi-timeout-0', 'mi-timeout-1', 'mi-timeout-2', 'mi-timeout-3'];
      const handoffs: Array<{ handoffId: number; cardId: string }> = [];
      for (const [i, conversationId] of conversations.entries()) handoffs.push(await openHandoff(instances()[i % 2], conversationId));
      const keys = handoffs.map((h) => String(h.handoffId));
      // Both instances poll the timers table every second; make the timeouts due now.
      const moved = await db('timers').where({ kind: 'handoff-timeout' }).whereIn('key', keys).update({ due_at: Date.now() });
      expect(moved).to.equal(conversations.length);

      await waitFor(async () => (await db('timers').where({ kind: 'handoff-timeout' }).whereIn('key', keys)).length === 0, 60_000);
      await connector.waitFor((calls) => conversations.every((id) => timeoutsTo(calls, id) >= 1), 30_000);
      for (const id of conversations) expect(timeoutsTo(connector.calls, id), `"no agent is free" messages to ${id}`).to.equal(1);
      const events = await db('ticket_events')
        .whereIn('ticket_id', db('handoffs').whereIn('id', keys.map(Number)).select('ticket_id'))
        .where({ type: 'agent_timeout' });
      expect(events).to.have.length(conversations.length);
    });
  });
});

function timeoutsTo(calls: ConnectorCall[], conversationId: string): number {
  return calls.filter(
    (c) =>
      c.conversationId === conversationId &&
      c.method === 'POST' &&
      c.body?.type === 'message' &&
      TIMEOUT_TEXT.test(String(c.body.text ?? '')),
  ).length;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
