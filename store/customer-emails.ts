import type { Knex } from 'knex';

/**
 * Where a customer's email follow-up stands: `offered` (the bot asked for an address),
 * `confirming` (an address was given, consent asked), `consented` (stored to email replies),
 * `declined` (no address kept).
 */
export type EmailStatus = 'offered' | 'confirming' | 'consented' | 'declined';

/** One customer's email follow-up (`customer_emails`). */
export interface DbCustomerEmailRow {
  customer_id: string;
  status: EmailStatus;
  email: string | null;
  ticket_id: number | null;
  offered_at: number;
  consented_at: number | null;
  updated_at: number;
}

/** A change the customer made to their email follow-up in a turn. */
export type EmailChange =
  | { op: 'propose'; customerId: string; email: string; now: number }
  | { op: 'consent'; customerId: string; now: number }
  | { op: 'decline'; customerId: string; now: number };

/** The customer's email follow-up, if the bot ever offered one. */
export async function customerEmailOf(db: Knex, customerId: string): Promise<DbCustomerEmailRow | undefined> {
  return db<DbCustomerEmailRow>('customer_emails').where({ customer_id: customerId }).first();
}

/**
 * Records that the bot offered to reply by email about `ticketId`. An address the customer
 * already consented to stays (and is returned); any other state starts over as `offered`.
 */
export async function offerEmail(db: Knex, customerId: string, ticketId: number, now: number): Promise<DbCustomerEmailRow> {
  const current = await customerEmailOf(db, customerId);
  if (current?.status === 'consented') {
    await db('customer_emails').where({ customer_id: customerId }).update({ ticket_id: ticketId, updated_at: now });
    return { ...current, ticket_id: ticketId, updated_at: now };
  }
  const row: DbCustomerEmailRow = {
    customer_id: customerId,
    status: 'offered',
    email: null,
    ticket_id: ticketId,
    offered_at: now,
    consented_at: null,
    updated_at: now,
  };
  await db('customer_emails').insert(row).onConflict('customer_id').merge();
  return row;
}

/**
 * Applies the customer's answer. Each move starts from the state it answers (a proposal from
 * `offered` or `confirming`, consent only from `confirming`), so a retried turn changes nothing.
 */
export async function changeCustomerEmail(db: Knex, change: EmailChange): Promise<void> {
  const row = db('customer_emails').where({ customer_id: change.customerId });
  switch (change.op) {
    case 'propose':
      await row.whereIn('status', ['offered', 'confirming']).update({ status: 'confirming', email: change.email, updated_at: change.now });
      return;
    case 'consent':
      await row.where({ status: 'confirming' }).update({ status: 'consented', consented_at: change.now, updated_at: change.now });
      return;
    case 'decline':
      await row
        .whereIn('status', ['offered', 'confirming'])
        .update({ status: 'declined', email: null, consented_at: null, updated_at: change.now });
  }
}

/** The address the customer consented to be emailed at, if any. */
export async function consentedEmailOf(db: Knex, customerId: string): Promise<string | undefined> {
  const row = await db<DbCustomerEmailRow>('customer_emails').where({ customer_id: customerId, status: 'consented' }).first('email');
  return row?.email ?? undefined;
}
