import { expect } from 'chai';
import sinon from 'sinon';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { TEAM, acceptInvoke, agent, botAddedToTeam, threadReply } from '../../bench/lib/teams';
import { describeEachEngine } from '../helpers/databases';
import { issueAgent } from '../helpers/agents';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { TEST_ADMIN_KEY, startTestApp, type TestApp } from '../helpers/test-app';

const SHOP_HOURS = { BUSINESS_HOURS: 'Mon-Fri 08:00-20:00; Sat 09:00-17:00', BUSINESS_TZ: 'Europe/London' };
/** Saturday 24 October 2026, 21:00 in London (BST): the team left at 17:00. */
const SATURDAY_NIGHT = Date.parse('2026-10-24T20:00:00Z');
/** Monday 26 October 2026, 08:30 in London (GMT since Sunday). */
const MONDAY_MORNING = Date.parse('2026-10-26T08:30:00Z');
const CHAT = 'customer-out-of-hours';
const ADDRESS = 'casey.customer@example.com';

/** Polls `predicate` on the real clock (tests freeze only `Date`), failing after ~10 s. */
async function eventually(predicate: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`not reached within 10 s: ${what}`);
}

describeEachEngine('out of business hours', (engine) => {
  let t: TestApp;
  let clock: sinon.SinonFakeTimers;
  let sink: SmtpSink | undefined;

  async function start(env: Record<string, string> = {}): Promise<void> {
    t = await startTestApp({ database: await engine.create(), env: { ...SHOP_HOURS, ...env } });
    t.connector.members = [1, 2].map(agent);
    expect((await postActivity(t.url, botAddedToTeam(t.connector.url, agent(1)))).status).to.equal(200);
  }
  afterEach(async () => {
    clock?.restore();
    await t?.dispose();
    await sink?.stop();
    sink = undefined;
  });

  const say = async (text: string) => {
    const res = await postActivity(t.url, messageActivity({ serviceUrl: t.connector.url, conversationId: CHAT, text }));
    expect(res.status, `"${text}" was answered`).to.equal(200);
  };
  const texts = () => t.connector.textsTo(CHAT).join('\n');
  const lastText = () => t.connector.textsTo(CHAT).at(-1) ?? '';

  /** Asks for a person on Saturday night and gives an address with consent. */
  async function outOfHoursWithEmail(): Promise<void> {
    clock = sinon.useFakeTimers({ now: SATURDAY_NIGHT, toFake: ['Date'] });
    await say('I want to talk to a real person please');
    await say(ADDRESS);
    await say('yes');
  }

  it('opens a ticket at once, says when the team is back on the shop’s clock, offers email, and queues nobody', async () => {
    await start();
    clock = sinon.useFakeTimers({ now: SATURDAY_NIGHT, toFake: ['Date'] });
    await say('I want to talk to a real person please');

    expect(texts()).to.contain('back on Monday 26 October at 08:00 (Europe/London time)');
    expect(texts()).to.match(/opened ticket #\d+/);
    expect(lastText()).to.contain('type your email address');
    expect(texts(), 'no queue, no wait').to.not.match(/in the queue/);
    const handoff = await t.app.db('handoffs').first();
    expect(handoff.status).to.equal('timed_out');
    expect(Boolean(handoff.out_of_hours)).to.equal(true);
    expect(await t.app.db('timers').where({ kind: 'handoff-timeout' }), 'no agent timeout to wait for').to.deep.equal([]);
    const ticket = await t.app.db('tickets').first();
    expect(ticket.status).to.equal('open');
    const event = await t.app.db('ticket_events').where({ ticket_id: ticket.id, type: 'out_of_hours' }).first();
    expect(JSON.parse(event.data).back).to.equal(Date.parse('2026-10-26T08:00:00Z'));
    expect(
      t.connector.messagesTo(TEAM.id).some((c) => c.body.attachments?.length),
      'the ticket card waits in the agents’ channel',
    ).to.equal(true);
    const status = t.connector.calls.find((c) => c.conversationId === CHAT && c.body?.name === 'handoff.status');
    expect(status?.body.value.state).to.equal('failed');
  });

  it('counts out-of-hours requests in /admin/stats', async () => {
    await start();
    clock = sinon.useFakeTimers({ now: SATURDAY_NIGHT, toFake: ['Date'] });
    await say('I want to talk to a real person please');
    clock.setSystemTime(MONDAY_MORNING);
    await postActivity(
      t.url,
      messageActivity({ serviceUrl: t.connector.url, conversationId: 'another-chat', fromId: 'customer-2', text: 'Talk to a person' }),
    );
    const res = await fetch(`${t.url}/admin/stats?from=2026-10-01&to=2026-11-01`, {
      headers: { Authorization: `Bearer ${TEST_ADMIN_KEY}` },
    });
    expect(res.status).to.equal(200);
    const stats = await res.json();
    expect(stats.firstResponse).to.include({ handoffs: 2, outOfHours: 1 });
    const inHours = await t.app
      .db('handoffs')
      .where({ conversation_id: (await t.app.db('conversations').where({ channel_conversation_id: 'another-chat' }).first()).id })
      .first();
    expect(inHours.status, 'in hours the customer is queued as before').to.equal('waiting');
  });

  it('asks again for an address that is not valid and stores a valid one only after consent', async () => {
    await start();
    clock = sinon.useFakeTimers({ now: SATURDAY_NIGHT, toFake: ['Date'] });
    await say('I want to talk to a real person please');
    const customerId = (await t.app.db('tickets').first()).customer_id;
    const followUp = () => t.app.db('customer_emails').where({ customer_id: customerId }).first();

    for (const bad of ['casey@example', 'casey@@example.com', 'my mail is casey@']) {
      await say(bad);
      expect(lastText(), bad).to.contain("doesn't look like a complete email address");
      expect(await followUp()).to.include({ status: 'offered', email: null });
    }
    await say(`sure, it's ${ADDRESS.toUpperCase()}.`);
    expect(lastText()).to.contain(`May we keep ${ADDRESS}`);
    expect(await followUp(), 'not consented yet').to.include({ status: 'confirming', consented_at: null });
    await say('yes');
    expect(lastText()).to.contain(`we'll email you at ${ADDRESS}`);
    const stored = await followUp();
    expect(stored).to.include({ status: 'consented', email: ADDRESS });
    expect(Number(stored.consented_at)).to.equal(SATURDAY_NIGHT);
  });

  it('keeps no address when the customer says no to consent or turns the offer down', async () => {
    await start();
    clock = sinon.useFakeTimers({ now: SATURDAY_NIGHT, toFake: ['Date'] });
    await say('I want to talk to a real person please');
    await say(ADDRESS);
    await say('no');
    expect(lastText()).to.contain("I won't keep your address");
    expect(await t.app.db('customer_emails').first()).to.include({ status: 'declined', email: null });
    await say('I want to talk to a real person please');
    await say('No thanks');
    expect(lastText()).to.contain('No problem');
    expect(await t.app.db('customer_emails').first()).to.include({ status: 'declined', email: null });
  });

  it('emails an agent’s reply to an absent customer exactly once, and not while they are in the chat', async () => {
    sink = await startSmtpSink();
    await start({ SMTP_URL: sink.url, MAIL_FROM: 'Pebble & Pine <help@pebble-and-pine.example>' });
    await outOfHoursWithEmail();
    clock.setSystemTime(MONDAY_MORNING);
    const handoff = await t.app.db('handoffs').first();
    await postActivity(t.url, acceptInvoke(t.connector.url, agent(2), handoff.card_activity_id, { sb: 'accept', handoffId: handoff.id }));
    expect((await t.app.db('handoffs').first()).status).to.equal('assigned');

    clock.setSystemTime(MONDAY_MORNING + 60_000);
    await say('Is anyone there?');
    await postActivity(t.url, threadReply(t.connector.url, agent(2), handoff.card_activity_id, 'Yes, I am looking at your order now.'));
    const thread = `${TEAM.id};messageid=${handoff.card_activity_id}`;
    expect(texts()).to.contain('Yes, I am looking at your order now.');
    expect(await t.app.db('email_outbox'), 'the customer is present: no email').to.deep.equal([]);

    clock.setSystemTime(MONDAY_MORNING + 20 * 60_000);
    await postActivity(t.url, threadReply(t.connector.url, agent(2), handoff.card_activity_id, 'Your replacement lamp ships today.'));
    expect(texts(), 'the reply also waits in the chat').to.contain('Your replacement lamp ships today.');
    expect(t.connector.textsTo(thread).join('\n')).to.contain('queued to be emailed');
    await eventually(() => sink!.mails.length > 0, 'the mail reached the SMTP sink');
    await eventually(async () => (await t.app.db('email_outbox').first()).status === 'sent', 'the mail was marked sent');
    expect(sink.mails).to.have.length(1);
    expect(sink.mails[0].to).to.deep.equal([ADDRESS]);
    expect(sink.mails[0].raw)
      .to.contain('Your replacement lamp ships today.')
      .and.match(/ticket #\d+/);
    await new Promise((r) => setTimeout(r, 200));
    expect(sink.mails, 'sent once').to.have.length(1);
  });

  it('keeps the mail in the outbox and tells the agent it was not sent when SMTP_URL is unset', async () => {
    await start();
    await outOfHoursWithEmail();
    clock.setSystemTime(MONDAY_MORNING);
    const handoff = await t.app.db('handoffs').first();
    await postActivity(t.url, acceptInvoke(t.connector.url, agent(2), handoff.card_activity_id, { sb: 'accept', handoffId: handoff.id }));
    await postActivity(t.url, threadReply(t.connector.url, agent(2), handoff.card_activity_id, 'Your replacement lamp ships today.'));
    const thread = `${TEAM.id};messageid=${handoff.card_activity_id}`;
    expect(t.connector.textsTo(thread).join('\n')).to.contain('NOT emailed: email sending is not set up (SMTP_URL)');
    const mail = await t.app.db('email_outbox').first();
    expect(mail).to.include({ status: 'pending', to_address: ADDRESS, attempts: 0 });
    expect(mail.body).to.contain('Your replacement lamp ships today.');
  });

  it('tells an agent in the agent tab that the reply to an absent customer was not emailed', async () => {
    await start();
    await outOfHoursWithEmail();
    clock.setSystemTime(MONDAY_MORNING);
    const robin = await issueAgent(t.url, 'Robin');
    const handoff = await t.app.db('handoffs').first();
    const call = (path: string, body?: unknown) =>
      fetch(`${t.url}/agent/api/handoffs/${handoff.id}/${path}`, {
        method: 'POST',
        headers: robin.headers,
        body: JSON.stringify(body ?? {}),
      });
    expect((await call('accept')).status).to.equal(200);
    const res = await call('messages', { text: 'Your replacement lamp ships today.' });
    expect(res.status).to.equal(201);
    const body = await res.json();
    expect(body.email).to.include({ email: 'not_sent' });
    expect(body.email.message).to.contain('NOT emailed');
    expect(await t.app.db('email_outbox').where({ id: body.email.id }).first()).to.include({ status: 'pending', to_address: ADDRESS });
  });
});

describeEachEngine('no agent free in business hours', (engine) => {
  let t: TestApp;
  afterEach(async () => {
    sinon.restore();
    await t?.dispose();
  });

  it('offers to take an email address when the handoff times out', async () => {
    t = await startTestApp({ database: await engine.create(), env: { AGENT_TIMEOUT_S: '60' } });
    await postActivity(
      t.url,
      messageActivity({ serviceUrl: t.connector.url, conversationId: CHAT, text: 'I want to talk to a real person please' }),
    );
    expect(t.connector.textsTo(CHAT).join('\n')).to.contain('in the queue');
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
    clock.tick(61_000);
    await t.app.scheduler.tick();
    clock.restore();
    const texts = t.connector.textsTo(CHAT);
    expect(texts.join('\n')).to.contain('no agent is free right now');
    expect(texts.at(-1)).to.contain('type your email address');
    expect(await t.app.db('customer_emails').first()).to.include({ status: 'offered' });
  });
});
