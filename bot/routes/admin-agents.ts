import type { Server } from 'restify';
import { z } from 'zod';
import { listAgentCredentials, revokeAgentCredential } from '../../store/agent-credentials';
import { NotFoundError } from '../../store/errors';
import { dbText } from '../../store/field-limits';
import { adminRoute, type AdminAuthDeps } from '../admin-auth';
import { issueAgentCredential } from '../agent-credentials';
import type { AsyncHandler } from '../http-errors';

const issueBody = z.strictObject({
  name: dbText(120).trim().min(1, 'required'),
  email: z.email('must be an e-mail address').max(254).optional(),
});
const idParam = z.coerce.number().int().positive().max(999_999_999);

/**
 * Agents' credentials for the agent tab outside Teams: `POST /admin/agents {name, email?}`
 * issues one (201, the token shown only in this answer), `GET /admin/agents` lists them
 * without secrets, `DELETE /admin/agents/:id` or `POST /admin/agents/:id/revoke` revokes one.
 */
export function registerAdminAgentRoutes(server: Server, deps: AdminAuthDeps): void {
  server.post(
    '/admin/agents',
    adminRoute(deps, 'agents.issue', async (req, res) => {
      const { name, email } = issueBody.parse(req.body ?? {});
      const now = Date.now();
      const issued = await issueAgentCredential(deps.db, { name, email }, now);
      res.send(201, { ...issued, name, email: email ?? null, createdAt: now });
    }),
  );
  server.get(
    '/admin/agents',
    adminRoute(deps, 'agents.list', async (_req, res) => {
      res.send(200, { agents: await listAgentCredentials(deps.db) });
    }),
  );
  const revoke: AsyncHandler = async (req, res) => {
    const id = idParam.parse(req.params.id);
    const revokedAt = await revokeAgentCredential(deps.db, id, Date.now());
    if (revokedAt === undefined) throw new NotFoundError(`Agent credential ${id} not found`);
    res.send(200, { id, revokedAt });
  };
  server.del('/admin/agents/:id', adminRoute(deps, 'agents.revoke', revoke));
  server.post('/admin/agents/:id/revoke', adminRoute(deps, 'agents.revoke', revoke));
}
