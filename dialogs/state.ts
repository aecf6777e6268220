/** Per-conversation dialog state, kept in `bot_state` through botbuilder's ConversationState. */
export interface SupportState {
  /** The article last offered and what the customer already saw. */
  kb?: {
    articleId: string;
    shownIds: string[];
    query: string;
    intent: string | null;
    confidence: number;
    /** The customer message the query came from (absent in state saved before it was kept). */
    messageId?: number;
  };
  /** KB misses in a row ("No" or nothing found); two lead to a ticket. */
  misses: number;
  /** Intents offered by a "did you mean A or B?" question. */
  clarify?: { text: string; options: string[]; messageId?: number };
  /** A yes/no question the bot asked and awaits. */
  confirm?: 'delete_account';
  /**
   * The order the customer last named (canonical format; carried onto a ticket), and whether
   * the bot asked for the email on it and awaits the answer.
   */
  order?: { number: string; awaitingEmail: boolean };
}

/** A fresh state. */
export function initialState(): SupportState {
  return { misses: 0 };
}
