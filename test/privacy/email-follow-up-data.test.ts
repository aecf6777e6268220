import { expect } from 'chai';
import { DAY_MS } from '../../common/time';
import { changeCustomerEmail, customerEmailOf, offerEmail } from '../../store/customer-emails';
import { eraseCustomer } from '../../store/customer-erasure';
import { exportCustomer } from '../../store/customer-export';
import { upsertCustomer } from '../../store/customers';
import type { Knex } from '../../store/db';
import { queueEmail } from '../../store/email-outbox';
import { purgeOldCustomerText } from '../../store/retention';
import { describeEachEngine, useMigratedDatabase } from '../helpers/databases';
import { columnsContaining } from '../helpers/text-columns';

const T0 = Date.UTC(2026, 9, 24, 20);

describeEachEngine('the email follow-up’s customer data', (engine) => {
  let db: Knex;
  useMigratedDatabase(engine, (opened) => {
    db = opened;
  });

  /** A customer who gave `address` with consent and got one email; returns their id. */
  async function customerWithEmail(userId: string, address: string, at: number): Promise<string> {
    const id = await upsertCustomer(db, { channelId: 'webchat', channelUserId: userId }, at);
    await offerEmail(db, id, 11, at);
    await changeCustomerEmail(db, { op: 'propose', customerId: id, email: address, now: at });
    await changeCustomerEmail(db, { op: 'consent', customerId: id, now: at });
    await queueEmail(db, {
      customerId: id,
      ticketId: 11,
      to: address,
      subject: 'A reply about your ticket #11',
      body: `Hello ${userId}`,
      now: at,
    });
    return id;
  }

  it('moves offered → confirming → consented only in order, and a decline forgets the address', async () => {
    const id = await upsertCustomer(db, { channelId: 'webchat', channelUserId: 'order-check' }, T0);
    await changeCustomerEmail(db, { op: 'consent', customerId: id, now: T0 });
    expect(await customerEmailOf(db, id), 'nothing without an offer').to.equal(undefined);
    await offerEmail(db, id, 3, T0);
    await changeCustomerEmail(db, { op: 'consent', customerId: id, now: T0 });
    expect(await customerEmailOf(db, id), 'no consent before an address').to.include({ status: 'offered', consented_at: null });
    await changeCustomerEmail(db, { op: 'propose', customerId: id, email: 'order.check@example.com', now: T0 });
    await changeCustomerEmail(db, { op: 'consent', customerId: id, now: T0 + 1 });
    await changeCustomerEmail(db, { op: 'consent', customerId: id, now: T0 + 2 });
    expect(await customerEmailOf(db, id)).to.include({ status: 'consented', email: 'order.check@example.com' });
    expect(Number((await customerEmailOf(db, id))?.consented_at), 'a repeated yes changes nothing').to.equal(T0 + 1);
    await offerEmail(db, id, 4, T0 + 3);
    expect(await customerEmailOf(db, id), 'a new offer keeps the consented address').to.include({ status: 'consented', ticket_id: 4 });
    await changeCustomerEmail(db, { op: 'decline', customerId: id, now: T0 + 4 });
    expect(await customerEmailOf(db, id), 'a consented address is not declined by a stray no').to.include({ status: 'consented' });
  });

  it('exports the address with its consent and the emails sent to it', async () => {
    const id = await customerWithEmail('exported', 'exported.person@example.com', T0);
    const exported = await exportCustomer(db, id);
    expect(exported.customerEmails).to.have.length(1);
    expect(exported.customerEmails[0]).to.include({ email: 'exported.person@example.com', status: 'consented' });
    expect(Number(exported.customerEmails[0].consented_at)).to.equal(T0);
    expect(exported.emailOutbox.map((m) => m.to_address)).to.deep.equal(['exported.person@example.com']);
  });

  it('erases the address and the emails, and leaves another customer’s alone', async () => {
    const erased = await customerWithEmail('erased', 'erased.person@example.com', T0);
    const kept = await customerWithEmail('kept', 'kept.person@example.com', T0);
    const report = await eraseCustomer(db, erased, T0 + 1);
    expect(report.emails).to.equal(2);
    expect(await columnsContaining(db, 'erased.person@example.com'), 'the address is nowhere').to.deep.equal({});
    expect(await columnsContaining(db, 'kept.person@example.com')).to.deep.equal({
      'customer_emails.email': 1,
      'email_outbox.to_address': 1,
    });
    expect((await exportCustomer(db, kept)).emailOutbox).to.have.length(1);
  });

  it('purges addresses and emails older than RETENTION_DAYS and keeps recent ones', async () => {
    await customerWithEmail('old', 'old.person@example.com', T0);
    await customerWithEmail('recent', 'recent.person@example.com', T0 + 20 * DAY_MS);
    const report = await purgeOldCustomerText(db, 30, T0 + 40 * DAY_MS);
    expect(report.emails).to.be.at.least(2);
    expect(await columnsContaining(db, 'old.person@example.com')).to.deep.equal({});
    expect(Object.keys(await columnsContaining(db, 'recent.person@example.com'))).to.have.members([
      'customer_emails.email',
      'email_outbox.to_address',
    ]);
  });
});
