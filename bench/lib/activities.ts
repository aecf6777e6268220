import { randomUUID } from 'node:crypto';

/** Options for building an activity as a channel would send it. */
export interface ActivityOptions {
  serviceUrl: string;
  conversationId: string;
  channelId?: string;
  fromId?: string;
  fromName?: string;
  id?: string;
  text?: string;
  value?: unknown;
  conversationType?: string;
  extra?: Record<string, unknown>;
}

const BOT = { id: 'bot-1', name: 'Support Bot' };

/** A customer's message activity. */
export function messageActivity(o: ActivityOptions): Record<string, unknown> {
  return {
    type: 'message',
    id: o.id ?? randomUUID(),
    timestamp: new Date().toISOString(),
    serviceUrl: o.serviceUrl,
    channelId: o.channelId ?? 'webchat',
    from: { id: o.fromId ?? 'customer-1', name: o.fromName ?? 'Casey Customer' },
    recipient: BOT,
    conversation: { id: o.conversationId, ...(o.conversationType ? { conversationType: o.conversationType } : {}) },
    text: o.text,
    ...(o.value === undefined ? {} : { value: o.value }),
    ...o.extra,
  };
}

/** A `conversationUpdate` adding the customer (what Web Chat sends on open). */
export function joinActivity(o: ActivityOptions): Record<string, unknown> {
  const from = { id: o.fromId ?? 'customer-1', name: o.fromName ?? 'Casey Customer' };
  return {
    type: 'conversationUpdate',
    id: o.id ?? randomUUID(),
    serviceUrl: o.serviceUrl,
    channelId: o.channelId ?? 'webchat',
    from,
    recipient: BOT,
    conversation: { id: o.conversationId },
    membersAdded: [BOT, from],
    ...o.extra,
  };
}

/** POSTs an activity to the bot like a channel does; returns the HTTP response. */
export async function postActivity(baseUrl: string, activity: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof activity === 'string' ? activity : JSON.stringify(activity),
  });
}
