import type { Knex } from 'knex';

/** A labelled message an admin confirmed (issue 15's `nlu_examples`, written by the review queue). */
export interface ConfirmedExample {
  text: string;
  intent: string;
}

/** The confirmed examples, oldest first: what a retrain adds to the training file. */
export async function listConfirmedExamples(db: Knex): Promise<ConfirmedExample[]> {
  return db('nlu_examples').where({ status: 'confirmed' }).orderBy('id').select<ConfirmedExample[]>('text', 'intent');
}
