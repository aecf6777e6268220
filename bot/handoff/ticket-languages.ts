import type { Knex } from 'knex';
import { languageLabel } from '../../common/language-names';
import { conversationLanguages } from '../../store/conversations';

/** The customer's language as the agent tab shows it: the code (`de`; English when none was recorded) and its name. */
export interface TicketLanguage {
  language: string;
  languageLabel: string;
}

/** A stored language (null = English) as {@link TicketLanguage}. */
export function ticketLanguage(code: string | null): TicketLanguage {
  return { language: code ?? 'en', languageLabel: languageLabel(code) };
}

/** Each ticket with its conversation's language, in one query for the whole list. */
export async function withLanguages<T extends { conversation_id: string }>(
  db: Knex,
  tickets: readonly T[],
): Promise<Array<T & TicketLanguage>> {
  const languages = await conversationLanguages(
    db,
    tickets.map((t) => t.conversation_id),
  );
  return tickets.map((t) => ({ ...t, ...ticketLanguage(languages.get(t.conversation_id) ?? null) }));
}
