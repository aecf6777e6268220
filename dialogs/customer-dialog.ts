import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { endConversation, markConversation, setFirstIntent } from '../store/conversations';
import { recordKbFeedback } from '../store/feedback';
import { liveHandoffOf } from '../store/handoffs';
import { isCustomerAtRisk } from '../store/metrics/segment-summary';
import { parseCardAction } from './action-schema';
import type { CardAction } from './cards';
import { TOP_TOPICS, greetingReply } from './greeting';
import { intentLabel, KB_THEN_TICKET } from './intent-labels';
import { answerFromKb, showArticle } from './kb-answer';
import type { HandoffReason, Understanding } from './ports';
import { routeOf, ticketPriority } from './routing';
import type { DialogServices } from './services';
import { initialState, type SupportState } from './state';
import { answerSurvey, sendSurvey } from './survey';
import { textReply } from './reply';
import { getTurnRecord, type TurnRecord } from './turn-state';

const TALK_TO_PERSON = 'Talk to a person';
const YES = /^(yes|y|yeah|yep|sure|ok(ay)?|please)\b/i;
const NO = /^(no|n|nope|not really|nah)\b/i;

/** Everything a customer says to the bot outside a live handoff: understand, answer, escalate. */
export class CustomerDialog {
  constructor(
    private readonly services: DialogServices,
    private readonly stateAccessor: StatePropertyAccessor<SupportState>,
  ) {}

  /** Handles one customer message (text or card submit). */
  async onMessage(context: TurnContext): Promise<void> {
    const record = getTurnRecord(context);
    if (!record) return;
    const state = await this.stateAccessor.get(context, initialState());
    const action = parseCardAction(context.activity.value);
    if (action?.sb === 'survey') {
      const comment = typeof action.comment === 'string' && action.comment.trim() ? action.comment.trim() : null;
      const sentiment = comment ? (await this.services.nlu.understand(comment)).sentiment : null;
      return answerSurvey(context, this.services.db, record, {
        conversationId: action.conversationId,
        kind: action.kind,
        rating: action.rating,
        comment,
        sentiment,
      });
    }
    const handoff = await liveHandoffOf(this.services.db, record.conversationId);
    if (handoff) return this.services.desk.onCustomerMessage(context, handoff);
    if (action) return this.onAction(context, record, state, action);

    const text = (context.activity.text ?? '').trim();
    if (!text) return;
    if (text.toLowerCase() === TALK_TO_PERSON.toLowerCase()) return this.handOff(context, state, 'asked_for_person', null, 0);
    if (state.confirm && (YES.test(text) || NO.test(text))) return this.onConfirm(context, state, YES.test(text));
    if (state.kb && (YES.test(text) || NO.test(text)) && text.split(/\s+/).length <= 3) {
      return this.onKbFeedback(context, record, state, state.kb.articleId, YES.test(text));
    }
    const chosen = state.clarify?.options.find((o) => intentLabel(o).toLowerCase() === text.toLowerCase());
    if (chosen && state.clarify) {
      const query = state.clarify.text;
      state.clarify = undefined;
      return this.answer(context, state, { text: query, intent: chosen, confidence: 1 });
    }
    const understanding = await this.services.nlu.understand(text);
    await this.recordUnderstanding(record, understanding);
    state.clarify = undefined;
    state.confirm = undefined;
    return this.route(context, record, state, text, understanding);
  }

  private async recordUnderstanding(record: TurnRecord, u: Understanding): Promise<void> {
    const { db } = this.services;
    record.understanding = u;
    if (u.outOfScope) await markConversation(db, record.conversationId, { out_of_scope: true });
    else if (!record.hasFirstIntent) {
      await setFirstIntent(db, record.conversationId, u.intent);
      record.hasFirstIntent = true;
    }
  }

  private async route(context: TurnContext, record: TurnRecord, state: SupportState, text: string, u: Understanding): Promise<void> {
    const route = routeOf(u);
    switch (route.kind) {
      case 'greeting':
        await context.sendActivity(greetingReply());
        return;
      case 'thanks':
        await context.sendActivity(textReply("You're welcome! Is there anything else I can help with?", { suggestions: TOP_TOPICS }));
        return;
      case 'goodbye':
        await context.sendActivity(textReply('Thanks for chatting with Pebble & Pine. Have a lovely day!'));
        await sendSurvey(context, this.services.db, record, 'kb');
        await endConversation(this.services.db, record.conversationId, 'goodbye', Date.now());
        return;
      case 'agent':
        return this.handOff(context, state, route.reason, u.intent, u.sentiment);
      case 'complaint':
        return this.handOff(context, state, 'complaint', 'complaint', u.sentiment);
      case 'out_of_scope':
        await context.sendActivity(
          textReply(
            "I'm sorry, that's not something I can help with. I can answer questions about orders, delivery, returns, refunds, payments and your account.",
            {
              suggestions: [...TOP_TOPICS.filter((t) => t !== TALK_TO_PERSON), TALK_TO_PERSON],
            },
          ),
        );
        return;
      case 'clarify':
        state.clarify = { text, options: route.options };
        await context.sendActivity(
          textReply(`Just to be sure: do you mean "${intentLabel(route.options[0])}" or "${intentLabel(route.options[1])}"?`, {
            suggestions: route.options.map(intentLabel),
            expectingInput: true,
          }),
        );
        return;
      case 'kb':
        return this.answer(context, state, { text, intent: route.intent, confidence: route.confidence }, u.sentiment);
    }
  }

  private async answer(
    context: TurnContext,
    state: SupportState,
    query: { text: string; intent: string; confidence: number },
    sentiment = 0,
  ): Promise<void> {
    if (await answerFromKb(context, this.services.kb, state, query)) {
      if (query.intent === 'delete_account') {
        state.confirm = 'delete_account';
        await context.sendActivity(
          textReply('Would you like our team to delete your account for you? Reply "yes" or "no".', {
            suggestions: ['Yes', 'No'],
            expectingInput: true,
          }),
        );
      }
      return;
    }
    state.misses++;
    if (state.misses >= 2) return this.handOff(context, state, 'kb_failed', query.intent, sentiment);
    await context.sendActivity(
      textReply("I couldn't find an answer to that. Could you say it in other words? Or I can get a person to help.", {
        suggestions: [TALK_TO_PERSON],
        expectingInput: true,
      }),
    );
  }

  private async onAction(context: TurnContext, record: TurnRecord, state: SupportState, action: CardAction): Promise<void> {
    if (action.sb === 'kb') return this.onKbFeedback(context, record, state, action.articleId, action.helpful);
    if (action.sb === 'agent') return this.handOff(context, state, 'asked_for_person', state.kb?.intent ?? null, 0);
    if (action.sb === 'article') {
      const article = this.services.kb.get(action.articleId);
      if (!article) {
        await context.sendActivity(textReply('Sorry, that article is no longer available.'));
        return;
      }
      const q = state.kb ?? { query: article.title, intent: null, confidence: 0, shownIds: [] };
      await showArticle(
        context,
        this.services.kb,
        state,
        article,
        { text: q.query, intent: q.intent, confidence: q.confidence },
        q.shownIds,
      );
    }
  }

  private async onKbFeedback(
    context: TurnContext,
    record: TurnRecord,
    state: SupportState,
    articleId: string,
    helpful: boolean,
  ): Promise<void> {
    const { db } = this.services;
    const first = await recordKbFeedback(db, {
      conversationId: record.conversationId,
      articleId,
      helpful,
      channelId: context.activity.channelId,
      now: Date.now(),
    });
    if (!first) return; // a repeated click on the same card changes nothing
    if (helpful) {
      state.kb = undefined;
      state.misses = 0;
      await markConversation(db, record.conversationId, { resolved_by_bot: true });
      await context.sendActivity(textReply("Great, I'm glad that helped!", { suggestions: TOP_TOPICS }));
      await sendSurvey(context, db, record, 'kb');
      return;
    }
    state.misses++;
    const pending = state.kb;
    if (state.misses >= 2 || !pending) return this.handOff(context, state, 'kb_failed', pending?.intent ?? null, 0);
    if (pending.intent && KB_THEN_TICKET.has(pending.intent)) {
      await context.sendActivity(
        textReply("Sorry that didn't help. A person from our team can look at your case.", { suggestions: [TALK_TO_PERSON] }),
      );
    }
    const shown = await answerFromKb(context, this.services.kb, state, {
      text: pending.query,
      intent: pending.intent,
      confidence: pending.confidence,
    });
    await context.sendActivity(
      textReply(
        shown
          ? 'If this one does not help either, I can hand you over to a person.'
          : "Sorry that didn't help. Would you like to talk to a person?",
        {
          suggestions: [TALK_TO_PERSON],
        },
      ),
    );
  }

  private async onConfirm(context: TurnContext, state: SupportState, yes: boolean): Promise<void> {
    const asked = state.confirm;
    state.confirm = undefined;
    if (!yes) {
      await context.sendActivity(textReply('All right. Anything else I can help with?', { suggestions: TOP_TOPICS }));
      return;
    }
    if (asked === 'delete_account') return this.handOff(context, state, 'needs_agent', 'delete_account', 0);
  }

  private async handOff(
    context: TurnContext,
    state: SupportState,
    reason: HandoffReason,
    intent: string | null,
    sentiment: number,
  ): Promise<void> {
    const record = getTurnRecord(context) as TurnRecord;
    const atRisk = await isCustomerAtRisk(this.services.db, record.customerId);
    const priority = ticketPriority({ intent, sentiment, misses: state.misses, atRisk });
    state.kb = undefined;
    state.misses = 0;
    await this.services.desk.requestAgent(context, { reason, priority, intent, sourceKey: this.sourceKey(context) });
  }

  private sourceKey(context: TurnContext): string | null {
    const a = context.activity;
    return a.id ? `${a.channelId}|${a.conversation.id}|${a.id}` : null;
  }
}
