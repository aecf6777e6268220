import { describeNotice } from '../handoff/email-follow-up';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Server } from 'restify';
import { z } from 'zod';
import { dbText } from '../../store/field-limits';
import { handoffOfTicket } from '../../store/handoffs';
import { listActiveTickets } from '../../store/tickets';
import { agentAuthenticator } from '../agent-auth';
import { auditedRoute, type CallerHandler } from '../audited-route';
import type { Config } from '../config';
import type { AgentActions, AgentIdentity } from '../handoff/agent-actions';
import type { AgentRoster } from '../handoff/agent-roster';
import type { TicketLifecycle } from '../handoff/ticket-lifecycle';
import { withLanguages } from '../handoff/ticket-languages';
import { handle } from '../http-errors';
import type { Logger } from '../logger';
import type { PhotoLinks } from '../photos/photo-links';
import { projectRoot } from '../paths';
import { TeamsSsoVerifier } from '../teams-sso';
import type { RefusedCalls } from '../refused-calls';
import { fileSource, StaticAsset } from '../webchat/static-assets';
import { contentSecurityPolicy } from '../webchat/security-headers';
import { statusBodySchema } from './ticket-query';
import { registerAgentPhotoRoute } from './agent-photos';
import { registerTicketRoutes } from './ticket-routes';
import type { KnownIntents } from '../known-intents';

/** Dependencies of {@link registerAgentTab}. */
export interface AgentTabDeps {
  config: Config;
  db: Knex;
  logger: Logger;
  actions: AgentActions;
  /** The agents' team, for Teams SSO sign-ins. */
  roster: AgentRoster;
  tickets: TicketLifecycle;
  /** The labels a ticket's intent may be corrected to. */
  intents: KnownIntents;
  refusals: RefusedCalls;
  photoLinks: PhotoLinks;
}

const idParam = z.coerce.number().int().positive();
const textBody = z.strictObject({ text: dbText(4000).trim().min(1) });
const publicDir = path.join(projectRoot, 'bot', 'agent', 'public');

// Teams shows the tab in a frame: allow Teams' origins to frame it, nobody else.
const TEAMS_FRAME_ANCESTORS = "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft";

/**
 * The agent tab (`GET /agent`, also the Teams static tab) and its API under `/agent/api`, for
 * signed-in agents only: a credential an admin issued, or Teams SSO (see {@link agentAuthenticator}).
 */
export function registerAgentTab(server: Server, deps: AgentTabDeps): void {
  const page = new StaticAsset(fileSource(path.join(publicDir, 'agent.html')), 'text/html; charset=utf-8', 0);
  const assets: Record<string, StaticAsset> = {
    'agent.js': new StaticAsset(fileSource(path.join(publicDir, 'agent.js')), 'text/javascript; charset=utf-8'),
    'agent.css': new StaticAsset(fileSource(path.join(publicDir, 'agent.css')), 'text/css; charset=utf-8'),
    'teams.js': new StaticAsset(
      fileSource(require.resolve('@microsoft/teams-js/dist/umd/MicrosoftTeams.min.js')),
      'text/javascript; charset=utf-8',
    ),
  };
  server.get(
    '/agent',
    handle(deps.logger, async (req, res) => {
      res.header('Content-Security-Policy', contentSecurityPolicy('anyone').replace('frame-ancestors *', TEAMS_FRAME_ANCESTORS));
      res.header('Referrer-Policy', 'no-referrer');
      await page.send(req, res);
    }),
  );
  server.get(
    '/agent/static/:file',
    handle(deps.logger, async (req, res) => {
      const asset = assets[String(req.params.file)];
      if (!asset) {
        res.send(404, { error: 'Not found' });
        return;
      }
      await asset.send(req, res);
    }),
  );

  const sso = deps.config.teamsSso && {
    verifier: new TeamsSsoVerifier({ ...deps.config.teamsSso, publicUrl: deps.config.publicUrl }),
    roster: deps.roster,
  };
  const agents = agentAuthenticator({ db: deps.db, sso });
  const route = (action: string, fn: CallerHandler<AgentIdentity>) => auditedRoute(deps, agents, `agent.${action}`, fn);
  server.get(
    '/agent/api/me',
    route('me', async (_req, res, agent) => {
      res.send(200, { id: agent.id, name: agent.name });
    }),
  );
  server.get(
    '/agent/api/queue',
    route('queue', async (_req, res) => {
      const tickets = await withLanguages(deps.db, await listActiveTickets(deps.db));
      const rows = await Promise.all(
        tickets.map(async (t) => {
          const handoff = await handoffOfTicket(deps.db, t.id);
          return {
            id: t.id,
            subject: t.subject,
            priority: t.priority,
            intent: t.intent,
            status: t.status,
            channel: t.channel_id,
            language: t.language,
            languageLabel: t.languageLabel,
            openedAt: t.opened_at,
            handoffId: handoff?.id ?? null,
            handoffStatus: handoff?.status ?? null,
            assignee: t.assignee_id,
          };
        }),
      );
      res.send(200, { tickets: rows });
    }),
  );
  // What an agent may correct a ticket's intent to (the form in the tab).
  server.get(
    '/agent/api/intents',
    route('intents', async (_req, res) => {
      res.send(200, { intents: deps.intents.all });
    }),
  );
  registerTicketRoutes(server, '/agent/api/tickets', route, {
    db: deps.db,
    tickets: deps.tickets,
    statusBody: (body) => statusBodySchema.parse(body),
    photoLinks: deps.photoLinks,
    intents: deps.intents,
  });
  registerAgentPhotoRoute(server, { ...deps, links: deps.photoLinks, agents });
  server.post(
    '/agent/api/handoffs/:id/accept',
    route('accept', async (req, res, agent) => {
      const result = await deps.actions.accept(idParam.parse(req.params.id), agent);
      res.send(result.won ? 200 : 409, result.won ? { takenBy: result.takenBy } : { error: `Already taken by ${result.takenBy}` });
    }),
  );
  server.post(
    '/agent/api/handoffs/:id/messages',
    route('message', async (req, res, agent) => {
      const notice = await deps.actions.say(idParam.parse(req.params.id), agent, textBody.parse(req.body ?? {}).text);
      res.send(201, { sent: true, email: notice ? { ...notice, message: describeNotice(notice) } : null });
    }),
  );
  server.post(
    '/agent/api/handoffs/:id/notes',
    route('note', async (req, res, agent) => {
      await deps.actions.note(idParam.parse(req.params.id), agent, textBody.parse(req.body ?? {}).text);
      res.send(201, { saved: true });
    }),
  );
  server.post(
    '/agent/api/handoffs/:id/release',
    route('release', async (req, res, agent) => {
      await deps.actions.release(idParam.parse(req.params.id), agent);
      res.send(200, { status: 'waiting' });
    }),
  );
  server.post(
    '/agent/api/handoffs/:id/end',
    route('end', async (req, res, agent) => {
      await deps.actions.end(idParam.parse(req.params.id), agent);
      res.send(200, { status: 'ended' });
    }),
  );
}
