import type { Knex } from 'knex';

// A trained model keeps the texts it was trained on, the confirmed examples of its retrain
// included. To let erasure and retention reach into models, each version records which
// examples it was trained on; removing an example removes every version trained on it.

/** Adds `nlu_model_examples` and the "a clean retrain is due" mark on `nlu_active_model`. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('nlu_model_examples', (t) => {
    t.string('version', 64).notNullable().references('nlu_models.version').onDelete('CASCADE');
    // No foreign key on purpose: the example's deletion is what finds the versions to remove.
    t.integer('example_id').notNullable();
    t.primary(['version', 'example_id']);
    t.index(['example_id']);
  });
  await db.schema.alterTable('nlu_active_model', (t) => {
    // When a retrain is due because a removal replaced the active version: every instance's
    // check trains a new model on the examples left (the replacement lacks the newer ones).
    t.bigInteger('retrain_due_at');
  });
  // Versions trained before this table existed were trained on every example confirmed by
  // then: link them to those, so that erasure and retention reach them too (too many links
  // only make a version go sooner).
  await db.raw(
    `insert into nlu_model_examples (version, example_id)
       select m.version, e.id from nlu_models m join nlu_examples e
         on e.status = 'confirmed' and e.confirmed_at <= m.created_at
       where m.trained_on_examples > 0`,
  );
}

/** Drops them. */
export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('nlu_active_model', (t) => {
    t.dropColumn('retrain_due_at');
  });
  await db.schema.dropTable('nlu_model_examples');
}
