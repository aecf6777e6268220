import { InputError } from './errors';

/** Where a newest-first page ended: the time and id of its last row. */
export interface KeysetPosition {
  at: number;
  id: number;
}

/** The opaque cursor of a position: base64url JSON, so clients cannot rely on its shape. */
export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.id])).toString('base64url');
}

/** The position of a cursor made by {@link encodeCursor}; InputError naming `cursor` otherwise. */
export function decodeCursor(cursor: string): KeysetPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((n) => Number.isSafeInteger(n))) {
      return { at: value[0] as number, id: value[1] as number };
    }
  } catch {
    // not JSON: refused below like any other foreign cursor
  }
  throw new InputError('cursor: not a cursor from a previous page');
}
