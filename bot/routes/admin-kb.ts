import type { Server } from 'restify';
import { z } from 'zod';
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

/** `/admin/kb…`: list with helpful rate, edit, reindex. */
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
}
