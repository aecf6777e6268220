import type { Knex } from 'knex';
import type { Request } from 'restify';
import { dbText } from '../store/field-limits';
import { upsertAgent } from '../store/agents';
import { UnauthorizedError, UnavailableError } from '../store/errors';
import type { Authenticator } from './audited-route';
import { bearerToken } from './bearer-token';
import type { Config } from './config';
import type { AgentIdentity } from './handoff/agent-actions';
import { safeEqual } from './safe-equal';

// The name becomes `agents.name` and, as `tab:<name>`, `agents.id` (both 255).
const agentNameSchema = dbText(120).trim().min(1, 'X-Agent-Name header: required');

/**
 * Authenticates agent-tab calls: `Authorization: Bearer <AGENT_API_KEY>` and the agent's name in
 * `X-Agent-Name` (Teams fills it in from context). Refuses with 503 when no key is configured,
 * 401 for a missing or wrong key, 400 without a name. The agent is stored only when an accept
 * calls `register`.
 */
export function agentAuthenticator(config: Config, db: Knex): Authenticator<AgentIdentity> {
  return {
    authenticate(req: Request): AgentIdentity {
      if (!config.agentApiKey) throw new UnavailableError('The agent API is disabled: AGENT_API_KEY is not configured');
      const bearer = bearerToken(req.header('authorization'));
      if (!bearer || !safeEqual(bearer, config.agentApiKey)) throw new UnauthorizedError('Agent key missing or wrong');
      const name = agentNameSchema.parse(req.header('x-agent-name') ?? '');
      const id = `tab:${name.toLowerCase()}`;
      return { id, name, register: () => upsertAgent(db, { id, name, source: 'tab', now: Date.now() }) };
    },
  };
}
