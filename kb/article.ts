import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { z } from 'zod';
import { KbFileError } from './kb-file-error';

const articleIdPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;

/** YAML turns an unquoted `2026-11-02` into a Date: accept both and keep `YYYY-MM-DD`. */
const updatedSchema = z
  .union([z.string().regex(isoDatePattern, 'must be a date written YYYY-MM-DD'), z.date()])
  .transform((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value))
  .refine(isCalendarDate, { message: 'is not a real calendar date' });

/** The front matter every `kb/articles/<id>.md` file must carry (no other fields). */
export const articleFrontMatterSchema = z.strictObject({
  id: z.string().regex(articleIdPattern, 'must be kebab-case (a-z, 0-9 and single dashes)'),
  title: z.string().trim().min(1, 'must not be empty'),
  intents: z.array(z.string().trim().min(1)).min(1, 'must list at least one intent'),
  tags: z.array(z.string().trim().min(1)),
  updated: updatedSchema,
  summary: z.string().trim().min(1, 'must not be empty'),
});

/** Validated front matter of an article. */
export type ArticleFrontMatter = z.infer<typeof articleFrontMatterSchema>;

/**
 * One knowledge-base article: its front matter (id = file name without `.md`, the intents it
 * answers, `updated` as `YYYY-MM-DD`, a summary that answers on its own) plus the markdown body.
 */
export type KbArticle = ArticleFrontMatter & {
  /** Markdown after the front matter, trimmed. */
  body: string;
};

/** An article read from disk, with what the seeder needs to detect changed files. */
export interface KbArticleFile {
  /** File name inside the articles folder, e.g. `cancel-an-order.md`. */
  fileName: string;
  /** sha256 (hex) of the file's bytes, see {@link articleContentHash}. */
  contentHash: string;
  article: KbArticle;
}

/**
 * sha256 of an article file's content, as lowercase hex. Two files hash alike exactly when
 * their bytes are equal, so a stored hash tells whether the file changed since it was seeded.
 */
export function articleContentHash(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * Parses one article file.
 * @param fileName - the file's name (`<id>.md`); its base name must equal the front-matter id
 * @param text - the whole file content
 * @throws KbFileError naming the file when the YAML is broken, a field is missing or has the
 *   wrong type, an unknown field is present, or the id differs from the file name
 */
export function parseArticle(fileName: string, text: string): KbArticle {
  const data = readFrontMatter(fileName, text);
  const result = articleFrontMatterSchema.safeParse(data.frontMatter);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => describeIssue(issue, data.frontMatter));
    throw new KbFileError(fileName, `invalid front matter: ${problems.join('; ')}`);
  }
  const expectedId = path.basename(fileName).replace(/\.md$/i, '');
  if (result.data.id !== expectedId) {
    const reason = `front-matter id "${result.data.id}" does not match the file name (expected "${expectedId}")`;
    throw new KbFileError(fileName, reason);
  }
  return { ...result.data, body: data.body.trim() };
}

/**
 * Reads every `*.md` file of a folder (sorted by name) with its content hash.
 * @throws KbFileError for the first unreadable or invalid file
 */
export function readArticleFiles(dir: string): KbArticleFile[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((name) => name.toLowerCase().endsWith('.md'))
      .sort();
  } catch (error) {
    throw new KbFileError(dir, `cannot read the articles folder (${errorMessage(error)})`);
  }
  return names.map((fileName) => {
    const filePath = path.join(dir, fileName);
    let content: Buffer;
    try {
      content = readFileSync(filePath);
    } catch (error) {
      throw new KbFileError(filePath, `cannot read the file (${errorMessage(error)})`);
    }
    const article = parseArticle(filePath, content.toString('utf8'));
    return { fileName, contentHash: articleContentHash(content), article };
  });
}

/**
 * Loads and validates every article of a folder, sorted by file name.
 * @throws KbFileError naming the first broken file
 */
export function loadArticleFiles(dir: string): KbArticle[] {
  return readArticleFiles(dir).map((file) => file.article);
}

function isCalendarDate(value: string): boolean {
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
}

function readFrontMatter(fileName: string, text: string): { frontMatter: unknown; body: string } {
  if (!/^\uFEFF?---\r?\n/.test(text)) {
    throw new KbFileError(fileName, 'no front matter: the file must start with a "---" line');
  }
  try {
    // Passing options turns off gray-matter's global cache, which would share parsed objects.
    const parsed = matter(text.replace(/^\uFEFF/, ''), {});
    return { frontMatter: parsed.data, body: parsed.content };
  } catch (error) {
    throw new KbFileError(fileName, `bad YAML front matter (${errorMessage(error).split('\n')[0]})`);
  }
}

function describeIssue(issue: z.core.$ZodIssue, frontMatter: unknown): string {
  const field = issue.path.map(String).join('.') || '(front matter)';
  if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_type' && issue.path.length === 1 && !hasKey(frontMatter, String(issue.path[0]))) {
    return `missing field "${field}"`;
  }
  if (issue.code === 'invalid_type') return `field "${field}" must be ${issue.expected}`;
  return `field "${field}" ${issue.message}`;
}

function hasKey(value: unknown, key: string): boolean {
  return typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, key);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
