import type { Knex } from 'knex';

// The learning loop (issue 15): retrained intent models live in the database so every
// instance can load the active one; one row of `nlu_active_model` points at it, and one row
// of `nlu_training_lease` lets a single retrain run at a time across instances.

/** Adds `nlu_models`, `nlu_active_model` and `nlu_training_lease`. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('nlu_models', (t) => {
    t.string('version', 64).primary();
    // The model JSON, gzipped (a 2–5 MB file shrinks ~4x): bytea on PostgreSQL, blob on SQLite.
    t.binary('model_gz').notNullable();
    t.double('accuracy').notNullable();
    // The active model's accuracy on the same evaluation set when this one was trained.
    t.double('active_accuracy').notNullable();
    // The version the gate compared it with; null for the shipped model.
    t.string('compared_with', 64);
    t.boolean('promoted').notNullable();
    t.integer('trained_on_examples').notNullable();
    t.text('figures').notNullable();
    t.bigInteger('created_at').notNullable();
  });
  await db.schema.createTable('nlu_active_model', (t) => {
    // Always 1: a single row, switched by one UPDATE; a null version means the shipped model.
    t.integer('id').primary();
    t.string('version', 64).references('nlu_models.version');
    t.bigInteger('activated_at');
  });
  await db('nlu_active_model').insert({ id: 1, version: null, activated_at: null });
  await db.schema.createTable('nlu_training_lease', (t) => {
    t.integer('id').primary();
    t.string('version', 64).notNullable();
    t.string('owner', 64).notNullable();
    t.bigInteger('lease_until').notNullable();
  });
}

/** Drops the three tables. */
export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('nlu_training_lease');
  await db.schema.dropTable('nlu_active_model');
  await db.schema.dropTable('nlu_models');
}
