import { existsSync } from 'node:fs';
import type { Knex } from 'knex';
import { REFERENCE_LANGUAGE, SHIPPED_LANGUAGES, type Language } from '../common/languages';
import { readArticleFiles } from '../kb/article';
import { KbIndex, type KbSearchOptions } from '../kb/kb-index';
import { chineseAnalysis, englishAnalysis, germanAnalysis, type TextAnalysis } from '../kb/language-analysis';
import type { Article, ArticleHit, ArticleSearch } from '../dialogs/ports';
import { articlesVersion, listArticles, seedArticles, type StoredArticle } from '../store/kb-articles';
import type { Logger } from './logger';
import { articlesDirOf } from './paths';
import { storedLanguage } from './turn/message-language';

/** Each shipped language's analysis of article and query text. */
const ANALYSIS: Readonly<Record<Language, TextAnalysis>> = { en: englishAnalysis, de: germanAnalysis, zh: chineseAnalysis };

/** Options of {@link KnowledgeBase.search}: the index's, plus the language of the question. */
export type KnowledgeSearchOptions = KbSearchOptions & { language?: Language };

/** One language's index and articles. */
interface LanguageShelf {
  index: KbIndex;
  byId: Map<string, StoredArticle>;
}

/**
 * The knowledge base at run time: articles live in the database (seeded from `kb/articles` and
 * `kb/articles/<lang>/`), and one retrieval index per language over them is rebuilt on start
 * and on reindex, without a restart. A question is searched in its language; an article not
 * written in that language yet is answered in English, marked as a fallback.
 */
export class KnowledgeBase implements ArticleSearch {
  private shelves = new Map<Language, LanguageShelf>();
  private version?: string;

  constructor(
    private readonly db: Knex,
    private readonly logger: Logger,
  ) {}

  /**
   * Seeds the database from every shipped language's article files (a broken file throws,
   * naming it; a language without a folder has no articles yet) and builds the indexes. An
   * admin-edited article whose file also changed keeps the edit; the conflict is logged.
   * Resolves with the number of articles indexed (all languages).
   */
  async seedAndIndex(dirOf: (language: Language) => string = articlesDirOf): Promise<number> {
    for (const language of SHIPPED_LANGUAGES) {
      const dir = dirOf(language);
      if (language !== REFERENCE_LANGUAGE && !existsSync(dir)) continue;
      const files = readArticleFiles(dir);
      const report = await seedArticles(
        this.db,
        language,
        files.map((f) => ({ article: f.article, hash: f.contentHash })),
        Date.now(),
      );
      for (const id of report.conflicts) {
        this.logger.warn({ article: id, language }, 'kb: the file changed but an admin edited this article; the edit was kept');
      }
      if (report.inserted.length || report.updated.length)
        this.logger.info({ language, inserted: report.inserted.length, updated: report.updated.length }, 'kb: articles seeded');
    }
    return this.reindex();
  }

  /** Rebuilds the indexes from the database. Returns the number of articles (all languages). */
  async reindex(): Promise<number> {
    // Read before the articles: a change in between only causes one more reindex later.
    this.version = await articlesVersion(this.db);
    const articles = await listArticles(this.db);
    const shelves = new Map<Language, LanguageShelf>();
    for (const language of SHIPPED_LANGUAGES) {
      const own = articles.filter((a) => storedLanguage(a.language) === language);
      shelves.set(language, { index: new KbIndex(own, { analysis: ANALYSIS[language] }), byId: new Map(own.map((a) => [a.id, a])) });
    }
    this.shelves = shelves;
    return articles.length;
  }

  /**
   * Rebuilds the indexes when the stored articles changed since the last build, e.g. an admin
   * edit received by another instance. Returns true when it rebuilt.
   */
  async refreshIfChanged(): Promise<boolean> {
    if ((await articlesVersion(this.db)) === this.version) return false;
    await this.reindex();
    return true;
  }

  /**
   * The best articles for a question in its language. When that language has no article for
   * the classified intent, or none matches at all, the English articles missing in it are
   * searched instead: those hits are `fallback: true`, `language: 'en'`.
   */
  search(query: string, options: KnowledgeSearchOptions): ArticleHit[] {
    const { language = REFERENCE_LANGUAGE, ...rest } = options;
    const own = this.shelf(language);
    const hits = own.index.search(query, rest).map((hit) => ({ ...hit, language, fallback: false }));
    if (language === REFERENCE_LANGUAGE) return hits;
    const missingIntent = Boolean(rest.intent) && !own.index.answers(rest.intent as string);
    if (hits.length > 0 && !missingIntent) return hits;
    // Only articles this language lacks: a translated one would have been found above.
    const exclude = [...(rest.exclude ?? []), ...own.byId.keys()];
    const english = this.shelf(REFERENCE_LANGUAGE).index.search(query, { ...rest, exclude });
    return english.length > 0 ? english.map((hit) => ({ ...hit, language: REFERENCE_LANGUAGE, fallback: true })) : hits;
  }

  /** An article in `language`, else in English (its `language` tells which); undefined when unknown. */
  get(id: string, language: Language = REFERENCE_LANGUAGE): Article | undefined {
    const article = this.shelf(language).byId.get(id) ?? this.shelf(REFERENCE_LANGUAGE).byId.get(id);
    return article && { ...article, language: storedLanguage(article.language) ?? REFERENCE_LANGUAGE };
  }

  private shelf(language: Language): LanguageShelf {
    return this.shelves.get(language) ?? { index: new KbIndex([]), byId: new Map() };
  }
}
