import type { Knex } from 'knex';
import type { Language } from '../common/languages';

/** A labelled message an admin confirmed (issue 15's `nlu_examples`, written by the review queue). */
export interface ConfirmedExample {
  id: number;
  text: string;
  intent: string;
}

/** The confirmed examples in `language`, oldest first: what a retrain of that language's model adds to its training file. */
export async function listConfirmedExamples(db: Knex, language: Language): Promise<ConfirmedExample[]> {
  const rows: Array<{ id: number | string; text: string; intent: string }> = await db('nlu_examples')
    .where({ status: 'confirmed', language })
    .orderBy('id')
    .select('id', 'text', 'intent');
  return rows.map((r) => ({ id: Number(r.id), text: r.text, intent: r.intent }));
}
