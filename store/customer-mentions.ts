import type { Knex } from 'knex';

/** The identifiers of one customer that other tables hold as text. */
export interface CustomerIdentity {
  id: string;
  channel_user_id: string;
}

// A channel user id shorter than this is not searched for inside free text (audit paths and
// queries, state keys): "42" would match unrelated rows. Channels' ids are far longer.
const MIN_SEARCHABLE_USER_ID = 6;

/**
 * The forms in which a customer's ids appear inside stored text: as they are, percent-encoded
 * (request paths in the audit log) and JSON-escaped (queries in the audit detail).
 */
export function mentionsOf(customer: CustomerIdentity): string[] {
  const ids = [customer.id];
  if (customer.channel_user_id.length >= MIN_SEARCHABLE_USER_ID) ids.push(customer.channel_user_id);
  const forms = ids.flatMap((id) => [id, encodeURIComponent(id), encodeURI(id), JSON.stringify(id).slice(1, -1)]);
  return [...new Set(forms)];
}

/** Restricts `query` to rows where any of `columns` contains any of `mentions` (LIKE, escaped). */
export function whereMentions(query: Knex.QueryBuilder, columns: string[], mentions: string[]): Knex.QueryBuilder {
  return query.where((w) => {
    for (const column of columns) {
      for (const mention of mentions) w.orWhereRaw(`?? like ? escape '\\'`, [column, `%${escapeLike(mention)}%`]);
    }
  });
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
