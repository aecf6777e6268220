import type { Knex } from 'knex';

/** What a stored reference belongs to. */
export type ReferenceKind = 'customer' | 'agent';

/** A save is skipped when the same reference was written by this process less than this long ago. */
const SKIP_UNCHANGED_MS = 60_000;
/** The most keys remembered per database; the memory is cleared when it is full. */
const MAX_REMEMBERED = 10_000;

interface SavedReference {
  json: string;
  kind: ReferenceKind;
  customerId: string | null;
  savedAt: number;
}

/**
 * Per database: the reference each key last got from this process, and how many saves of each
 * key are running. Only an optimisation: a missing entry means the reference is written again.
 */
const memory = new WeakMap<Knex, { saved: Map<string, SavedReference>; running: Map<string, number>; contended: Set<string> }>();

/**
 * Stores (or refreshes) a channel's conversation reference for proactive messages. A reference
 * this process wrote unchanged less than a minute ago is not written again (every turn of a
 * conversation carries the same one).
 */
export async function saveReference(
  db: Knex,
  key: string,
  kind: ReferenceKind,
  reference: object,
  customerId: string | null,
  now: number,
): Promise<void> {
  const json = JSON.stringify(reference);
  const mem = memoryOf(db);
  const last = mem.saved.get(key);
  if (last && last.json === json && last.kind === kind && last.customerId === customerId && now >= last.savedAt && now - last.savedAt < SKIP_UNCHANGED_MS) return;
  mem.saved.delete(key);
  const running = (mem.running.get(key) ?? 0) + 1;
  mem.running.set(key, running);
  if (running > 1) mem.contended.add(key);
  try {
    await db('conversation_references')
      .insert({ key, kind, customer_id: customerId, reference: json, updated_at: now })
      .onConflict('key')
      .merge(['reference', 'updated_at']);
  } finally {
    const left = (mem.running.get(key) ?? 1) - 1;
    if (left > 0) mem.running.set(key, left);
    else mem.running.delete(key);
  }
  // Overlapping saves of one key may land in either order: remember only an uncontended one.
  if (mem.contended.has(key)) {
    if (!mem.running.has(key)) mem.contended.delete(key);
    return;
  }
  if (mem.saved.size >= MAX_REMEMBERED) mem.saved.clear();
  mem.saved.set(key, { json, kind, customerId, savedAt: now });
}

/** A stored reference, or undefined. */
export async function loadReference<T>(db: Knex, key: string): Promise<T | undefined> {
  const row = await db('conversation_references').where({ key }).first('reference');
  return row ? (JSON.parse(row.reference) as T) : undefined;
}

function memoryOf(db: Knex): { saved: Map<string, SavedReference>; running: Map<string, number>; contended: Set<string> } {
  let mem = memory.get(db);
  if (!mem) {
    mem = { saved: new Map(), running: new Map(), contended: new Set() };
    memory.set(db, mem);
  }
  return mem;
}
