import type { Knex } from 'knex';
import { byCodePoint } from './breakdowns';
import type { LanguageCount } from './stats-types';
import { inWindow, toCount, type StatsWindow } from './stats-window';

/** The language counted for conversations without one: they were written before languages existed, in English. */
const UNRECORDED_LANGUAGE = 'en';

/**
 * Conversations started in the window per language (the conversation's latest: a customer who
 * switched counts in the language they ended in), most frequent first.
 */
export async function conversationsByLanguage(db: Knex, window: StatsWindow): Promise<LanguageCount[]> {
  // A literal, not a binding: PostgreSQL matches the grouped expression to the selected one by text.
  const language = db.raw(`coalesce(language, '${UNRECORDED_LANGUAGE}')`);
  const rows = (await inWindow(db('conversations'), 'started_at', window)
    .select({ language }, db.raw('count(*) as n'))
    .groupBy(language)) as Array<{ language: string; n: unknown }>;
  return rows
    .map((r) => ({ language: r.language, conversations: toCount(r.n) }))
    .sort((a, b) => b.conversations - a.conversations || byCodePoint(a.language, b.language));
}
