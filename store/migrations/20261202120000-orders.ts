import type { Knex } from 'knex';

// Order status (issue 17): the demo shop's orders, which the demo `OrderLookup` reads
// (a shop plugs in its own system instead, docs/order-lookup.md), and the order a ticket is
// about, so the agent sees it on the ticket card.

/** Creates `orders` and adds `tickets.order_number`. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('orders', (t) => {
    // In the shop's canonical format (the first of ORDER_NUMBER_FORMATS).
    t.string('order_number', 40).primary();
    // The email the order was placed with: a guest proves ownership with it.
    t.string('email', 254).notNullable();
    // The shop's own customer id, as its page signs it for the widget (null for guest orders).
    t.string('shop_user_id', 128).index();
    t.string('customer_name', 100);
    // processing | shipped | out_for_delivery | delivered | cancelled
    t.string('status', 32).notNullable();
    // JSON: [{ name, quantity }]
    t.text('items').notNullable();
    t.string('carrier', 64);
    // ISO date (YYYY-MM-DD) the carrier expects to deliver.
    t.string('expected_delivery', 10);
    // Never shown by the bot: held so that tests can prove it is not.
    t.text('shipping_address');
    t.string('phone', 32);
    t.string('payment_summary', 64);
    t.bigInteger('placed_at').notNullable();
    t.bigInteger('updated_at').notNullable();
  });
  await db.schema.alterTable('tickets', (t) => {
    t.string('order_number', 40).index();
  });
}

/** Drops `orders` and `tickets.order_number`. */
export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('tickets', (t) => t.dropColumn('order_number'));
  await db.schema.dropTable('orders');
}
