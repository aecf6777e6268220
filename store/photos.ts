import type { Knex } from 'knex';

/** The image types a customer may send. */
export const PHOTO_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;

/** One of {@link PHOTO_TYPES}. */
export type PhotoType = (typeof PHOTO_TYPES)[number];

/** A checked photo, ready to store: its type was read from the bytes. */
export interface Photo {
  contentType: PhotoType;
  bytes: Buffer;
}

/** A `message_photos` row without its bytes. */
export interface DbPhotoInfoRow {
  id: number;
  message_id: number;
  conversation_id: string;
  content_type: PhotoType;
  byte_length: number;
  created_at: number;
}

/** A `message_photos` row. */
export interface DbPhotoRow extends DbPhotoInfoRow {
  bytes: Buffer;
}

const INFO_COLUMNS = ['id', 'message_id', 'conversation_id', 'content_type', 'byte_length', 'created_at'] as const;

/**
 * Stores the photos of a customer message, once: a retried turn of the same message (its claim
 * taken over after a failure) finds them stored and adds none. Returns the photos' ids.
 */
export async function storePhotos(
  db: Knex,
  m: { messageId: number; conversationId: string; photos: Photo[]; now: number },
): Promise<number[]> {
  if (m.photos.length === 0) return [];
  return db.transaction(async (tx) => {
    const stored = await tx('message_photos').where({ message_id: m.messageId }).orderBy('id').select('id');
    if (stored.length > 0) return stored.map((r) => Number(r.id));
    const rows = m.photos.map((p) => ({
      message_id: m.messageId,
      conversation_id: m.conversationId,
      content_type: p.contentType,
      byte_length: p.bytes.length,
      bytes: p.bytes,
      created_at: m.now,
    }));
    const inserted = await tx('message_photos').insert(rows).returning('id');
    return inserted.map((r: unknown) => (typeof r === 'object' && r !== null ? Number((r as { id: unknown }).id) : Number(r)));
  });
}

/** The photos of some conversations, without their bytes, oldest first. */
export async function listPhotos(db: Knex, conversationIds: string[]): Promise<DbPhotoInfoRow[]> {
  const rows = await db('message_photos')
    .whereIn('conversation_id', conversationIds)
    .orderBy('id')
    .select(...INFO_COLUMNS);
  return rows.map(infoRow);
}

/** One photo with its bytes, or undefined. */
export async function getPhoto(db: Knex, id: number): Promise<DbPhotoRow | undefined> {
  const row = await db('message_photos').where({ id }).first();
  return row ? { ...infoRow(row), bytes: Buffer.from(row.bytes) } : undefined;
}

/** The photos of some conversations with their bytes (a customer's export). */
export async function photosWithBytes(db: Knex, conversationIds: string[]): Promise<DbPhotoRow[]> {
  const rows = await db('message_photos').whereIn('conversation_id', conversationIds).orderBy('id');
  return rows.map((row) => ({ ...infoRow(row), bytes: Buffer.from(row.bytes) }));
}

// PostgreSQL returns bigint columns as strings.
function infoRow(row: Record<string, unknown>): DbPhotoInfoRow {
  return {
    id: Number(row.id),
    message_id: Number(row.message_id),
    conversation_id: String(row.conversation_id),
    content_type: row.content_type as PhotoType,
    byte_length: Number(row.byte_length),
    created_at: Number(row.created_at),
  };
}
