import type { TurnContext } from 'botbuilder';
import type { Knex } from 'knex';
import { markConversation } from '../store/conversations';
import { recordSurveyAnswer, recordSurveySent, type SurveyKind } from '../store/feedback';
import { surveyCard } from './cards';
import { cardReply, textReply } from './reply';
import type { TurnRecord } from './turn-state';

/** Sends the 1–5 survey once per conversation and kind (recorded as sent for the response rate). */
export async function sendSurvey(context: TurnContext, db: Knex, record: TurnRecord, kind: SurveyKind): Promise<void> {
  const first = await recordSurveySent(db, {
    conversationId: record.conversationId,
    customerId: record.customerId,
    channelId: context.activity.channelId,
    kind,
    now: Date.now(),
  });
  if (first) {
    await context.sendActivity(
      cardReply(
        context.activity.channelId,
        surveyCard(kind, record.conversationId),
        'How satisfied are you? Reply with a number from 1 (very unhappy) to 5 (very happy).',
        {
          expectingInput: true,
        },
      ),
    );
  }
}

/**
 * Stores a survey answer once, for the customer's own conversation named on the card; a
 * second click changes nothing. A 4–5 after a conversation
 * the bot handled alone counts as resolved by the bot.
 */
export async function answerSurvey(
  context: TurnContext,
  db: Knex,
  record: TurnRecord,
  answer: { conversationId: string; kind: SurveyKind; rating: number; comment: string | null; sentiment: number | null },
): Promise<void> {
  const stored = await recordSurveyAnswer(db, { ...answer, customerId: record.customerId, now: Date.now() });
  if (!stored) {
    await context.sendActivity(textReply('You already rated this conversation. Thank you!'));
    return;
  }
  if (answer.kind === 'kb' && answer.rating >= 4) await markConversation(db, answer.conversationId, { resolved_by_bot: true });
  await context.sendActivity(
    textReply(
      answer.rating >= 4
        ? 'Thank you for your feedback! Glad we could help.'
        : 'Thank you for telling us. We will use your feedback to do better.',
    ),
  );
}
