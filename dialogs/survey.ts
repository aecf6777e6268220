import type { Activity } from 'botbuilder';
import type { SurveyKind } from '../store/feedback';
import type { ConversationRepository, FeedbackRepository } from '../store/repositories';
import { surveyCard } from './cards';
import { cardReply, textReply } from './reply';

/** The conversation a survey is about. */
export interface SurveyTarget {
  conversationId: string;
  customerId: string;
  channelId: string;
}

/**
 * The 1–5 survey, once per conversation and kind (recorded as sent for the response rate):
 * the card to send, or nothing when it was sent before.
 */
export async function surveyReplies(
  feedback: FeedbackRepository,
  target: SurveyTarget,
  kind: SurveyKind,
): Promise<Array<Partial<Activity>>> {
  const first = await feedback.surveySent({ ...target, kind, now: Date.now() });
  if (!first) return [];
  return [
    cardReply(
      target.channelId,
      surveyCard(kind, target.conversationId),
      'How satisfied are you? Reply with a number from 1 (very unhappy) to 5 (very happy).',
      { expectingInput: true },
    ),
  ];
}

/** A survey answer from a card. */
export interface SurveyAnswer {
  conversationId: string;
  kind: SurveyKind;
  rating: number;
  comment: string | null;
  sentiment: number | null;
}

/**
 * Stores a survey answer once, for the customer's own conversation named on the card; a
 * second click changes nothing. A 4–5 after a conversation the bot handled alone counts as
 * resolved by the bot. Returns the thank-you reply.
 */
export async function answerSurvey(
  repos: { feedback: FeedbackRepository; conversations: ConversationRepository },
  customerId: string,
  answer: SurveyAnswer,
): Promise<Partial<Activity>> {
  const stored = await repos.feedback.surveyAnswered({ ...answer, customerId, now: Date.now() });
  if (!stored) return textReply('You already rated this conversation. Thank you!');
  if (answer.kind === 'kb' && answer.rating >= 4) await repos.conversations.flag(answer.conversationId, { resolved_by_bot: true });
  return textReply(
    answer.rating >= 4
      ? 'Thank you for your feedback! Glad we could help.'
      : 'Thank you for telling us. We will use your feedback to do better.',
  );
}
