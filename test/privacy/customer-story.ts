import { randomBytes } from 'node:crypto';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { poll, post, startSession, userMessage } from '../directline/directline-client';
import { issueAgent } from '../helpers/agents';
import { TEST_ADMIN_KEY, type TestApp } from '../helpers/test-app';

/** Unique strings a story writes, to look for afterwards. */
export interface StoryMarkers {
  /** Only in the web chat customer's ids and name. */
  id: string;
  /** Only in what customers and the agent wrote. */
  words: string;
  email: string;
  card: string;
}

/** The two customers of a story. */
export interface Story {
  /** A web chat customer (through `/api/messages`) who got a ticket, an agent, a note and a survey. */
  webchat: string;
  /** A widget customer (through the built-in Direct Line endpoint). */
  directline: string;
}

/** Fresh markers: letters and digits only, so they need no escaping in LIKE patterns. */
export function newMarkers(): StoryMarkers {
  const hex = randomBytes(6).toString('hex');
  return { id: `idmark${hex}`, words: `wordmark${hex}`, email: `jane.${hex}@example.com`, card: '4111 1111 1111 1111' };
}

/** Admin request headers. */
export const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_KEY}` };

/**
 * Plays, through real HTTP, everything the product stores about two customers: typed words
 * with an email and a card number, a ticket and handoff, an agent's reply and note, a survey
 * comment, a widget conversation, and an admin export of each.
 */
export async function tellStory(t: TestApp, m: StoryMarkers): Promise<Story> {
  const conversationId = `conv-${m.id}`;
  const fromId = `alice.${m.id}@example.com`;
  const say = (text: string, value?: unknown) =>
    postActivity(
      t.url,
      messageActivity({ serviceUrl: t.connector.url, conversationId, fromId, fromName: `Alice ${m.id}`, text, value }),
    ).then(expectOk('customer message'));
  await say(`my email is ${m.email} and card ${m.card}, the ${m.words} parcel never came`);
  await say(`I want to talk to a person about the ${m.words} parcel`);

  const { headers: agent } = await issueAgent(t.url, 'Robin');
  const api = (path: string, body?: unknown) =>
    fetch(`${t.url}/agent/api${path}`, { method: body === undefined ? 'GET' : 'POST', headers: agent, body: JSON.stringify(body) });
  const { tickets } = await (await api('/queue')).json();
  const handoff = tickets[0].handoffId;
  await api(`/handoffs/${handoff}/accept`, {}).then(expectOk('accept'));
  await api(`/handoffs/${handoff}/messages`, { text: `Robin here about your ${m.words} parcel` }).then(expectOk('agent reply'));
  await api(`/handoffs/${handoff}/notes`, { text: `${m.words} customer, card ${m.card}` }).then(expectOk('note'));
  await api(`/handoffs/${handoff}/end`, {}).then(expectOk('end'));
  const [survey] = await t.app.db('feedback').select('conversation_id');
  await say('', { sb: 'survey', kind: 'agent', conversationId: survey.conversation_id, rating: 2, comment: `${m.words} was slow` });

  const session = await startSession(t.url);
  await post(t.url, session, userMessage(`the ${m.words} lamp, mail ${m.email}`, 'client-1')).then(expectOk('widget message'));
  await poll(t.url, session);
  const webchat = `webchat:${fromId}`;
  const directline = `directline:${session.userId}`;
  for (const id of [webchat, directline]) {
    await fetch(`${t.url}/admin/customers/${encodeURIComponent(id)}/export`, { headers: ADMIN }).then(expectOk('export'));
  }
  return { webchat, directline };
}

function expectOk(what: string) {
  return (res: Response) => {
    if (res.status >= 300) throw new Error(`${what}: HTTP ${res.status}`);
    return res;
  };
}
