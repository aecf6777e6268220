import type { BotAdapter, ConversationReference, TurnContext } from 'botbuilder';

/** An adapter that can continue a stored conversation (CloudAdapter, DirectLineAdapter). */
export interface ContinuingAdapter {
  continueConversationAsync(
    botAppId: string,
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
}

/**
 * Runs proactive turns (agent relay, handoff notices, card updates) on the adapter that owns
 * the conversation: the built-in Direct Line endpoint for its marker `serviceUrl`, the
 * Bot Framework CloudAdapter for everything else.
 */
export class ProactiveMessenger {
  constructor(
    private readonly botAppId: string,
    private readonly cloud: ContinuingAdapter,
    private readonly local: Map<string, ContinuingAdapter & BotAdapter> = new Map(),
  ) {}

  /** Routes references whose `serviceUrl` equals `serviceUrl` to `adapter`. */
  register(serviceUrl: string, adapter: ContinuingAdapter & BotAdapter): void {
    this.local.set(serviceUrl, adapter);
  }

  /** Runs `logic` in a turn on the conversation of `reference`. */
  async continue(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const adapter = (reference.serviceUrl && this.local.get(reference.serviceUrl)) || this.cloud;
    await adapter.continueConversationAsync(this.botAppId, reference, logic);
  }
}
