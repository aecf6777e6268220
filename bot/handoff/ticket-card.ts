import { languageLabel } from '../../common/language-names';
import { intentLabel } from '../../dialogs/intent-labels';
import { messagesFor } from '../../dialogs/messages';
import { REFERENCE_LANGUAGE } from '../../common/languages';
import type { DbTicketRow } from '../../store/tickets';

/** What the agents' card shows about a ticket. */
export interface TicketCardInput {
  ticket: Pick<DbTicketRow, 'id' | 'priority' | 'intent' | 'subject' | 'channel_id' | 'status' | 'order_number'>;
  handoffId: number;
  customerName: string;
  /** The conversation's language (`conversations.language`; null = English): agents reply in it. */
  language: string | null;
  lastMessages: Array<{ role: string; text: string }>;
  /** Who took it, when taken; the Accept button is shown only while nobody has. */
  takenBy?: string;
  /** A closing line such as "Resolved by Dana". */
  outcome?: string;
  /** The customer's photos as agents read them (bot/photos/photo-link-text.ts). */
  photos?: string;
}

/** The ticket as an Adaptive Card in the agents' channel (Action.Execute with an Action.Submit fallback). */
export function ticketCard(input: TicketCardInput): object {
  const { ticket } = input;
  const facts = [
    { title: 'Customer', value: input.customerName },
    { title: 'Language', value: languageLabel(input.language) },
    { title: 'Channel', value: ticket.channel_id },
    { title: 'Topic', value: ticket.intent ? intentLabel(ticket.intent, messagesFor(REFERENCE_LANGUAGE)) : 'unknown' },
    // The number as the customer gave it: not proof that the order exists or is theirs.
    ...(ticket.order_number ? [{ title: 'Order', value: ticket.order_number }] : []),
    { title: 'Priority', value: ticket.priority },
    { title: 'Status', value: input.outcome ?? (input.takenBy ? `Taken by ${input.takenBy}` : 'Waiting for an agent') },
  ];
  const acceptData = { sb: 'accept', handoffId: input.handoffId };
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    body: [
      { type: 'TextBlock', text: `Ticket #${ticket.id}: ${ticket.subject}`, weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'FactSet', facts },
      ...input.lastMessages.slice(-5).map((m) => ({ type: 'TextBlock', text: `**${m.role}:** ${m.text}`, wrap: true, spacing: 'Small' })),
      ...(input.photos ? [{ type: 'TextBlock', text: input.photos, wrap: true, spacing: 'Small' }] : []),
      ...(input.takenBy || input.outcome
        ? []
        : [
            {
              type: 'TextBlock',
              text: 'After accepting, reply in this thread: your words go to the customer. Commands start with / (type /help).',
              isSubtle: true,
              wrap: true,
            },
          ]),
    ],
    actions:
      input.takenBy || input.outcome
        ? []
        : [
            {
              type: 'Action.Execute',
              title: 'Accept',
              verb: 'accept',
              data: acceptData,
              fallback: { type: 'Action.Submit', title: 'Accept', data: acceptData },
            },
          ],
  };
}
