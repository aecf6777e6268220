import type { Knex } from 'knex';
import type { Request } from 'restify';
import { upsertAgent } from '../store/agents';
import { UnauthorizedError } from '../store/errors';
import { isIssuedCredential, verifyAgentCredential } from './agent-credentials';
import type { Authenticator } from './audited-route';
import { bearerToken } from './bearer-token';
import type { AgentIdentity } from './handoff/agent-actions';
import type { AgentRoster } from './handoff/agent-roster';
import { HttpError } from './http-errors';
import type { TeamsSsoVerifier } from './teams-sso';

/** Dependencies of {@link agentAuthenticator}. */
export interface AgentAuthDeps {
  db: Knex;
  /** Teams SSO, when `TEAMS_SSO_CLIENT_ID` is set. */
  sso?: { verifier: TeamsSsoVerifier; roster: AgentRoster };
}

/**
 * Authenticates agent-tab calls by `Authorization: Bearer <token>`: a credential an admin
 * issued at `/admin/agents` (the agent is the credential's), or inside Teams an SSO token whose
 * `oid` is on the agents' team roster (the agent is that Teams user). 401 for a missing, wrong,
 * revoked or expired credential, 403 for a Teams user outside the agents' team. An SSO agent is
 * stored only when an accept calls `register`.
 */
export function agentAuthenticator(deps: AgentAuthDeps): Authenticator<AgentIdentity> {
  return {
    async authenticate(req: Request): Promise<AgentIdentity> {
      const token = bearerToken(req.header('authorization'));
      if (!token) throw new UnauthorizedError('Sign in: an agent credential or a Teams sign-in token is required');
      if (isIssuedCredential(token) || !deps.sso) {
        const agent = await verifyAgentCredential(deps.db, token, Date.now());
        if (!agent) throw new UnauthorizedError('Agent credential wrong or revoked');
        return agent;
      }
      const user = await deps.sso.verifier.verify(token);
      if (!(await deps.sso.roster.isMember(user.oid))) throw new HttpError(403, "Not a member of the agents' team");
      return {
        id: user.oid,
        name: user.name,
        register: () => upsertAgent(deps.db, { id: user.oid, name: user.name, source: 'team', now: Date.now() }),
      };
    },
  };
}
