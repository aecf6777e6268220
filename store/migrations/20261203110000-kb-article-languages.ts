import type { Knex } from 'knex';

// KB articles per language (issue 19): a translation keeps the English article's id, so
// feedback and stats line up, and is edited by admins on its own. The primary key becomes
// (id, language); both engines get there by rebuilding the table (SQLite cannot change a
// primary key in place). Existing rows are the English articles.

const COLUMNS = 'id, title, intents, tags, summary, body, updated, file_hash, edited_by_admin, created_at, updated_at';

function createArticles(db: Knex, name: string, withLanguage: boolean): Knex.SchemaBuilder {
  return db.schema.createTable(name, (t) => {
    t.string('id', 128).notNullable();
    if (withLanguage) t.string('language', 8).notNullable().defaultTo('en');
    t.string('title', 255).notNullable();
    t.text('intents').notNullable();
    t.text('tags').notNullable();
    t.text('summary').notNullable();
    t.text('body').notNullable();
    t.string('updated', 32).notNullable();
    t.string('file_hash', 64);
    t.boolean('edited_by_admin').notNullable().defaultTo(false);
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    if (withLanguage) t.primary(['id', 'language'], 'kb_articles_id_language_pkey');
    else t.primary(['id'], 'kb_articles_pkey');
  });
}

/** Rebuilds `kb_articles` with a `language` column in its primary key. */
export async function up(db: Knex): Promise<void> {
  await createArticles(db, 'kb_articles_by_language', true);
  await db.raw(`insert into kb_articles_by_language (${COLUMNS}, language) select ${COLUMNS}, 'en' from kb_articles`);
  await db.schema.dropTable('kb_articles');
  await db.schema.renameTable('kb_articles_by_language', 'kb_articles');
}

/** Back to English articles only (translations are dropped). */
export async function down(db: Knex): Promise<void> {
  await createArticles(db, 'kb_articles_english', false);
  await db.raw(`insert into kb_articles_english (${COLUMNS}) select ${COLUMNS} from kb_articles where language = 'en'`);
  await db.schema.dropTable('kb_articles');
  await db.schema.renameTable('kb_articles_english', 'kb_articles');
}
