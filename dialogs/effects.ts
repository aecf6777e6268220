import type { EndReason } from '../store/conversations';
import type { EmailChange } from '../store/customer-emails';
import type { KbVote, SurveyAnswer, SurveySent } from '../store/feedback';
import type { ExampleSuggestion } from '../store/nlu-examples';
import type { ReviewSignal } from '../store/nlu-review';
import type { ConversationFlags, DialogRepositories } from '../store/repositories';

/**
 * A change a decision makes to stored data. Dialogs only read while deciding; the pipeline
 * applies these after the replies were sent, so a turn that fails before answering leaves
 * nothing behind that would change what its retry decides.
 */
export type DialogEffect =
  | { type: 'flag'; conversationId: string; flags: ConversationFlags }
  | { type: 'first_intent'; conversationId: string; intent: string }
  | { type: 'end'; conversationId: string; reason: EndReason; at: number }
  | { type: 'survey_sent'; survey: SurveySent }
  | { type: 'survey_answer'; answer: SurveyAnswer }
  | { type: 'kb_vote'; vote: KbVote }
  | { type: 'email'; change: EmailChange }
  | { type: 'order_lookup_failed'; keys: string[]; at: number }
  | { type: 'review'; signal: ReviewSignal }
  | { type: 'suggest'; suggestion: ExampleSuggestion };

/** Applies effects in order; each but a failed order lookup is idempotent, so applying a retried turn's again changes nothing. */
export async function applyEffects(repos: DialogRepositories, effects: DialogEffect[]): Promise<void> {
  for (const effect of effects) {
    switch (effect.type) {
      case 'flag':
        await repos.conversations.flag(effect.conversationId, effect.flags);
        break;
      case 'first_intent':
        await repos.conversations.setFirstIntent(effect.conversationId, effect.intent);
        break;
      case 'end':
        await repos.conversations.end(effect.conversationId, effect.reason, effect.at);
        break;
      case 'survey_sent':
        await repos.feedback.surveySent(effect.survey);
        break;
      case 'survey_answer':
        await repos.feedback.surveyAnswered(effect.answer);
        break;
      case 'kb_vote':
        await repos.feedback.kbVoted(effect.vote);
        break;
      case 'email':
        await repos.customers.changeEmail(effect.change);
        break;
      case 'order_lookup_failed':
        // Not idempotent: a retried turn counts a failure again, which only errs on the safe side.
        await repos.orderLookups.recordFailure(effect.keys, effect.at);
        break;
      case 'review':
        await repos.learning.flagForReview(effect.signal);
        break;
      case 'suggest':
        await repos.learning.suggest(effect.suggestion);
        break;
    }
  }
}
