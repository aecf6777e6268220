import { EventFactory, type ConversationReference } from 'botbuilder';
import type { Knex } from 'knex';
import type { CardAction } from '../../dialogs/cards';
import { cardReply, textReply } from '../../dialogs/reply';
import type { AgentRequest } from '../../dialogs/ports';
import { applyEffects } from '../../dialogs/effects';
import { surveyOffer } from '../../dialogs/survey';
import { activeAgentChannel } from '../../store/agent-channels';
import { endConversation, languageOfConversation, markConversation } from '../../store/conversations';
import type { DbConversationRow } from '../../store/tables';
import { getAgent } from '../../store/agents';
import { createHandoff, LIVE_HANDOFF, moveHandoff, queuePosition, setHandoffCard, type DbHandoffRow } from '../../store/handoffs';
import { latestCustomerLanguage, listMessages } from '../../store/messages';
import { listPhotos } from '../../store/photos';
import { addTicketEvent, getTicket, openTicket, transitionTicket } from '../../store/tickets';
import { cancelTimer, scheduleTimer } from '../../store/timers';
import type { Logger } from '../logger';
import { photoLinksText } from '../photos/photo-link-text';
import type { PhotoLinks } from '../photos/photo-links';
import type { ProactiveMessenger } from '../proactive';
import type { Repositories } from '../../store/repositories';
import type { CustomerLine, CustomerOutbox } from '../turn/customer-outbox';
import { describeOpening, isOpen, nextOpening, type BusinessHours } from './business-hours';
import type { EmailFollowUp } from './email-follow-up';
import { confirmEndChat, isLeaveRequest, withEndChatButton } from './end-chat';
import { ticketCard } from './ticket-card';

/** Timer kind of the "no agent answered" timeout. */
export const HANDOFF_TIMEOUT = 'handoff-timeout';

/** Dependencies of {@link TeamsAgentDesk}. */
export interface AgentDeskDeps {
  db: Knex;
  repos: Repositories;
  messenger: ProactiveMessenger;
  outbox: CustomerOutbox;
  logger: Logger;
  agentTimeoutMs: number;
  /** When the team works; out of hours nobody is queued. */
  businessHours: BusinessHours;
  followUp: EmailFollowUp;
  /** Signs the links to customers' photos that agents open from Teams. */
  photoLinks: PhotoLinks;
}

/**
 * The customer side of the handoff: opens the ticket, posts it to the agents' Teams channel,
 * queues the customer, relays their messages while an agent is assigned, and speaks to the
 * customer proactively for everything agents do.
 */
export class TeamsAgentDesk {
  constructor(private readonly deps: AgentDeskDeps) {}

  /** Opens a ticket, tells the customer what happens next, and queues them for an agent. */
  async requestAgent(line: CustomerLine, request: AgentRequest, customerName: string | undefined): Promise<void> {
    const { db } = this.deps;
    const { target } = line;
    const now = Date.now();
    const transcript = await listMessages(db, target.conversationId);
    const firstQuestion = transcript.find((m) => m.role === 'customer' && m.kind === 'text' && m.text)?.text;
    const { ticket, created } = await openTicket(db, {
      conversationId: target.conversationId,
      customerId: target.customerId,
      channelId: target.channelId,
      priority: request.priority,
      intent: request.intent,
      subject: firstQuestion ?? 'Customer asked for a person',
      summary: transcript
        .slice(-10)
        .map((m) => `${m.role}: ${m.text ?? ''}`)
        .join('\n'),
      sourceKey: request.sourceKey,
      orderNumber: request.orderNumber,
      now,
    });
    if (!created) return;
    await markConversation(db, target.conversationId, { handed_off: true });
    if (!isOpen(this.deps.businessHours, now)) return this.outOfHours(line, ticket.id, customerName, now);
    const handoff = await createHandoff(db, { ticketId: ticket.id, conversationId: target.conversationId, now });
    const position = await queuePosition(db, handoff);
    await line.send(
      withEndChatButton(line, textReply(line.messages.text('handoff.queued', { ticket: ticket.id, position }))),
      EventFactory.createHandoffInitiation(line.context, { ticketId: ticket.id, priority: ticket.priority, reason: request.reason }, {
        activities: transcript.map((m) => ({
          type: 'message',
          text: m.text ?? '',
          from: { id: m.role, role: m.role === 'customer' ? 'user' : 'bot' },
        })),
      } as never),
    );
    await scheduleTimer(db, { kind: HANDOFF_TIMEOUT, key: String(handoff.id), dueAt: now + this.deps.agentTimeoutMs });
    await this.postCard(handoff, customerName ?? target.customerId);
  }

  /**
   * A request for a person while the team is away: no wait in a queue. The customer learns when
   * the team is back (on the shop's clock) and gets the email offer; the ticket card still goes
   * to the agents' channel, so the first agent back can accept it.
   */
  private async outOfHours(line: CustomerLine, ticketId: number, customerName: string | undefined, now: number): Promise<void> {
    const { db, businessHours } = this.deps;
    const handoff = await createHandoff(db, { ticketId, conversationId: line.target.conversationId, now, outOfHours: true });
    const back = nextOpening(businessHours, now);
    await addTicketEvent(db, ticketId, 'out_of_hours', 'bot', { back }, now);
    const opening = describeOpening(businessHours, back, line.messages);
    await line.send(
      textReply(line.messages.text('handoff.outOfHours', { opening, ticket: ticketId })),
      EventFactory.createHandoffStatus(line.context.activity.conversation, 'failed', 'Out of business hours'),
    );
    await this.deps.followUp.offer(line, ticketId);
    await this.postCard(handoff, customerName ?? line.target.customerId);
  }

  /**
   * A customer message during a live handoff. Every text reaches the agent as written (while
   * waiting it is added to the ticket); only the "End chat" button leaves, and a typed request
   * to leave ({@link isLeaveRequest}) is answered with a card that asks to confirm.
   */
  async onCustomerMessage(
    line: CustomerLine,
    message: { text: string; action?: CardAction; photoIds?: number[]; photoLinks?: number },
    handoff: DbHandoffRow,
  ): Promise<void> {
    const { action, text } = message;
    // A picture sent only as a link is never fetched: the customer hears so, whoever answers.
    if (message.photoLinks) await line.send(textReply(line.messages.text('photos.linkNotOpened')));
    if (action?.sb === 'handoff') {
      if (action.op === 'end') return this.customerLeaves(line, handoff);
      await line.send(textReply(line.messages.text(handoff.status === 'waiting' ? 'handoff.stillQueued' : 'handoff.stillConnected')));
      return;
    }
    const leaving = isLeaveRequest(text, line.messages.language);
    if (handoff.status === 'waiting') {
      if (leaving) return line.send(confirmEndChat(line, true));
      const position = await queuePosition(this.deps.db, handoff);
      await line.send(textReply(line.messages.text('handoff.addedToTicket', { ticket: handoff.ticket_id, position })));
      return;
    }
    const name = line.context.activity.from.name ?? 'Customer';
    const photos = photoLinksText(this.deps.photoLinks, message.photoIds ?? [], handoff.ticket_id);
    const unopened = message.photoLinks ? `(sent ${message.photoLinks} picture(s) as a link; not opened)` : '';
    await this.toAgentThread(handoff, `**${name}:** ${[text, photos, unopened].filter(Boolean).join('\n\n') || '(sent a card)'}`);
    if (leaving) await line.send(confirmEndChat(line, false));
  }

  /** The customer pressed "End chat": leaves the queue (abandoned) or ends the chat (resolved, survey). */
  private async customerLeaves(line: CustomerLine, handoff: DbHandoffRow): Promise<void> {
    const { target } = line;
    const { db } = this.deps;
    const now = Date.now();
    if (await moveHandoff(db, handoff.id, ['waiting'], 'abandoned', now, 'abandoned')) {
      await addTicketEvent(db, handoff.ticket_id, 'customer_left', target.customerId, null, now);
      await line.send(textReply(line.messages.text('handoff.leftQueue', { ticket: handoff.ticket_id })));
      await endConversation(db, target.conversationId, 'customer_left', now);
      await this.refreshCard(handoff.id, { outcome: 'Customer left the queue' });
    } else if (await moveHandoff(db, handoff.id, ['assigned'], 'ended', now, 'customer_ended')) {
      await transitionTicket(db, handoff.ticket_id, ['assigned'], 'resolved', {
        actor: target.customerId,
        now,
        event: 'resolved_by_customer',
      });
      await this.toAgentThread(handoff, 'The customer ended the chat.');
      await line.send(textReply(line.messages.text('handoff.customerEnded')));
      await this.sendSurvey(line);
      await endConversation(db, target.conversationId, 'agent', now);
      await this.refreshCard(handoff.id, { outcome: 'Ended by the customer' });
    }
  }

  /** Posts (or re-posts after a restart or a move of the queue) the ticket card to the active agents' channel. */
  async postCard(handoff: DbHandoffRow, customerName?: string, state: { takenBy?: string } = {}): Promise<void> {
    const channel = await activeAgentChannel(this.deps.db);
    if (!channel) {
      this.deps.logger.warn({ handoffId: handoff.id }, 'no agents channel registered: the ticket is only in the agent tab');
      return;
    }
    const reference = JSON.parse(channel.reference) as Partial<ConversationReference>;
    const card = await this.cardFor(handoff.id, customerName, state);
    await this.deps.messenger.continue(reference, async (ctx) => {
      const response = await ctx.sendActivity(cardReply('msteams', card, 'New ticket'));
      if (response?.id) await setHandoffCard(this.deps.db, handoff.id, response.id, `${channel.conversation_id};messageid=${response.id}`);
    });
  }

  /**
   * The queue moved to another team: posts the card of every live handoff there, so the new
   * team can accept waiting chats and the assigned agent continues in the new thread.
   */
  async repostLiveCards(): Promise<number> {
    const live = await this.deps.db<DbHandoffRow>('handoffs').whereIn('status', LIVE_HANDOFF).orderBy('id');
    for (const handoff of live) {
      const takenBy = handoff.agent_id ? ((await getAgent(this.deps.db, handoff.agent_id))?.name ?? handoff.agent_id) : undefined;
      await this.postCard(handoff, undefined, { takenBy });
    }
    return live.length;
  }

  /** Re-renders the ticket card for everyone in the channel. */
  async refreshCard(handoffId: number, state: { takenBy?: string; outcome?: string }): Promise<object | undefined> {
    const { db } = this.deps;
    const handoff = await db<DbHandoffRow>('handoffs').where({ id: handoffId }).first();
    const channel = await activeAgentChannel(db);
    if (!handoff?.card_activity_id || !channel) return undefined;
    const card = await this.cardFor(handoffId, undefined, state);
    const reference = JSON.parse(channel.reference) as Partial<ConversationReference>;
    await this.deps.messenger
      .continue(reference, async (ctx) => {
        await ctx.updateActivity({ ...cardReply('msteams', card, 'Ticket'), id: handoff.card_activity_id as string });
      })
      .catch((error: unknown) => this.deps.logger.warn({ err: error, handoffId }, 'could not update the ticket card'));
    return card;
  }

  /** The card of a handoff's ticket in its current state. */
  async cardFor(handoffId: number, customerName?: string, state: { takenBy?: string; outcome?: string } = {}): Promise<object> {
    const { db } = this.deps;
    const handoff = (await db<DbHandoffRow>('handoffs').where({ id: handoffId }).first()) as DbHandoffRow;
    const ticket = await getTicket(db, handoff.ticket_id);
    const messages = await listMessages(db, handoff.conversation_id);
    const customer = await db('customers').where({ id: ticket.customer_id }).first('name');
    const photoIds = (await listPhotos(db, [handoff.conversation_id])).map((p) => p.id);
    return ticketCard({
      ticket,
      handoffId,
      customerName: customerName ?? customer?.name ?? ticket.customer_id,
      language: latestCustomerLanguage(messages),
      lastMessages: messages.filter((m) => m.kind === 'text' && m.text).map((m) => ({ role: m.role, text: m.text as string })),
      photos: photoLinksText(this.deps.photoLinks, photoIds, ticket.id),
      ...state,
    });
  }

  /** Sends a message into the handoff's agent thread in Teams. */
  async toAgentThread(handoff: DbHandoffRow, text: string): Promise<void> {
    const channel = await activeAgentChannel(this.deps.db);
    if (!handoff.agent_conversation_id || !channel) return;
    const reference = JSON.parse(channel.reference) as Partial<ConversationReference>;
    const thread = {
      ...reference,
      conversation: { ...reference.conversation, id: handoff.agent_conversation_id },
    } as Partial<ConversationReference>;
    await this.deps.messenger.continue(thread, async (ctx) => {
      await ctx.sendActivity(textReply(text));
    });
  }

  /** Speaks to the customer of a handoff proactively; `role` is how the messages are stored. */
  async toCustomer(handoff: DbHandoffRow, role: 'bot' | 'agent', logic: (line: CustomerLine) => Promise<void>): Promise<void> {
    const conversation = (await this.deps
      .db<DbConversationRow>('conversations')
      .where({ id: handoff.conversation_id })
      .first()) as DbConversationRow;
    const target = {
      conversationId: conversation.id,
      customerId: conversation.customer_id,
      channelId: conversation.channel_id,
      channelConversationId: conversation.channel_conversation_id,
      language: languageOfConversation(conversation),
    };
    await this.deps.outbox.proactive(target, role, logic);
  }

  /** Sends the customer the satisfaction survey about the agent's help, once per conversation. */
  async sendSurvey(line: CustomerLine): Promise<void> {
    const offer = await surveyOffer(this.deps.repos.feedback, line.target, 'agent');
    await line.send(...offer.replies);
    await applyEffects(this.deps.repos, offer.effects);
  }

  /** Cancels the timeout of a handoff (it was accepted or ended). */
  async cancelTimeout(handoffId: number): Promise<void> {
    await cancelTimer(this.deps.db, HANDOFF_TIMEOUT, String(handoffId));
  }
}
