import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import { findAgentCredential, insertAgentWithCredential, touchAgentCredential } from '../store/agent-credentials';

/** What an admin gets back once when issuing a credential: the token is never shown again. */
export interface IssuedCredential {
  id: number;
  agentId: string;
  token: string;
}

/** An agent signed in with an issued credential. */
export interface CredentialAgent {
  id: string;
  name: string;
}

// `sbagent_<credential id>_<32 random bytes, base64url>`: the id finds the row, the secret is
// compared with the stored hash; the prefix tells it apart from a Teams SSO token (a JWT).
const TOKEN_PREFIX = 'sbagent_';
const tokenPattern = /^sbagent_(\d{1,9})_([A-Za-z0-9_-]{43})$/;

/** True when a bearer token has the shape of an issued agent credential. */
export function isIssuedCredential(token: string): boolean {
  return token.startsWith(TOKEN_PREFIX);
}

// SHA-256 suffices for a 256-bit random secret: nobody can guess it, so a slow password hash
// (scrypt) would only slow every agent request down (docs/security.md).
function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** Creates an agent and its credential; the token is returned here and stored only as a hash. */
export async function issueAgentCredential(db: Knex, agent: { name: string; email?: string }, now: number): Promise<IssuedCredential> {
  const secret = randomBytes(32).toString('base64url');
  const agentId = `tab:${randomUUID()}`;
  const id = await insertAgentWithCredential(db, { agentId, ...agent, secretHash: hashSecret(secret).toString('hex'), now });
  return { id, agentId, token: `${TOKEN_PREFIX}${id}_${secret}` };
}

/**
 * The agent an issued token belongs to, or undefined when the token is malformed, unknown,
 * revoked or its secret is wrong (compared in constant time).
 */
export async function verifyAgentCredential(db: Knex, token: string, now: number): Promise<CredentialAgent | undefined> {
  const match = tokenPattern.exec(token);
  if (!match) return undefined;
  const row = await findAgentCredential(db, Number(match[1]));
  if (!row || row.revoked_at !== null) return undefined;
  if (!timingSafeEqual(hashSecret(match[2]), Buffer.from(row.secret_hash, 'hex'))) return undefined;
  await touchAgentCredential(db, row.id, now);
  return { id: row.agent_id, name: row.name ?? row.agent_id };
}
