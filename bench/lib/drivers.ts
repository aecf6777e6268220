import { randomUUID } from 'node:crypto';
import type { CountingConnector } from './counting-connector';
import type { JsonClient } from './http-client';

/** How one customer turn went. */
export interface TurnOutcome {
  ok: boolean;
  /** The reply carried the KB answer card. */
  kbAnswer: boolean;
  /** Why the turn failed, when it did. */
  error?: string;
}

/** One open customer conversation on an endpoint. */
export interface BenchConversation {
  /** Sends one customer message and waits for the bot's reply. */
  ask(text: string): Promise<TurnOutcome>;
}

/** Opens customer conversations on one endpoint. */
export interface Driver {
  readonly name: string;
  /** Starts a conversation the way the channel does (the join and the greeting). */
  open(): Promise<BenchConversation>;
}

const BOT = { id: 'bot-1', name: 'Support Bot' };

/**
 * `POST /api/messages` as Azure Bot Service delivers Web Chat traffic: a join, then messages;
 * replies go to the counting connector at `serviceUrl` before the POST returns.
 */
export class BotFrameworkDriver implements Driver {
  private sequence = 0;

  constructor(
    readonly name: string,
    private readonly client: JsonClient,
    private readonly connector: CountingConnector,
    private readonly serviceUrl: string,
    private readonly runTag: string,
  ) {}

  async open(): Promise<BenchConversation> {
    const n = ++this.sequence;
    const conversation = { id: `bench-${this.runTag}-${this.name}-${n}` };
    const from = { id: `customer-${this.runTag}-${this.name}-${n}`, name: `Customer ${n}` };
    const base = { serviceUrl: this.serviceUrl, channelId: 'webchat', recipient: BOT, conversation };
    const joined = await this.client.request('POST', '/api/messages', {
      ...base,
      type: 'conversationUpdate',
      id: randomUUID(),
      from,
      membersAdded: [BOT, from],
    });
    if (joined.status >= 300) throw new Error(`${this.name}: join answered HTTP ${joined.status}`);
    this.connector.take(conversation.id);
    return {
      ask: async (text) => {
        const activity = { ...base, type: 'message', id: randomUUID(), timestamp: new Date().toISOString(), from, text };
        const res = await this.client.request('POST', '/api/messages', activity);
        const replies = this.connector.take(conversation.id);
        if (res.status >= 300) return { ok: false, kbAnswer: false, error: `HTTP ${res.status}` };
        if (replies.messages === 0) return { ok: false, kbAnswer: false, error: 'no reply reached the connector' };
        return { ok: true, kbAnswer: replies.cards > 0 };
      },
    };
  }
}

interface PollBody {
  activities: Array<{ from?: { role?: string }; attachments?: Array<{ contentType?: string }> }>;
  watermark: string;
}

/**
 * The widget's built-in Direct Line endpoint, called like Web Chat with `webSocket: false`:
 * `POST /webchat/token`, `POST /v3/directline/conversations`, then per message a POST of the
 * activity and one poll that must already hold the bot's reply.
 */
export class DirectLineDriver implements Driver {
  readonly name = 'directline';

  constructor(private readonly client: JsonClient) {}

  async open(): Promise<BenchConversation> {
    const token = await this.client.request('POST', '/webchat/token');
    const tokenBody = token.body as { token?: string; userId?: string };
    if (token.status !== 200 || !tokenBody.token) throw new Error(`directline: token answered HTTP ${token.status}`);
    const started = await this.client.request('POST', '/v3/directline/conversations', {}, auth(tokenBody.token));
    const session = started.body as { conversationId?: string; token?: string };
    if (started.status !== 201 || !session.conversationId || !session.token) {
      throw new Error(`directline: start conversation answered HTTP ${started.status}`);
    }
    const path = `/v3/directline/conversations/${session.conversationId}/activities`;
    const headers = auth(session.token);
    const poll = async (watermark: string) => {
      const res = await this.client.request('GET', `${path}?watermark=${encodeURIComponent(watermark)}`, undefined, headers);
      if (res.status !== 200) throw new Error(`poll answered HTTP ${res.status}`);
      return res.body as PollBody;
    };
    let watermark = (await poll('')).watermark;
    return {
      ask: async (text) => {
        const posted = await this.client.request(
          'POST',
          path,
          {
            type: 'message',
            text,
            textFormat: 'plain',
            locale: 'en-GB',
            from: { id: tokenBody.userId, role: 'user' },
            channelData: { clientActivityID: randomUUID() },
          },
          headers,
        );
        if (posted.status !== 200) return { ok: false, kbAnswer: false, error: `HTTP ${posted.status}` };
        const seen = await poll(watermark);
        watermark = seen.watermark;
        const replies = seen.activities.filter((a) => a.from?.role === 'bot');
        if (replies.length === 0) return { ok: false, kbAnswer: false, error: 'no reply in the first poll' };
        const kbAnswer = replies.some((a) =>
          (a.attachments ?? []).some((x) => x.contentType === 'application/vnd.microsoft.card.adaptive'),
        );
        return { ok: true, kbAnswer };
      },
    };
  }
}

function auth(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}
