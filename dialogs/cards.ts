import type { Messages } from './messages';
import type { Article, ArticleHit } from './ports';

/** Data of every card button this bot renders; `sb` names the action. */
export type CardAction =
  | { sb: 'kb'; articleId: string; helpful: boolean }
  | { sb: 'article'; articleId: string }
  | { sb: 'survey'; kind: 'agent' | 'kb'; conversationId: string; rating: number; comment?: string }
  | { sb: 'agent' }
  | { sb: 'handoff'; op: 'end' | 'stay' };

const CARD_VERSION = '1.4';

/** The KB answer: title, short answer, expandable body, "did this help?" and related articles. */
export function kbAnswerCard(article: Article, related: ArticleHit[], messages: Messages): object {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    body: [
      { type: 'TextBlock', text: article.title, weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'TextBlock', text: article.summary, wrap: true },
      { type: 'TextBlock', text: messages.text('kb.cardQuestion'), wrap: true, spacing: 'Medium', isSubtle: true },
    ],
    actions: [
      { type: 'Action.Submit', title: messages.text('kb.helpful'), data: { sb: 'kb', articleId: article.id, helpful: true } },
      { type: 'Action.Submit', title: messages.text('kb.notHelpful'), data: { sb: 'kb', articleId: article.id, helpful: false } },
      {
        type: 'Action.ShowCard',
        title: messages.text('kb.readMore'),
        card: { type: 'AdaptiveCard', version: CARD_VERSION, body: [{ type: 'TextBlock', text: cardMarkdown(article.body), wrap: true }] },
      },
      ...related.slice(0, 2).map((r) => ({
        type: 'Action.Submit',
        title: messages.text('kb.related', { title: r.title }),
        data: { sb: 'article', articleId: r.id },
      })),
    ],
  };
}

/**
 * The 1–5 satisfaction survey with an optional comment. It names the conversation it rates,
 * since the answer may arrive after that conversation ended.
 */
export function surveyCard(kind: 'agent' | 'kb', conversationId: string, messages: Messages): object {
  const question = messages.text(kind === 'agent' ? 'survey.questionAgent' : 'survey.questionKb');
  return {
    type: 'AdaptiveCard',
    version: CARD_VERSION,
    body: [
      { type: 'TextBlock', text: question, wrap: true, weight: 'Bolder' },
      { type: 'TextBlock', text: messages.text('survey.scale'), isSubtle: true, wrap: true },
      { type: 'Input.Text', id: 'comment', placeholder: messages.text('survey.commentPlaceholder'), isMultiline: true, maxLength: 1000 },
    ],
    actions: [1, 2, 3, 4, 5].map((rating) => ({
      type: 'Action.Submit',
      title: String(rating),
      data: { sb: 'survey', kind, conversationId, rating },
    })),
  };
}

// Adaptive Cards' TextBlock renders a markdown subset: keep paragraphs, lists and emphasis,
// turn links into their text (relative /kb links mean nothing in a chat client).
function cardMarkdown(body: string): string {
  return body
    .replace(/\[([^\]]+)\]\(\/kb\/[^)]*\)/g, '$1')
    .replace(/^#+\s*/gm, '')
    .trim();
}
