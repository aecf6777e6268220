import type { Activity } from 'botbuilder';
import type { DialogRepositories } from '../store/repositories';
import type { CardAction } from './cards';
import { DecisionBuilder, type CustomerMessage, type Decision } from './decision';
import { greetingReply, helpReply, topTopics } from './greeting';
import { intentLabel, KB_THEN_TICKET } from './intent-labels';
import { clarifyChoiceSignals, kbVerdictSignals, understandingSignals } from './learning-signals';
import { answerFromKb, showArticle, type KbQuery } from './kb-answer';
import { OrderStatusDialog } from './order-status';
import type { ArticleSearch, HandoffReason, OrderLookup, Understander, Understanding } from './ports';
import { photoReceivedReply } from './photo-reply';
import { textReply } from './reply';
import { routeOf, ticketPriority, type Route } from './routing';
import { shortcutOf, type Shortcut } from './shortcuts';
import type { SupportState } from './state';
import { answerSurvey, surveyOffer } from './survey';
import type { PendingSurvey } from '../store/feedback';
import { HOUR_MS } from '../common/time';
import { parseRating } from './survey-rating';
import { isTicketStatusQuestion, ticketStatusReply } from './ticket-status';
import { answerEmail, emailAnswerOf, mayAnswerEmailOffer } from './email-capture';
import { messagesFor } from './messages';

/** A typed rating answers a survey sent this recently (the customer still has it in view). */
export const SURVEY_ANSWER_WINDOW_MS = 24 * HOUR_MS;

/** What the customer dialog works with: no HTTP, no database driver, no TurnContext. */
export interface CustomerDialogDeps {
  repos: DialogRepositories;
  nlu: Understander;
  kb: ArticleSearch;
  /** The shop's order system (docs/order-lookup.md). */
  orders: OrderLookup;
}

/**
 * Everything a customer says to the bot outside a live handoff: given the conversation's
 * state and the message (typed text or a card submit), decides the replies, the next state
 * and whether to hand off. The turn pipeline (bot/turn) carries the decision out.
 */
export class CustomerDialog {
  private readonly orderStatus: OrderStatusDialog;

  constructor(private readonly deps: CustomerDialogDeps) {
    this.orderStatus = new OrderStatusDialog({ orders: deps.orders, failures: deps.repos.orderLookups });
  }

  /**
   * The text the NLU must classify before {@link decide}, or undefined when the message needs
   * none: a card button, a quick reply, a yes/no to the bot's question, a clarify choice.
   */
  async textToUnderstand(message: CustomerMessage, state: SupportState): Promise<string | undefined> {
    return (await this.shortcutOf(message, state)) === undefined && message.text ? message.text : undefined;
  }

  /**
   * The status of the customer's ticket when the message asks about it ("did anyone answer my
   * ticket?"), for a turn the dialog does not decide: during a chat with an agent the message
   * goes to the agent, and the customer still gets the answer they asked for.
   */
  async ticketStatusAnswer(message: CustomerMessage): Promise<Partial<Activity> | undefined> {
    const shortcut = await this.askedAboutTicket(message);
    return shortcut?.kind === 'ticket_status' ? ticketStatusReply(shortcut.ticket, messagesFor(message.language)) : undefined;
  }

  /** True for an answer to a pending survey: its card submitted, or a rating typed or said while one is pending. */
  async isSurveyAnswer(message: CustomerMessage): Promise<boolean> {
    return message.action?.sb === 'survey' || (await this.typedRating(message)) !== undefined;
  }

  /**
   * Decides what to do about one customer message; `understanding` is the NLU's reading of
   * {@link textToUnderstand}, when there was one. `state` is not modified.
   */
  async decide(message: CustomerMessage, state: SupportState, understanding?: Understanding): Promise<Decision> {
    const turn = new DecisionBuilder(message, structuredClone(state));
    // Said first: whatever else the message asked is still answered below.
    if (message.photoLinks) turn.say(textReply(turn.messages.text('photos.linkNotOpened')));
    const shortcut = await this.shortcutOf(message, turn.state);
    if (shortcut) await this.onShortcut(turn, shortcut);
    else if (message.unsupportedLanguage) answerUnsupportedLanguage(turn);
    else if (understanding) {
      this.recordUnderstanding(turn, understanding);
      turn.state.clarify = undefined;
      turn.state.confirm = undefined;
      if (turn.state.order) turn.state.order.awaitingEmail = false;
      await this.route(turn, understanding);
    } else if (message.photoIds?.length) {
      turn.say(photoReceivedReply(message.photoIds.length, turn.messages));
    }
    return turn.build();
  }

  private async onShortcut(turn: DecisionBuilder, shortcut: Shortcut): Promise<void> {
    const { state, messages } = turn;
    switch (shortcut.kind) {
      case 'action':
        return this.onAction(turn, shortcut.action);
      case 'help':
        turn.say(helpReply(messages));
        return;
      case 'person':
        return this.handOff(turn, 'asked_for_person', null, 0);
      case 'rating': {
        const answer = { ...shortcut.survey, rating: shortcut.rating, comment: null, sentiment: null };
        turn.add(await answerSurvey(this.deps.repos.feedback, turn.message.customerId, answer, messages));
        return;
      }
      case 'confirm':
        return this.onConfirm(turn, shortcut.yes);
      case 'email':
        return answerEmail(turn, shortcut.followUp, shortcut.answer);
      case 'kb_vote':
        return this.onKbFeedback(turn, shortcut.articleId, shortcut.yes);
      case 'ticket_status':
        turn.say(ticketStatusReply(shortcut.ticket, messages));
        return;
      case 'order_email':
        return this.orderStatus.onEmail(turn, shortcut.email);
      case 'clarified': {
        const asked = state.clarify;
        state.clarify = undefined;
        if (asked) turn.change(...clarifyChoiceSignals(turn.message, asked, shortcut.intent));
        const query = { text: asked?.text ?? turn.message.text, intent: shortcut.intent, confidence: 1, messageId: asked?.messageId };
        return this.answer(turn, query);
      }
    }
  }

  private recordUnderstanding(turn: DecisionBuilder, u: Understanding): void {
    const { conversationId } = turn.message;
    turn.understanding = u;
    turn.change(...understandingSignals(turn.message, u));
    if (u.outOfScope) turn.change({ type: 'flag', conversationId, flags: { out_of_scope: true } });
    else if (!turn.message.hasFirstIntent) turn.change({ type: 'first_intent', conversationId, intent: u.intent });
  }

  private async route(turn: DecisionBuilder, u: Understanding): Promise<void> {
    const route = routeOf(u);
    const { messages } = turn;
    const text = turn.message.text;
    const orderNumber = u.entities.find((e) => e.type === 'order_number')?.canonical;
    if (orderNumber) {
      // Kept for the ticket whatever the route; looked up when the customer asks where it is.
      turn.state.order = { number: orderNumber, awaitingEmail: false };
      if (asksOrderStatus(u, route, orderNumber, text)) {
        const email = u.entities.find((e) => e.type === 'email')?.value;
        return this.orderStatus.lookUp(turn, orderNumber, email);
      }
    }
    switch (route.kind) {
      case 'greeting':
        turn.say(greetingReply(messages));
        return;
      case 'thanks':
        turn.say(textReply(messages.text('smallTalk.thanks'), { suggestions: topTopics(messages) }));
        return;
      case 'goodbye':
        turn.say(textReply(messages.text('smallTalk.goodbye')));
        turn.add(await surveyOffer(this.deps.repos.feedback, turn.message, 'kb'));
        turn.change({ type: 'end', conversationId: turn.message.conversationId, reason: 'goodbye', at: Date.now() });
        return;
      case 'agent':
        return this.handOff(turn, route.reason, u.intent, u.sentiment);
      case 'complaint':
        return this.handOff(turn, 'complaint', 'complaint', u.sentiment);
      case 'out_of_scope':
        turn.say(textReply(messages.text('outOfScope.answer'), { suggestions: topTopics(messages) }));
        return;
      case 'clarify': {
        turn.state.clarify = { text, options: route.options, messageId: turn.message.messageId };
        const [first, second] = route.options.map((o) => intentLabel(o, messages));
        turn.say(textReply(messages.text('clarify.question', { first, second }), { suggestions: [first, second], expectingInput: true }));
        return;
      }
      case 'kb':
        return this.answer(
          turn,
          { text, intent: route.intent, confidence: route.confidence, messageId: turn.message.messageId },
          u.sentiment,
        );
    }
  }

  private async answer(turn: DecisionBuilder, query: KbQuery & { intent: string }, sentiment = 0): Promise<void> {
    const { state, messages } = turn;
    if (answerFromKb(turn, this.deps.kb, query)) {
      if (query.intent === 'delete_account') {
        state.confirm = 'delete_account';
        turn.say(
          textReply(messages.text('account.confirmDelete'), {
            suggestions: [messages.text('common.yes'), messages.text('common.no')],
            expectingInput: true,
          }),
        );
      }
      return;
    }
    state.misses++;
    if (state.misses >= 2) return this.handOff(turn, 'kb_failed', query.intent, sentiment);
    turn.say(textReply(messages.text('kb.notFound'), { suggestions: [messages.text('topics.person')], expectingInput: true }));
  }

  private async onAction(turn: DecisionBuilder, action: CardAction): Promise<void> {
    const { state, messages } = turn;
    switch (action.sb) {
      case 'survey': {
        const comment = typeof action.comment === 'string' && action.comment.trim() ? action.comment.trim() : null;
        const sentiment = comment ? (await this.deps.nlu.understand(comment, turn.message.language)).sentiment : null;
        const answer = { conversationId: action.conversationId, kind: action.kind, rating: action.rating, comment, sentiment };
        turn.add(await answerSurvey(this.deps.repos.feedback, turn.message.customerId, answer, messages));
        return;
      }
      case 'kb':
        return this.onKbFeedback(turn, action.articleId, action.helpful);
      case 'agent':
        return this.handOff(turn, 'asked_for_person', state.kb?.intent ?? null, 0);
      case 'handoff':
        // A button of a chat with our team that has ended since it was shown.
        turn.say(textReply(messages.text('handoff.chatAlreadyEnded'), { suggestions: topTopics(messages) }));
        return;
      case 'article': {
        const article = this.deps.kb.get(action.articleId);
        if (!article) {
          turn.say(textReply(messages.text('kb.articleGone')));
          return;
        }
        const q = state.kb ?? { query: article.title, intent: null, confidence: 0, shownIds: [] };
        showArticle(
          turn,
          this.deps.kb,
          article,
          { text: q.query, intent: q.intent, confidence: q.confidence, messageId: state.kb?.messageId },
          q.shownIds,
        );
      }
    }
  }

  private async onKbFeedback(turn: DecisionBuilder, articleId: string, helpful: boolean): Promise<void> {
    const { repos } = this.deps;
    const { message, state, messages } = turn;
    // A repeated click on the same card changes nothing.
    if (await repos.feedback.hasKbVote(message.conversationId, articleId)) return;
    const vote = { conversationId: message.conversationId, articleId, helpful, channelId: message.channelId, now: Date.now() };
    turn.change({ type: 'kb_vote', vote }, ...kbVerdictSignals(message, state.kb, helpful));
    if (helpful) {
      state.kb = undefined;
      state.misses = 0;
      turn.change({ type: 'flag', conversationId: message.conversationId, flags: { resolved_by_bot: true } });
      turn.say(textReply(messages.text('kb.glad'), { suggestions: topTopics(messages) }));
      turn.add(await surveyOffer(repos.feedback, message, 'kb'));
      return;
    }
    state.misses++;
    const pending = state.kb;
    if (state.misses >= 2 || !pending) return this.handOff(turn, 'kb_failed', pending?.intent ?? null, 0);
    if (pending.intent && KB_THEN_TICKET.has(pending.intent)) {
      turn.say(textReply(messages.text('kb.personCanHelp'), { suggestions: [messages.text('topics.person')] }));
    }
    const shown = answerFromKb(turn, this.deps.kb, {
      text: pending.query,
      intent: pending.intent,
      confidence: pending.confidence,
      messageId: pending.messageId,
    });
    turn.say(textReply(messages.text(shown ? 'kb.tryAnother' : 'kb.offerPerson'), { suggestions: [messages.text('topics.person')] }));
  }

  private async onConfirm(turn: DecisionBuilder, yes: boolean): Promise<void> {
    const asked = turn.state.confirm;
    turn.state.confirm = undefined;
    if (!yes) {
      turn.say(textReply(turn.messages.text('smallTalk.anythingElse'), { suggestions: topTopics(turn.messages) }));
      return;
    }
    if (asked === 'delete_account') return this.handOff(turn, 'needs_agent', 'delete_account', 0);
  }

  /** A message the dialog answers without the NLU, or undefined. */
  private async shortcutOf(message: CustomerMessage, state: SupportState): Promise<Shortcut | undefined> {
    const typed = await this.typedRating(message);
    if (typed) return { kind: 'rating', ...typed };
    if (!message.action && mayAnswerEmailOffer(message.text, message.language)) {
      const followUp = await this.deps.repos.customers.emailFollowUp(message.customerId);
      const answer = emailAnswerOf(followUp, message.text, message.language);
      if (followUp && answer) return { kind: 'email', followUp, answer };
    }
    return shortcutOf(message, state) ?? (await this.askedAboutTicket(message));
  }

  /** A question about the customer's own ticket ("did anyone answer my ticket?"), when they have one. */
  private async askedAboutTicket(message: CustomerMessage): Promise<Shortcut | undefined> {
    if (message.action || !isTicketStatusQuestion(message.text, message.language)) return undefined;
    const ticket = await this.deps.repos.ticketStatus.latestOf(message.customerId);
    return ticket ? { kind: 'ticket_status', ticket } : undefined;
  }

  /** A rating typed (or said) while a survey is pending, with the survey it answers. */
  private async typedRating(message: CustomerMessage): Promise<{ rating: number; survey: PendingSurvey } | undefined> {
    const rating = message.action ? undefined : parseRating(message.text, message.language);
    if (rating === undefined) return undefined;
    const survey = await this.deps.repos.feedback.pendingSurvey(message.customerId, Date.now() - SURVEY_ANSWER_WINDOW_MS);
    return survey ? { rating, survey } : undefined;
  }

  private async handOff(turn: DecisionBuilder, reason: HandoffReason, intent: string | null, sentiment: number): Promise<void> {
    const { state, message } = turn;
    const atRisk = await this.deps.repos.customers.isAtRisk(message.customerId);
    const priority = ticketPriority({ intent, sentiment, misses: state.misses, atRisk });
    state.kb = undefined;
    state.misses = 0;
    turn.handoff = { reason, priority, intent, sourceKey: message.sourceKey, orderNumber: state.order?.number ?? null };
  }
}

/**
 * Account intents a message is pulled to by the email address it gives: with an order number
 * beside the address, the customer is identifying themselves for the order, not asking about
 * their account.
 */
const EMAIL_PULLED_INTENTS = new Set([
  'edit_account',
  'create_account',
  'switch_account',
  'newsletter_subscription',
  'contact_customer_service',
]);

/**
 * Whether a message that names an order asks where it is: classified as tracking (also as
 * one of two options the bot would ask about), or, in a message that gives an email too, an
 * account intent or tracking among the alternatives (the email pulls the classifier towards
 * account changes, while an account question rarely names an order), or nothing but the number
 * ("PP-777777?"). Upset customers, complaints and requests for a person keep their routes.
 */
function asksOrderStatus(u: Understanding, route: Route, orderNumber: string, text: string): boolean {
  if (route.kind === 'kb' && route.intent === 'track_order') return true;
  if (route.kind === 'clarify') return route.options.includes('track_order');
  if (route.kind === 'kb' && u.entities.some((e) => e.type === 'email')) {
    return EMAIL_PULLED_INTENTS.has(route.intent) || u.alternatives.some((a) => a.intent === 'track_order');
  }
  if (route.kind !== 'out_of_scope' && route.kind !== 'greeting') return false;
  const number = u.entities.find((e) => e.canonical === orderNumber);
  return number !== undefined && /^[\s\p{P}]*$/u.test(text.slice(0, number.start) + text.slice(number.end));
}

/**
 * A message in a language the shop does not ship: no model reads it (an English one would guess
 * wildly), so the answer says so in English and offers what the bot can do.
 */
function answerUnsupportedLanguage(turn: DecisionBuilder): void {
  turn.say(textReply(turn.messages.text('language.unsupportedNote')));
  turn.say(helpReply(turn.messages));
}
