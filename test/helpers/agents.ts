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
