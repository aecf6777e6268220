import type { TurnContext } from 'botbuilder';
import { kbAnswerCard } from './cards';
import type { Article, ArticleSearch } from './ports';
import { cardReply } from './reply';
import type { SupportState } from './state';

/** Below this BM25 score an article is not shown as an answer. */
export const MIN_ARTICLE_SCORE = 1.5;

/** A query with what the classifier said about it. */
export interface KbQuery {
  text: string;
  intent: string | null;
  confidence: number;
}

/**
 * Finds the best article not yet shown in this conversation and answers with it (card with
 * "did this help?"). Returns false when nothing fits.
 */
export async function answerFromKb(context: TurnContext, kb: ArticleSearch, state: SupportState, query: KbQuery): Promise<boolean> {
  const exclude = state.kb?.query === query.text ? state.kb.shownIds : [];
  const hits = kb.search(query.text, { intent: query.intent, intentConfidence: query.confidence, limit: 3, exclude });
  const best = hits[0];
  const article = best && best.score >= MIN_ARTICLE_SCORE ? kb.get(best.id) : undefined;
  if (!article) return false;
  await showArticle(context, kb, state, article, query, exclude);
  return true;
}

/** Shows one article as the answer and remembers it as pending feedback. */
export async function showArticle(
  context: TurnContext,
  kb: ArticleSearch,
  state: SupportState,
  article: Article,
  query: KbQuery,
  alreadyShown: string[] = [],
): Promise<void> {
  const related = kb
    .search(`${article.title} ${query.text}`, {
      intent: query.intent,
      intentConfidence: query.confidence * 0.5,
      limit: 3,
      exclude: [article.id, ...alreadyShown],
    })
    .filter((h) => h.score >= MIN_ARTICLE_SCORE);
  const fallback = `${article.title}\n\n${article.summary}\n\nDid this help? Reply "yes" or "no".`;
  await context.sendActivity(cardReply(context.activity.channelId, kbAnswerCard(article, related), fallback, { expectingInput: true }));
  state.kb = {
    articleId: article.id,
    shownIds: [...alreadyShown, article.id],
    query: query.text,
    intent: query.intent,
    confidence: query.confidence,
  };
}
