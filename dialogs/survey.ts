import type { Activity } from 'botbuilder';
import type { SurveyKind } from '../store/feedback';
import type { FeedbackRepository } from '../store/repositories';
import { surveyCard } from './cards';
import type { DialogEffect } from './effects';
import { messagesFor, type Messages } from './messages';
import type { Language } from '../common/languages';
import { cardReply, textReply } from './reply';

/** The conversation a survey is about. */
export interface SurveyTarget {
  conversationId: string;
  customerId: string;
  channelId: string;
  /** The language the survey is asked in. */
  language: Language;
}

/** Replies to send and the effects to apply once they were sent. */
export interface RepliesWithEffects {
  replies: Array<Partial<Activity>>;
  effects: DialogEffect[];
}

/**
 * The 1–5 survey, once per conversation and kind: the card, and recording it as sent (for
 * the response rate); nothing when it was sent before.
 */
export async function surveyOffer(feedback: FeedbackRepository, target: SurveyTarget, kind: SurveyKind): Promise<RepliesWithEffects> {
  if (await feedback.wasSurveySent(target.conversationId, kind)) return { replies: [], effects: [] };
  const messages = messagesFor(target.language);
  const card = cardReply(target.channelId, surveyCard(kind, target.conversationId, messages), messages.text('survey.fallback'), {
    expectingInput: true,
  });
  const { conversationId, customerId, channelId } = target;
  return { replies: [card], effects: [{ type: 'survey_sent', survey: { conversationId, customerId, channelId, kind, now: Date.now() } }] };
}

/** A survey answer from a card. */
export interface SurveyCardAnswer {
  conversationId: string;
  kind: SurveyKind;
  rating: number;
  comment: string | null;
  sentiment: number | null;
}

/**
 * A survey answer for the customer's own conversation named on the card, stored once: a
 * second click only gets a thank-you. A 4–5 after a conversation the bot handled alone
 * counts as resolved by the bot.
 */
export async function answerSurvey(
  feedback: FeedbackRepository,
  customerId: string,
  answer: SurveyCardAnswer,
  messages: Messages,
): Promise<RepliesWithEffects> {
  if (!(await feedback.awaitsSurveyAnswer(answer.conversationId, customerId, answer.kind))) {
    return { replies: [textReply(messages.text('survey.alreadyRated'))], effects: [] };
  }
  const effects: DialogEffect[] = [{ type: 'survey_answer', answer: { ...answer, customerId, now: Date.now() } }];
  if (answer.kind === 'kb' && answer.rating >= 4) {
    effects.push({ type: 'flag', conversationId: answer.conversationId, flags: { resolved_by_bot: true } });
  }
  return { replies: [textReply(messages.text(answer.rating >= 4 ? 'survey.thanksHappy' : 'survey.thanksUnhappy'))], effects };
}
