/** Ids per `IN (…)` list: far below SQLite's and PostgreSQL's bound-parameter limits. */
const ID_CHUNK = 500;

/** `items` in slices short enough for one `whereIn` each. */
export function idChunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += ID_CHUNK) out.push(items.slice(i, i + ID_CHUNK));
  return out;
}
