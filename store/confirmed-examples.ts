import type { Knex } from 'knex';

/** A labelled message an admin confirmed (issue 15's `nlu_examples`, written by the review queue). */
export interface ConfirmedExample {
  id: number;
  text: string;
  intent: string;
}

/** The confirmed examples, oldest first: what a retrain adds to the training file. */
export async function listConfirmedExamples(db: Knex): Promise<ConfirmedExample[]> {
  const rows: Array<{ id: number | string; text: string; intent: string }> = await db('nlu_examples')
    .where({ status: 'confirmed' })
    .orderBy('id')
    .select('id', 'text', 'intent');
  return rows.map((r) => ({ id: Number(r.id), text: r.text, intent: r.intent }));
}
