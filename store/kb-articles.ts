import type { Knex } from 'knex';
import { NotFoundError } from './errors';

/** The language of the articles in `kb/articles/` and of rows from before languages. */
const ENGLISH = 'en';

/** An article as stored (the knowledge base's source of truth at run time). */
export interface StoredArticle {
  id: string;
  /** A translation keeps the English article's id. */
  language: string;
  title: string;
  intents: string[];
  tags: string[];
  summary: string;
  body: string;
  updated: string;
}

interface DbKbArticleRow {
  id: string;
  language: string;
  title: string;
  intents: string;
  tags: string;
  summary: string;
  body: string;
  updated: string;
  file_hash: string | null;
  edited_by_admin: boolean | number;
  created_at: number;
  updated_at: number;
}

/** What happened to each file during {@link seedArticles}. */
export interface SeedReport {
  inserted: string[];
  updated: string[];
  /** Files that changed although an admin edited the row: the row was kept. */
  conflicts: string[];
}

/**
 * Seeds one language's articles from files: inserts new ones, updates rows whose file changed,
 * and keeps a row an admin edited (reporting the conflict instead of silently overwriting it).
 */
export async function seedArticles(
  db: Knex,
  language: string,
  files: Array<{ article: Omit<StoredArticle, 'language'>; hash: string }>,
  now: number,
): Promise<SeedReport> {
  const report: SeedReport = { inserted: [], updated: [], conflicts: [] };
  const stored = await db<DbKbArticleRow>('kb_articles').where({ language }).select('id', 'file_hash', 'edited_by_admin');
  const existing = new Map(stored.map((r) => [r.id, r]));
  for (const file of files) {
    const article = { ...file.article, language };
    const { hash } = file;
    const row = existing.get(article.id);
    if (!row) {
      // Instances starting together on a fresh database seed the same files: the first insert wins.
      const inserted = await db('kb_articles')
        .insert({ ...toRow(article), file_hash: hash, edited_by_admin: false, created_at: now, updated_at: now })
        .onConflict(['id', 'language'])
        .ignore()
        .returning('id');
      if (inserted.length > 0) report.inserted.push(article.id);
    } else if (row.file_hash !== hash) {
      if (row.edited_by_admin) {
        report.conflicts.push(article.id);
        continue;
      }
      await db('kb_articles')
        .where({ id: article.id, language })
        .update({ ...toRow(article), file_hash: hash, updated_at: now });
      report.updated.push(article.id);
    }
  }
  return report;
}

/**
 * A cheap fingerprint of the stored articles (count and latest change): it differs after any
 * insert or edit, so an instance can tell that another one changed the knowledge base.
 */
export async function articlesVersion(db: Knex): Promise<string> {
  const row = (await db('kb_articles').count({ n: '*' }).max({ latest: 'updated_at' }).first()) as
    { n: number | string; latest: number | string | null } | undefined;
  return `${Number(row?.n ?? 0)}:${row?.latest ?? ''}`;
}

/** Every stored article, of every language. */
export async function listArticles(db: Knex): Promise<StoredArticle[]> {
  return (await db<DbKbArticleRow>('kb_articles').orderBy(['language', 'id'])).map(fromRow);
}

/**
 * One language's articles with their yes/no counts and helpful rate (null when never rated).
 * Votes count for the article id, whichever language the customer read it in.
 */
export async function listArticlesWithFeedback(
  db: Knex,
  language: string = ENGLISH,
): Promise<Array<StoredArticle & { editedByAdmin: boolean; yes: number; no: number; helpfulRate: number | null }>> {
  const rows = await db('kb_articles as a')
    .leftJoin('kb_feedback as f', 'f.article_id', 'a.id')
    .where('a.language', language)
    .groupBy('a.id', 'a.language')
    .select('a.*')
    .select(
      db.raw('sum(case when f.helpful then 1 else 0 end) as yes'),
      db.raw('sum(case when f.helpful then 0 when f.id is null then 0 else 1 end) as no'),
    )
    .orderBy('a.id');
  return rows.map((r: DbKbArticleRow & { yes: number | null; no: number | null }) => {
    const yes = Number(r.yes ?? 0);
    const no = Number(r.no ?? 0);
    return { ...fromRow(r), editedByAdmin: Boolean(r.edited_by_admin), yes, no, helpfulRate: yes + no === 0 ? null : yes / (yes + no) };
  });
}

/** Applies an admin edit to one language's article; the row is then protected from file re-seeding. */
export async function editArticle(
  db: Knex,
  id: string,
  change: Partial<Omit<StoredArticle, 'id' | 'language'>>,
  now: number,
  language: string = ENGLISH,
): Promise<StoredArticle> {
  const fields: Record<string, unknown> = { edited_by_admin: true, updated_at: now };
  if (change.title !== undefined) fields.title = change.title;
  if (change.summary !== undefined) fields.summary = change.summary;
  if (change.body !== undefined) fields.body = change.body;
  if (change.intents !== undefined) fields.intents = JSON.stringify(change.intents);
  if (change.tags !== undefined) fields.tags = JSON.stringify(change.tags);
  fields.updated = new Date(now).toISOString().slice(0, 10);
  const updated = await db('kb_articles').where({ id, language }).update(fields);
  if (updated === 0) throw new NotFoundError(`Article ${id} not found in language ${language}`);
  return fromRow((await db<DbKbArticleRow>('kb_articles').where({ id, language }).first()) as DbKbArticleRow);
}

function toRow(a: StoredArticle) {
  return {
    id: a.id,
    language: a.language,
    title: a.title,
    intents: JSON.stringify(a.intents),
    tags: JSON.stringify(a.tags),
    summary: a.summary,
    body: a.body,
    updated: a.updated,
  };
}

function fromRow(r: DbKbArticleRow): StoredArticle {
  return {
    id: r.id,
    language: r.language,
    title: r.title,
    intents: JSON.parse(r.intents),
    tags: JSON.parse(r.tags),
    summary: r.summary,
    body: r.body,
    updated: r.updated,
  };
}
