import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the bot made to the fake Bot Connector. */
export interface ConnectorCall {
  method: string;
  path: string;
  conversationId: string;
  // Free-form JSON as the bot sent it; tests read whatever fields they check.
  body: any;
  at: number;
}

/** Called for every recorded call before the connector answers (e.g. to inspect the database). */
export type OnCall = (call: ConnectorCall) => Promise<void> | void;

/**
 * A local stand-in for Microsoft's Bot Connector service at `serviceUrl`: records what the bot
 * sends (replies, proactive messages, card updates) and answers like the real service.
 */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  private server?: http.Server;
  private nextId = 1;
  onCall?: OnCall;
  /** When set and returning a status, the call is answered with that error status (an outage). */
  failWith?: (call: ConnectorCall) => number | undefined;
  /** Members returned by `GET /v3/conversations/{id}/members` (Teams roster lookups). */
  members: Array<{ id: string; name: string; aadObjectId?: string; email?: string }> = [];

  /** Starts listening on an ephemeral port of 127.0.0.1; resolves with its base URL. */
  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Message activities sent to a conversation (replies and proactive sends). */
  messagesTo(conversationId: string): ConnectorCall[] {
    return this.calls.filter((c) => c.conversationId === conversationId && c.method === 'POST' && c.body?.type === 'message');
  }

  /** Texts of the messages sent to a conversation. */
  textsTo(conversationId: string): string[] {
    return this.messagesTo(conversationId).map((c) => String(c.body.text ?? ''));
  }

  /** Waits until `predicate` holds over the recorded calls (polling), or fails after `timeoutMs`. */
  async waitFor(predicate: (calls: ConnectorCall[]) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.calls)) {
      if (Date.now() > deadline)
        throw new Error(
          `fake connector: condition not met within ${timeoutMs} ms; calls: ${JSON.stringify(this.calls.map((c) => [c.method, c.path, c.body?.text]))}`,
        );
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '').split('?')[0];
    const match = /^\/v3\/conversations\/([^/]+)/.exec(path);
    const call: ConnectorCall = {
      method: req.method ?? 'GET',
      path,
      conversationId: match ? decodeURIComponent(match[1]) : '',
      body: raw ? JSON.parse(raw) : undefined,
      at: Date.now(),
    };
    this.calls.push(call);
    await this.onCall?.(call);
    res.setHeader('Content-Type', 'application/json');
    const failure = this.failWith?.(call);
    if (failure) {
      res.statusCode = failure;
      res.end(JSON.stringify({ error: { code: 'ServiceError', message: 'fake outage' } }));
    } else if (call.method === 'GET' && path.endsWith('/members')) {
      res.end(JSON.stringify(this.members));
    } else if (call.method === 'GET' && /\/members\/[^/]+$/.test(path)) {
      const memberId = decodeURIComponent(path.split('/').pop() ?? '');
      const member = this.members.find((m) => m.id === memberId || m.aadObjectId === memberId);
      res.statusCode = member ? 200 : 404;
      res.end(JSON.stringify(member ?? { error: { code: 'MemberNotFoundInConversation' } }));
    } else if (call.method === 'POST' && path === '/v3/conversations') {
      res.statusCode = 201;
      res.end(JSON.stringify({ id: `created-${this.nextId++}`, activityId: `act-${this.nextId++}` }));
    } else {
      res.end(JSON.stringify({ id: `act-${this.nextId++}` }));
    }
  }
}
