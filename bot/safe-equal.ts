import { createHmac, timingSafeEqual } from 'node:crypto';

/** Compares two secrets in constant time (both are hashed first, so their lengths leak nothing). */
export function safeEqual(given: string, expected: string): boolean {
  const a = createHmac('sha256', 'cmp').update(given).digest();
  const b = createHmac('sha256', 'cmp').update(expected).digest();
  return timingSafeEqual(a, b);
}
