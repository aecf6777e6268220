import type { KbArticle } from './article';
import { Bm25fIndex, type Bm25fParams, type FieldStems, type WeightedTerm } from './bm25f-index';
import { buildQueryTerms, defaultQueryTermWeights, plainQueryTerms, type QueryTermWeights, type ResolvedStem } from './query-terms';
import { ScoreBoard } from './score-board';
import { SnippetPicker } from './snippet-picker';
import type { SynonymMap } from './synonym-map';
import { englishAnalysis, type TextAnalysis } from './language-analysis';
import { bigrams, stripMarkdown } from './text-analysis';
import { TypoMatcher } from './typo-matcher';

/** One search result. */
export interface KbHit {
  id: string;
  title: string;
  /** Relevance in BM25 units (higher is better); only comparable within one query. */
  score: number;
  /** The summary, or the body sentence that best matches the query: only when the search asked for snippets. */
  snippet?: string;
}

/** Options of {@link KbIndex.search}. */
export interface KbSearchOptions {
  /** The classified intent; articles listing it are boosted. */
  intent?: string | null;
  /** Classifier confidence 0–1 for `intent` (default 1); the boost is proportional to it. */
  intentConfidence?: number;
  /** Maximum number of hits (default 3). */
  limit?: number;
  /** Article ids never to return (e.g. one the customer already said did not help). */
  exclude?: string[];
  /** Whether each hit gets its snippet (default no: the bot's answers show the article itself). */
  snippets?: boolean;
}

/** Options of {@link KbIndex.searchBaseline}: no intent there. */
export type BaselineSearchOptions = Pick<KbSearchOptions, 'limit' | 'exclude' | 'snippets'>;

/** Tuning of {@link KbIndex} beyond BM25F itself. */
export interface KbIndexOptions {
  /** Intent prior strength (default 0.8): a matching article gains `intentPrior × confidence × best text score`. */
  intentPrior?: number;
  termWeights?: QueryTermWeights;
  /** The articles' language's analysis (default English). */
  analysis?: TextAnalysis;
  /** Default: the analysis's synonyms. */
  synonyms?: SynonymMap;
  bm25f?: Bm25fParams;
}

const defaultLimit = 3;
const defaultIntentPrior = 0.8;

/**
 * Knowledge-base retrieval: BM25F over title, tags, summary and body with stemming, the
 * shop's synonyms, one-edit typo correction, contrastive negation and the classified intent
 * as a prior. Built once; each search only visits the posting lists of the query's terms.
 */
export class KbIndex {
  private readonly articles: readonly KbArticle[];
  private readonly bm25f: Bm25fIndex;
  private readonly board: ScoreBoard;
  private readonly snippets: SnippetPicker;
  private readonly typos: TypoMatcher;
  private readonly surfaceStems = new Map<string, string>();
  private readonly docsByIntent = new Map<string, number[]>();
  private readonly docById = new Map<string, number>();
  private readonly intentPrior: number;
  private readonly termWeights: QueryTermWeights;
  private readonly synonyms: SynonymMap;
  private readonly analysis: TextAnalysis;

  /**
   * @param articles - the articles to index
   * @throws Error when two articles share an id (a programming error: ids are primary keys)
   */
  constructor(articles: readonly KbArticle[], options: KbIndexOptions = {}) {
    this.articles = [...articles];
    this.intentPrior = options.intentPrior ?? defaultIntentPrior;
    this.termWeights = options.termWeights ?? defaultQueryTermWeights;
    this.analysis = options.analysis ?? englishAnalysis;
    this.synonyms = options.synonyms ?? this.analysis.synonyms;
    const { analysis } = this;
    this.bm25f = new Bm25fIndex(
      this.articles.map((article) => toFieldStems(article, analysis.analyse)),
      options.bm25f,
    );
    this.board = new ScoreBoard(this.articles.length);
    this.snippets = new SnippetPicker(this.articles, analysis.analyse);
    this.articles.forEach((article, doc) => {
      if (this.docById.has(article.id)) throw new Error(`duplicate knowledge-base article id "${article.id}"`);
      this.docById.set(article.id, doc);
      for (const intent of article.intents) {
        const docs = this.docsByIntent.get(intent) ?? [];
        docs.push(doc);
        this.docsByIntent.set(intent, docs);
      }
      const text = [article.title, ...article.tags, article.summary, stripMarkdown(article.body)].join(' ');
      for (const word of analysis.surfaceWords(text)) {
        if (!this.surfaceStems.has(word)) this.surfaceStems.set(word, analysis.term(word));
      }
    });
    for (const word of this.synonyms.words()) if (!this.surfaceStems.has(word)) this.surfaceStems.set(word, analysis.term(word));
    this.typos = new TypoMatcher(this.surfaceStems.keys());
  }

  /** Number of indexed articles. */
  get size(): number {
    return this.articles.length;
  }

  /** Whether an article lists `intent` (answers questions with that intent). */
  answers(intent: string): boolean {
    return this.docsByIntent.has(intent);
  }

  /** Best articles for a customer question, best first; empty when nothing matches. */
  search(query: string, options: KbSearchOptions = {}): KbHit[] {
    const parsed = this.analysis.parseQuery(query, this.synonyms);
    const resolve = (word: string, stemmed: string) => this.resolve(word, stemmed);
    const terms = buildQueryTerms(parsed, resolve, this.synonyms, this.termWeights);
    this.board.reset();
    this.bm25f.accumulate(terms, this.board);
    this.addIntentPrior(options);
    return this.topHits(terms, options);
  }

  /**
   * The baseline for benchmarks: the same BM25F index and stemming, but no intent prior,
   * synonyms, typo correction or negation.
   */
  searchBaseline(query: string, options: BaselineSearchOptions = {}): KbHit[] {
    const terms = plainQueryTerms(this.analysis.parseQuery(query, this.synonyms));
    this.board.reset();
    this.bm25f.accumulate(terms, this.board);
    return this.topHits(terms, options);
  }

  /**
   * A query word's stem if the index or the synonyms know it, else its one-edit correction:
   * the candidate found in most articles, or one the synonyms know when none is in an article.
   */
  private resolve(word: string, stemmed: string): ResolvedStem | null {
    if (this.bm25f.has(stemmed) || this.synonyms.groupsOf(stemmed).length > 0) {
      return { stem: stemmed, corrected: false };
    }
    let best: string | null = null;
    let bestFrequency = -1;
    for (const candidate of this.typos.candidates(word)) {
      const candidateStem = this.surfaceStems.get(candidate) ?? this.analysis.term(candidate);
      const frequency = this.bm25f.documentFrequency(candidateStem);
      const known = frequency > 0 || this.synonyms.groupsOf(candidateStem).length > 0;
      if (known && frequency > bestFrequency) {
        best = candidateStem;
        bestFrequency = frequency;
      }
    }
    return best === null ? null : { stem: best, corrected: true };
  }

  private addIntentPrior(options: KbSearchOptions): void {
    const docs = options.intent ? this.docsByIntent.get(options.intent) : undefined;
    if (!docs || this.intentPrior <= 0) return;
    const confidence = Math.min(Math.max(options.intentConfidence ?? 1, 0), 1);
    if (confidence === 0) return;
    const scores = this.board.scores;
    let bestText = 0;
    for (const doc of this.board.touchedIds()) bestText = Math.max(bestText, scores[doc]);
    // With no text match at all the prior alone ranks the intent's articles (scale 1).
    const bonus = this.intentPrior * confidence * Math.max(bestText, 1);
    for (const doc of docs) this.board.add(doc, bonus);
  }

  private topHits(terms: readonly WeightedTerm[], options: BaselineSearchOptions): KbHit[] {
    const limit = Math.max(0, Math.floor(options.limit ?? defaultLimit));
    const excluded = new Set((options.exclude ?? []).map((id) => this.docById.get(id)));
    const scores = this.board.scores;
    const top: number[] = [];
    for (const doc of this.board.touchedIds()) {
      const score = scores[doc];
      if (score <= 0 || excluded.has(doc)) continue;
      let position = top.length;
      while (position > 0 && ranksBefore(doc, top[position - 1], scores)) position -= 1;
      if (position < limit) {
        top.splice(position, 0, doc);
        if (top.length > limit) top.pop();
      }
    }
    const idf = (stemmed: string): number => this.bm25f.idf(stemmed);
    return top.map((doc) => ({
      id: this.articles[doc].id,
      title: this.articles[doc].title,
      score: scores[doc],
      ...(options.snippets ? { snippet: this.snippets.pick(doc, terms, idf) } : {}),
    }));
  }
}

function ranksBefore(doc: number, other: number, scores: Float64Array): boolean {
  return scores[doc] > scores[other] || (scores[doc] === scores[other] && doc < other);
}

/**
 * Each field's stems; the short fields also get their bigrams (tags pair words only within one
 * tag). Body bigrams would multiply the index size for no measured gain.
 */
function toFieldStems(article: KbArticle, analyse: TextAnalysis['analyse']): FieldStems {
  const withBigrams = (stems: string[]): string[] => [...stems, ...bigrams(stems)];
  const tagStems = article.tags.map(analyse);
  return {
    title: withBigrams(analyse(article.title)),
    tags: [...tagStems.flat(), ...tagStems.flatMap(bigrams)],
    summary: withBigrams(analyse(article.summary)),
    body: analyse(stripMarkdown(article.body, { dropLinks: true })),
  };
}
