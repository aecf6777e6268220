import { expect } from 'chai';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { TEST_ADMIN_KEY, type TestApp } from '../helpers/test-app';

/** Admin request headers (JSON body). */
export const ADMIN_JSON = { Authorization: `Bearer ${TEST_ADMIN_KEY}`, 'Content-Type': 'application/json' };

/** A customer chatting through `/api/messages` in one conversation. */
export interface Chat {
  conversationId: string;
  /** Sends one message (with the channel's activity id `id`, random when omitted) and waits for the bot's turn. */
  say(text: string, id?: string): Promise<void>;
  /** The stored id of the customer message with this text (the latest one). */
  messageIdOf(text: string): Promise<number>;
  /** The customer's id as stored (`webchat:<user>`). */
  customerId(): Promise<string>;
}

/** Opens a chat of customer `user` in a fresh conversation `conversation`. */
export function chat(t: TestApp, user: string, conversation: string): Chat {
  const rowOf = () => t.app.db('conversations').where({ channel_conversation_id: conversation }).first();
  return {
    conversationId: conversation,
    async say(text, id) {
      const activity = messageActivity({ serviceUrl: t.connector.url, conversationId: conversation, fromId: user, text, id });
      const res = await postActivity(t.url, activity);
      expect(res.status, `the turn "${text}" was accepted`).to.be.lessThan(300);
    },
    async messageIdOf(text) {
      const row = await t.app
        .db('messages')
        .where({ conversation_id: (await rowOf()).id, role: 'customer', text })
        .orderBy('id', 'desc')
        .first('id');
      expect(row, `message "${text}" stored`).not.to.equal(undefined);
      return Number(row.id);
    },
    async customerId() {
      return (await rowOf()).customer_id;
    },
  };
}

/** Calls an admin route with the key (or with `headers` instead). */
export async function admin(t: TestApp, method: string, path: string, body?: unknown, headers: Record<string, string> = ADMIN_JSON) {
  const res = await fetch(`${t.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

/** The review queue, every page. */
export async function reviewQueue(t: TestApp) {
  const items = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : '?limit=2';
    const { status, body } = await admin(t, 'GET', `/admin/nlu/review${query}`);
    expect(status).to.equal(200);
    items.push(...body.items);
    cursor = body.next;
  } while (cursor);
  return items;
}
