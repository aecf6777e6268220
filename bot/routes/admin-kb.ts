import type { Server } from 'restify';
import { z } from 'zod';
import { activateAgentChannel, listAgentChannels } from '../../store/agent-channels';
import { COLUMN_LENGTH, dbText } from '../../store/field-limits';
import { editArticle, listArticlesWithFeedback } from '../../store/kb-articles';
import { adminRoute, type AdminAuthDeps } from '../admin-auth';
import type { KnowledgeBase } from '../knowledge-base';
import { articlesDir } from '../paths';

const articleEditSchema = z
  .strictObject({
    title: dbText(COLUMN_LENGTH.articleTitle).trim().min(3).optional(),
    summary: dbText(600).trim().min(10).optional(),
    body: dbText(50_000).trim().min(20).optional(),
    intents: z
      .array(z.string().regex(/^[a-z_]+$/))
      .min(1)
      .max(10)
      .optional(),
    tags: z.array(dbText(60).trim().min(1)).max(20).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'give at least one field to change');

const idSchema = z.string().regex(/^[a-z0-9-]{1,128}$/, 'must be an article id (lowercase letters, digits, dashes)');
const channelChoiceSchema = z.strictObject({ id: z.number().int().positive() });

/** `/admin/kb…` (list with helpful rate, edit, reindex) and `/admin/agent-channel`. */
export function registerAdminKbRoutes(server: Server, deps: AdminAuthDeps & { knowledgeBase: KnowledgeBase }): void {
  server.get(
    '/admin/kb',
    adminRoute(deps, 'kb.list', async (_req, res) => {
      res.send(200, { articles: await listArticlesWithFeedback(deps.db) });
    }),
  );
  server.put(
    '/admin/kb/:id',
    adminRoute(deps, 'kb.edit', async (req, res) => {
      const id = idSchema.parse(req.params.id);
      const change = articleEditSchema.parse(req.body ?? {});
      const article = await editArticle(deps.db, id, change, Date.now());
      await deps.knowledgeBase.reindex();
      res.send(200, { article });
    }),
  );
  server.post(
    '/admin/kb/reindex',
    adminRoute(deps, 'kb.reindex', async (_req, res) => {
      await deps.knowledgeBase.seedAndIndex(articlesDir);
      res.send(200, { articles: (await listArticlesWithFeedback(deps.db)).length });
    }),
  );
  server.get(
    '/admin/agent-channel',
    adminRoute(deps, 'agent-channel.list', async (_req, res) => {
      const channels = await listAgentChannels(deps.db);
      res.send(200, {
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
      await activateAgentChannel(deps.db, id);
      res.send(200, { active: id });
    }),
  );
}
