import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the bot sent to one conversation since the counters were last taken. */
export interface ConversationReplies {
  messages: number;
  /** Messages that carried an Adaptive Card (the KB answer card). */
  cards: number;
}

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/**
 * A lean stand-in for Microsoft's Bot Connector at `serviceUrl` for load runs: it answers
 * like the real service and only counts replies per conversation (no call log that grows).
 */
export class CountingConnector {
  private server?: http.Server;
  private nextId = 1;
  private readonly replies = new Map<string, ConversationReplies>();
  /** Every message activity received, over the whole run. */
  totalMessages = 0;

  /** Starts listening on an ephemeral port of 127.0.0.1; resolves with its base URL (the `serviceUrl`). */
  async start(): Promise<string> {
    const server = http.createServer((req, res) => this.handle(req, res));
    server.keepAliveTimeout = 30_000;
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }

  /** Returns and resets the counters of a conversation. */
  take(conversationId: string): ConversationReplies {
    const counted = this.replies.get(conversationId) ?? { messages: 0, cards: 0 };
    this.replies.delete(conversationId);
    return counted;
  }

  /** Stops listening and drops open connections. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const match = /^\/v3\/conversations\/([^/?]+)\/activities/.exec(req.url ?? '');
      if (req.method === 'POST' && match) this.count(decodeURIComponent(match[1]), Buffer.concat(chunks).toString('utf8'));
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ id: `act-${this.nextId++}` }));
    });
  }

  private count(conversationId: string, raw: string): void {
    const activity = JSON.parse(raw) as { type?: string; attachments?: Array<{ contentType?: string }> };
    if (activity.type !== 'message') return;
    this.totalMessages++;
    const counted = this.replies.get(conversationId) ?? { messages: 0, cards: 0 };
    counted.messages++;
    if ((activity.attachments ?? []).some((a) => a.contentType === ADAPTIVE_CARD)) counted.cards++;
    this.replies.set(conversationId, counted);
  }
}
