import { z } from 'zod';

/** BCP 47 recommends supporting language tags of at least 35 characters. */
export const LOCALE_LENGTH = 35;

/**
 * The interface locale a channel sends with an activity (`de-DE`, `zh-Hans-CN`, `en`): a
 * language tag of letter and digit subtags. Some clients write `_` between them (`en_US`).
 */
export const localeSchema = z
  .string()
  .max(LOCALE_LENGTH)
  .regex(/^[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*$/, 'must be a language tag such as de-DE');
