import { expect } from 'chai';
import { EmailSender, smtpTransport } from '../../bot/handoff/email-sender';
import { createLogger } from '../../bot/logger';
import { migrateLatest, openDatabase, type Knex } from '../../store/db';
import { FIRST_RETRY_MS, MAX_EMAIL_ATTEMPTS, queueEmail, retryAt } from '../../store/email-outbox';
import { describeEachEngine, type TestDatabase, type TestEngine } from '../helpers/databases';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';

const logger = createLogger('silent');
const FROM = 'Pebble & Pine support <help@pebble-and-pine.example>';
const T0 = Date.UTC(2026, 10, 30, 9);

describe('retryAt', () => {
  it('waits 30 s after the first refusal, twice as long after each further one, never more than an hour', () => {
    expect([1, 2, 3, 4].map((n) => retryAt(n, 0))).to.deep.equal([
      FIRST_RETRY_MS,
      2 * FIRST_RETRY_MS,
      4 * FIRST_RETRY_MS,
      8 * FIRST_RETRY_MS,
    ]);
    expect(retryAt(30, 0)).to.equal(3_600_000);
  });
});

describeEachEngine('the email outbox with a real SMTP server', (engine: TestEngine) => {
  let database: TestDatabase;
  let db: Knex;
  /** A second instance's connection pool on the same database. */
  let other: Knex;
  let sink: SmtpSink;
  before(async () => {
    database = await engine.create();
    db = openDatabase(database.url);
    await migrateLatest(db);
    other = openDatabase(database.url);
  });
  after(async () => {
    await other?.destroy();
    await db?.destroy();
    await database?.dispose();
  });
  beforeEach(async () => {
    sink = await startSmtpSink();
    await db('email_outbox').delete();
  });
  afterEach(async () => {
    await sink.stop();
  });

  const sender = (on: Knex = db) => new EmailSender(on, smtpTransport(sink.url), FROM, logger);
  const queue = (to = 'casey@example.com', body = 'Your replacement lamp ships today.') =>
    queueEmail(db, { customerId: 'webchat:casey', ticketId: 7, to, subject: 'A reply about your ticket #7', body, now: T0 });

  it('sends a queued mail once, from MAIL_FROM to the customer, and marks it sent', async () => {
    const id = await queue();
    expect(await sender().sendDue(T0)).to.equal(1);
    expect(sink.mails).to.have.length(1);
    expect(sink.mails[0].to).to.deep.equal(['casey@example.com']);
    expect(sink.mails[0].from).to.equal('help@pebble-and-pine.example');
    expect(sink.mails[0].raw).to.contain('Your replacement lamp ships today.').and.contain(`Message-ID: <outbox-${id}@support-bot>`);
    const row = await db('email_outbox').where({ id }).first();
    expect(row).to.include({ status: 'sent', attempts: 0 });
    expect(Number(row.sent_at)).to.equal(T0);
    expect(await sender().sendDue(T0 + 3_600_000), 'a later run sends nothing again').to.equal(0);
    expect(sink.mails).to.have.length(1);
  });

  it('retries a mail the server refused once, with backoff, and then sends it exactly once', async () => {
    const id = await queue();
    sink.refuse(1);
    const s = sender();
    expect(await s.sendDue(T0)).to.equal(0);
    expect(sink.refused).to.equal(1);
    const refused = await db('email_outbox').where({ id }).first();
    expect(refused).to.include({ status: 'pending', attempts: 1 });
    expect(Number(refused.next_attempt_at)).to.equal(T0 + FIRST_RETRY_MS);
    expect(refused.last_error).to.match(/451/);
    expect(await s.sendDue(T0 + FIRST_RETRY_MS - 1), 'not before the backoff').to.equal(0);
    expect(sink.mails).to.have.length(0);
    expect(await s.sendDue(T0 + FIRST_RETRY_MS)).to.equal(1);
    expect(await s.sendDue(T0 + 10 * FIRST_RETRY_MS)).to.equal(0);
    expect(sink.mails).to.have.length(1);
    expect(await db('email_outbox').where({ id }).first()).to.include({ status: 'sent', attempts: 1 });
  });

  it(`gives a mail up as failed after ${MAX_EMAIL_ATTEMPTS} refusals`, async () => {
    const id = await queue();
    sink.refuse(MAX_EMAIL_ATTEMPTS);
    let now = T0;
    for (let i = 0; i < MAX_EMAIL_ATTEMPTS; i++) {
      await sender().sendDue(now);
      now += 3_600_000;
    }
    expect(await db('email_outbox').where({ id }).first()).to.include({ status: 'failed', attempts: MAX_EMAIL_ATTEMPTS });
    expect(await sender().sendDue(now + 3_600_000)).to.equal(0);
    expect(sink.mails).to.have.length(0);
  });

  it('never sends a mail twice when two instances claim the outbox at the same time', async () => {
    for (let i = 0; i < 12; i++) await queue(`customer${i}@example.com`, `Reply number ${i}`);
    const sent = await Promise.all([sender().sendDue(T0), sender(other).sendDue(T0), sender().sendDue(T0), sender(other).sendDue(T0)]);
    const again = await Promise.all([sender().sendDue(T0 + 1), sender(other).sendDue(T0 + 1)]);
    expect(sent.reduce((a, b) => a + b, 0) + again.reduce((a, b) => a + b, 0)).to.equal(12);
    const recipients = sink.mails.flatMap((m) => m.to).sort();
    expect(recipients).to.have.length(12);
    expect(new Set(recipients).size, 'each mail once').to.equal(12);
    expect(await db('email_outbox').whereNot({ status: 'sent' })).to.deep.equal([]);
  });

  it('passes a mail whose sender died mid-send to the next claimer once the lease expired', async () => {
    const id = await queue();
    await db('email_outbox')
      .where({ id })
      .update({ lease_owner: 'a-dead-instance', lease_until: T0 + 1000 });
    expect(await sender().sendDue(T0), 'still leased').to.equal(0);
    expect(await sender().sendDue(T0 + 1001)).to.equal(1);
    expect(sink.mails).to.have.length(1);
  });
});
