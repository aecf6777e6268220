import type { Server } from 'restify';
import { z } from 'zod';
import { activateAgentChannel, getAgentChannel, listAgentChannels } from '../../store/agent-channels';
import { getAgent } from '../../store/agents';
import { ConflictError, NotFoundError } from '../../store/errors';
import { adminRoute, ADMIN, type AdminAuthDeps } from '../admin-auth';
import type { AgentActions } from '../handoff/agent-actions';
import type { TeamsAgentDesk } from '../handoff/agent-desk';

const channelChoiceSchema = z.strictObject({ id: z.number().int().positive() });
const ticketIdSchema = z.coerce.number().int().positive();
const assignSchema = z.strictObject({ agentId: z.string().trim().min(1).max(255) });

/** Dependencies of {@link registerAdminAgentDeskRoutes}. */
export interface AdminAgentDeskDeps extends AdminAuthDeps {
  desk: TeamsAgentDesk;
  actions: AgentActions;
}

/**
 * `/admin/agent-channel` (the teams the bot is installed in; move the queue to one) and
 * `POST /admin/tickets/:id/assign` (give a ticket to an agent). Every call is audited.
 */
export function registerAdminAgentDeskRoutes(server: Server, deps: AdminAgentDeskDeps): void {
  const pinned = deps.config.agentsTeamId;
  server.get(
    '/admin/agent-channel',
    adminRoute(deps, 'agent-channel.list', async (_req, res) => {
      const channels = await listAgentChannels(deps.db);
      res.send(200, {
        pinnedTeamId: pinned ?? null,
        channels: channels.map((c) => ({
          id: c.id,
          teamName: c.team_name,
          teamId: c.team_id,
          conversationId: c.conversation_id,
          active: Boolean(c.active),
          createdAt: c.created_at,
        })),
      });
    }),
  );
  server.put(
    '/admin/agent-channel',
    adminRoute(deps, 'agent-channel.activate', async (req, res) => {
      const { id } = channelChoiceSchema.parse(req.body ?? {});
      const channel = await getAgentChannel(deps.db, id);
      if (pinned && channel.team_id !== pinned) {
        throw new ConflictError(`AGENTS_TEAM_ID pins the agents' team to ${pinned}; change that variable to move the queue`);
      }
      await activateAgentChannel(deps.db, id);
      const reposted = await deps.desk.repostLiveCards();
      res.send(200, { active: id, reposted });
    }),
  );
  server.post(
    '/admin/tickets/:id/assign',
    adminRoute(deps, 'tickets.assign', async (req, res) => {
      const ticketId = ticketIdSchema.parse(req.params.id);
      const { agentId } = assignSchema.parse(req.body ?? {});
      const agent = await getAgent(deps.db, agentId);
      if (!agent) throw new NotFoundError(`agentId: no agent ${agentId}`);
      await deps.actions.assign(ticketId, { id: agent.id, name: agent.name ?? agent.id }, ADMIN.id);
      res.send(200, { ticketId, assignee: agent.id });
    }),
  );
}
