import type { Knex } from 'knex';

// The one turn pipeline (docs/architecture.md): a customer message row is the claim on its
// activity, held until `claim_until`; and card submits are told apart from typed text by a
// kind, with their payload in `value` instead of JSON inside `text`.

/** Adds `messages.kind`, `messages.value` and `messages.claim_until`; moves card payloads out of `text`. */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('messages', (t) => {
    // text: typed by a person; card_action: a card button (payload in value); card: a card the bot sent.
    t.string('kind', 16).notNullable().defaultTo('text');
    t.text('value');
    t.bigInteger('claim_until');
  });
  // Earlier rows kept a card submit's payload as JSON text and a sent card as "[content types]".
  await db('messages')
    .where({ direction: 'in' })
    .where('text', 'like', '{%')
    .update({ kind: 'card_action', value: db.ref('text'), text: null });
  await db('messages').where({ direction: 'out' }).where('text', 'like', '[application/%').update({ kind: 'card', text: null });
}

/** Puts card payloads back into `text` and drops the columns. */
export async function down(db: Knex): Promise<void> {
  await db('messages')
    .where({ kind: 'card_action' })
    .update({ text: db.ref('value') });
  await db.schema.alterTable('messages', (t) => {
    t.dropColumn('kind');
    t.dropColumn('value');
    t.dropColumn('claim_until');
  });
}
