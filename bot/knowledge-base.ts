import type { Knex } from 'knex';
import { readArticleFiles } from '../kb/article';
import { KbIndex, type KbSearchOptions } from '../kb/kb-index';
import type { Article, ArticleHit, ArticleSearch } from '../dialogs/ports';
import { articlesVersion, listArticles, seedArticles, type StoredArticle } from '../store/kb-articles';
import type { Logger } from './logger';

/**
 * The knowledge base at run time: articles live in the database (seeded from `kb/articles`),
 * and a retrieval index over them is rebuilt on start and on reindex, without a restart.
 */
export class KnowledgeBase implements ArticleSearch {
  private index = new KbIndex([]);
  private byId = new Map<string, StoredArticle>();
  private version?: string;

  constructor(
    private readonly db: Knex,
    private readonly logger: Logger,
  ) {}

  /**
   * Seeds the database from the article files (a broken file throws, naming it) and builds
   * the index. An admin-edited article whose file also changed keeps the edit; the conflict is logged.
   */
  async seedAndIndex(articlesDir: string): Promise<void> {
    const files = readArticleFiles(articlesDir);
    const report = await seedArticles(
      this.db,
      files.map((f) => ({ article: f.article, hash: f.contentHash })),
      Date.now(),
    );
    for (const id of report.conflicts) {
      this.logger.warn({ article: id }, 'kb: the file changed but an admin edited this article; the edit was kept');
    }
    if (report.inserted.length || report.updated.length)
      this.logger.info({ inserted: report.inserted.length, updated: report.updated.length }, 'kb: articles seeded');
    await this.reindex();
  }

  /** Rebuilds the index from the database. Returns the number of articles. */
  async reindex(): Promise<number> {
    // Read before the articles: a change in between only causes one more reindex later.
    this.version = await articlesVersion(this.db);
    const articles = await listArticles(this.db);
    this.index = new KbIndex(articles);
    this.byId = new Map(articles.map((a) => [a.id, a]));
    return articles.length;
  }

  /**
   * Rebuilds the index when the stored articles changed since the last build, e.g. an admin
   * edit received by another instance. Returns true when it rebuilt.
   */
  async refreshIfChanged(): Promise<boolean> {
    if ((await articlesVersion(this.db)) === this.version) return false;
    await this.reindex();
    return true;
  }

  search(query: string, options: KbSearchOptions): ArticleHit[] {
    return this.index.search(query, options);
  }

  get(id: string): Article | undefined {
    return this.byId.get(id);
  }
}
