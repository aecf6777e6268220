import type { Knex } from 'knex';

/** When the customer last wrote to the bot, in any of their conversations (undefined: never). */
export async function lastCustomerMessageAt(db: Knex, customerId: string): Promise<number | undefined> {
  const row = await db('messages as m')
    .join('conversations as c', 'c.id', 'm.conversation_id')
    .where({ 'c.customer_id': customerId, 'm.role': 'customer' })
    .max({ at: 'm.created_at' })
    .first();
  return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
}
