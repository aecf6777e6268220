import { TEST_ADMIN_KEY } from './test-app';

/** An agent issued through `POST /admin/agents`, with the headers its tab requests carry. */
export interface IssuedAgent {
  /** The credential's id (what `DELETE /admin/agents/:id` takes). */
  id: number;
  /** The agent's id: the audit log's actor and the tickets' assignee. */
  agentId: string;
  token: string;
  headers: Record<string, string>;
}

/** Issues a credential to a new agent through the admin route of the server at `baseUrl`. */
export async function issueAgent(baseUrl: string, name: string, email?: string): Promise<IssuedAgent> {
  const res = await fetch(`${baseUrl}/admin/agents`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TEST_ADMIN_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, email }),
  });
  if (res.status !== 201) throw new Error(`POST /admin/agents answered ${res.status}: ${await res.text()}`);
  const issued = (await res.json()) as { id: number; agentId: string; token: string };
  return { ...issued, headers: { Authorization: `Bearer ${issued.token}`, 'Content-Type': 'application/json' } };
}

/**
 * A new agent takes the only ticket in the queue in the agent tab (through its API) and answers
 * the customer with `text`; returns the ticket's id.
 */
export async function answerOnlyTicket(baseUrl: string, text: string): Promise<number> {
  const agent = await issueAgent(baseUrl, 'Robin');
  const call = async (path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}/agent/api${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: agent.headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    return res.json();
  };
  const { tickets } = (await call('/queue')) as { tickets: Array<{ id: number; handoffId: number }> };
  if (tickets.length !== 1) throw new Error(`expected one ticket in the queue, found ${tickets.length}`);
  await call(`/handoffs/${tickets[0].handoffId}/accept`, {});
  await call(`/handoffs/${tickets[0].handoffId}/messages`, { text });
  return tickets[0].id;
}
