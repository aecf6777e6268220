import type { Knex } from 'knex';
import { MINUTE_MS } from '../common/time';
import type { DbAgentRow } from './agents';

/** A row of `agent_credentials`: the hash of an issued agent secret, never the secret. */
export interface DbAgentCredentialRow {
  id: number;
  agent_id: string;
  secret_hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

/** An issued credential with its agent, as the admin list shows it (no hash). */
export interface AgentCredentialView {
  id: number;
  agentId: string;
  name: string | null;
  email: string | null;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** A credential's row with its agent's name, for signing in. */
export type AgentCredentialWithAgent = DbAgentCredentialRow & Pick<DbAgentRow, 'name'>;

// How often, at most, a credential's `last_used_at` is written: not on every request.
const LAST_USED_RESOLUTION_MS = MINUTE_MS;

/** Stores a new agent (issued by an admin) and its first credential in one transaction; returns the credential id. */
export async function insertAgentWithCredential(
  db: Knex,
  a: { agentId: string; name: string; email?: string; secretHash: string; now: number },
): Promise<number> {
  return db.transaction(async (tx) => {
    await tx('agents').insert({ id: a.agentId, name: a.name, email: a.email ?? null, source: 'admin', created_at: a.now });
    const [row] = await tx('agent_credentials')
      .insert({ agent_id: a.agentId, secret_hash: a.secretHash, created_at: a.now })
      .returning<Array<{ id: number }>>('id');
    return row.id;
  });
}

/** A credential and its agent's name, revoked or not; undefined for an unknown id. */
export async function findAgentCredential(db: Knex, id: number): Promise<AgentCredentialWithAgent | undefined> {
  return db('agent_credentials as c')
    .join('agents as a', 'a.id', 'c.agent_id')
    .where('c.id', id)
    .first<AgentCredentialWithAgent | undefined>('c.*', 'a.name');
}

/** Every issued credential, newest first, without its hash. */
export async function listAgentCredentials(db: Knex): Promise<AgentCredentialView[]> {
  const rows = await db('agent_credentials as c')
    .join('agents as a', 'a.id', 'c.agent_id')
    .orderBy('c.id', 'desc')
    .select<Array<Omit<DbAgentCredentialRow, 'secret_hash'> & Pick<DbAgentRow, 'name' | 'email'>>>(
      'c.id',
      'c.agent_id',
      'c.created_at',
      'c.last_used_at',
      'c.revoked_at',
      'a.name',
      'a.email',
    );
  return rows.map((r) => ({
    id: r.id,
    agentId: r.agent_id,
    name: r.name,
    email: r.email,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

/** Revokes a credential (kept once revoked); returns when it was revoked, undefined for an unknown id. */
export async function revokeAgentCredential(db: Knex, id: number, now: number): Promise<number | undefined> {
  await db('agent_credentials').where({ id }).whereNull('revoked_at').update({ revoked_at: now });
  const row = await db<DbAgentCredentialRow>('agent_credentials').where({ id }).first('revoked_at');
  return row?.revoked_at ?? undefined;
}

/** Notes that a credential signed a request (at most once a minute per credential). */
export async function touchAgentCredential(db: Knex, id: number, now: number): Promise<void> {
  await db('agent_credentials')
    .where({ id })
    .where((q) => q.whereNull('last_used_at').orWhere('last_used_at', '<', now - LAST_USED_RESOLUTION_MS))
    .update({ last_used_at: now });
}
