import type { TicketStatus } from '../../store/tickets';

/** Ticket statuses an agent may set with `/status` (assigning is the card's Accept). */
export const SETTABLE_STATUSES = ['open', 'waiting', 'resolved', 'closed'] as const satisfies readonly TicketStatus[];

/** An agent's command in a ticket's thread: a message whose text starts with `/`. */
export type AgentCommand =
  | { name: 'end' }
  | { name: 'release' }
  | { name: 'note'; text: string }
  | { name: 'status'; status?: string }
  | { name: 'help' }
  | { name: 'unknown'; word: string };

/** What agents can do in a ticket's thread, shown by `/help` and for an unknown command. */
export const AGENT_HELP = [
  'Commands start with **/** and never reach the customer:',
  '- **/end**: end the chat, resolve the ticket and send the customer the survey',
  '- **/release**: give the ticket back to the queue',
  '- **/note** *text*: add an internal note to the ticket',
  `- **/status** [${SETTABLE_STATUSES.join('|')}]: show or change the ticket's status`,
  '- **/help**: this list',
  'Everything else you write in this thread goes to the customer as you wrote it.',
].join('\n');

/**
 * The command in an agent's message (the bot's @mention already removed), or undefined when
 * the message is a reply for the customer.
 */
export function parseAgentCommand(text: string): AgentCommand | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('/')) return undefined;
  const [head = '', ...rest] = trimmed.slice(1).split(/\s+/);
  const word = head.toLowerCase();
  const argument = rest.join(' ').trim();
  switch (word) {
    case 'end':
    case 'release':
    case 'help':
      return { name: word };
    case 'note':
      return { name: 'note', text: argument };
    case 'status':
      return { name: 'status', status: argument ? argument.toLowerCase() : undefined };
    default:
      return { name: 'unknown', word };
  }
}
