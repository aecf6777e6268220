import type { Knex } from 'knex';
import { z } from 'zod';

/** Where an order is. */
export const ORDER_STATUSES = ['processing', 'shipped', 'out_for_delivery', 'delivered', 'cancelled'] as const;
/** One of {@link ORDER_STATUSES}. */
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** `orders.items`: what was ordered. */
export const orderItemsSchema = z
  .array(z.object({ name: z.string().min(1).max(200), quantity: z.number().int().min(1).max(999) }))
  .max(100);

/** A row of `orders` (the demo shop's order system). */
export interface DbOrderRow {
  order_number: string;
  email: string;
  shop_user_id: string | null;
  customer_name: string | null;
  status: OrderStatus;
  /** JSON, see {@link orderItemsSchema}. */
  items: string;
  carrier: string | null;
  expected_delivery: string | null;
  shipping_address: string | null;
  phone: string | null;
  payment_summary: string | null;
  placed_at: number;
  updated_at: number;
}

/**
 * An order as the bot may use it: what it shows (status, items, carrier, expected date) and
 * who owns it (to check the customer asking is the owner). Address, phone and payment details
 * are not part of it, so no reply can show them.
 */
export interface OrderRecord {
  orderNumber: string;
  status: OrderStatus;
  items: Array<{ name: string; quantity: number }>;
  carrier: string | null;
  /** ISO date, YYYY-MM-DD. */
  expectedDelivery: string | null;
  owner: { email: string; shopUserId: string | null };
}

/** The order with that (canonical) number, reading only the columns of {@link OrderRecord}. */
export async function findOrder(db: Knex, orderNumber: string): Promise<OrderRecord | undefined> {
  const row = await db<DbOrderRow>('orders')
    .where({ order_number: orderNumber })
    .first('order_number', 'status', 'items', 'carrier', 'expected_delivery', 'email', 'shop_user_id');
  if (!row) return undefined;
  return {
    orderNumber: row.order_number,
    status: row.status,
    items: orderItemsSchema.parse(JSON.parse(row.items)),
    carrier: row.carrier,
    expectedDelivery: row.expected_delivery,
    owner: { email: row.email, shopUserId: row.shop_user_id },
  };
}

/** The demo `OrderLookup` (dialogs/ports.ts) over the `orders` table of `db`. */
export function demoOrderLookup(db: Knex): { find(orderNumber: string): Promise<OrderRecord | undefined> } {
  return { find: (orderNumber) => findOrder(db, orderNumber) };
}

/** Writes orders, keeping any that already exist (by number); resolves with how many were new. */
export async function insertOrders(db: Knex, rows: DbOrderRow[]): Promise<number> {
  let inserted = 0;
  // knex writes multi-row SQLite inserts as a compound SELECT, limited to 500 terms.
  for (let i = 0; i < rows.length; i += 30) {
    const result = await db('orders')
      .insert(rows.slice(i, i + 30))
      .onConflict('order_number')
      .ignore()
      .returning('order_number');
    inserted += result.length;
  }
  return inserted;
}

/** True when the orders table has no row. */
export async function noOrders(db: Knex): Promise<boolean> {
  return (await db('orders').first('order_number')) === undefined;
}
