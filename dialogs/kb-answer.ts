import { kbAnswerCard } from './cards';
import type { DecisionBuilder } from './decision';
import type { Article, ArticleHit, ArticleSearch } from './ports';
import { cardReply, textReply } from './reply';

/** Below this BM25 score an article is not shown as an answer. */
export const MIN_ARTICLE_SCORE = 1.5;

/**
 * How sure the classifier must be for an English article to answer a question in a language
 * that lacks it: the question shares no words with the article, so the intent decides.
 */
export const MIN_FALLBACK_CONFIDENCE = 0.5;

/**
 * How sure the classifier must be for its intent to pick the answer among the articles found,
 * whatever their text scores: a short question shares few words with its article ("Wo ist
 * meine Bestellung?"), and a side remark ("I've waited so long") can rank another topic first.
 */
export const MIN_INTENT_CONFIDENCE = 0.8;

/** Articles looked at for an answer: the intent's article may rank below the first. */
const CANDIDATES = 5;

/** A query with what the classifier said about it. */
export interface KbQuery {
  text: string;
  intent: string | null;
  confidence: number;
  /** The customer message the query came from, when known. */
  messageId?: number;
}

/**
 * Finds the best article not yet shown in this conversation and answers with it (card with
 * "did this help?"). Returns false when nothing fits.
 */
export function answerFromKb(turn: DecisionBuilder, kb: ArticleSearch, query: KbQuery): boolean {
  const { state } = turn;
  const exclude = state.kb?.query === query.text ? state.kb.shownIds : [];
  const { language } = turn.message;
  const hits = kb.search(query.text, { intent: query.intent, intentConfidence: query.confidence, limit: CANDIDATES, exclude, language });
  const answer = answerAmong(kb, hits, query);
  const article = answer && kb.get(answer.id, language);
  if (!article) return false;
  showArticle(turn, kb, article, query, exclude);
  return true;
}

/**
 * The hit that answers: the first of the classified intent when the classifier is sure of it,
 * else the best one if its text matches well enough, else an English article of the intent
 * standing in for a missing translation.
 */
function answerAmong(kb: ArticleSearch, hits: ArticleHit[], query: KbQuery): ArticleHit | undefined {
  const { intent, confidence } = query;
  const ofIntent = intent === null ? undefined : hits.find((h) => kb.get(h.id)?.intents.includes(intent));
  if (ofIntent && confidence >= MIN_INTENT_CONFIDENCE) return ofIntent;
  const best = hits[0];
  if (best && best.score >= MIN_ARTICLE_SCORE) return best;
  return ofIntent?.fallback === true && confidence >= MIN_FALLBACK_CONFIDENCE ? ofIntent : undefined;
}

/** Shows one article as the answer and remembers it as pending feedback. */
export function showArticle(turn: DecisionBuilder, kb: ArticleSearch, article: Article, query: KbQuery, alreadyShown: string[] = []): void {
  const related = kb
    .search(`${article.title} ${query.text}`, {
      intent: query.intent,
      intentConfidence: query.confidence * 0.5,
      limit: 3,
      exclude: [article.id, ...alreadyShown],
      language: turn.message.language,
    })
    .filter((h) => h.score >= MIN_ARTICLE_SCORE);
  const fallback = turn.messages.text('kb.fallback', { title: article.title, summary: article.summary });
  // Not yet translated: the English article, said so in one line.
  if (article.language !== undefined && article.language !== turn.message.language)
    turn.say(textReply(turn.messages.text('kb.fallbackNote')));
  turn.say(cardReply(turn.message.channelId, kbAnswerCard(article, related, turn.messages), fallback, { expectingInput: true }));
  turn.state.kb = {
    articleId: article.id,
    shownIds: [...alreadyShown, article.id],
    query: query.text,
    intent: query.intent,
    confidence: query.confidence,
    messageId: query.messageId,
  };
}
