import type { Server } from 'restify';
import { z } from 'zod';
import { REFERENCE_LANGUAGE, SHIPPED_LANGUAGES } from '../../common/languages';
import { COLUMN_LENGTH, dbText } from '../../store/field-limits';
import { editArticle, listArticlesWithFeedback } from '../../store/kb-articles';
import { adminRoute, type AdminAuthDeps } from '../admin-auth';
import type { KnowledgeBase } from '../knowledge-base';

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

/** `?language=de`: which language's articles a call lists or edits (default English). */
const languageQuerySchema = z.looseObject({ language: z.enum(SHIPPED_LANGUAGES).default(REFERENCE_LANGUAGE) });

/** `/admin/kb…`: list with helpful rate, edit (per language, `?language=`), reindex. */
export function registerAdminKbRoutes(server: Server, deps: AdminAuthDeps & { knowledgeBase: KnowledgeBase }): void {
  server.get(
    '/admin/kb',
    adminRoute(deps, 'kb.list', async (req, res) => {
      const { language } = languageQuerySchema.parse(req.query ?? {});
      res.send(200, { language, articles: await listArticlesWithFeedback(deps.db, language) });
    }),
  );
  server.put(
    '/admin/kb/:id',
    adminRoute(deps, 'kb.edit', async (req, res) => {
      const id = idSchema.parse(req.params.id);
      const { language } = languageQuerySchema.parse(req.query ?? {});
      const change = articleEditSchema.parse(req.body ?? {});
      const article = await editArticle(deps.db, id, change, Date.now(), language);
      await deps.knowledgeBase.reindex();
      res.send(200, { article });
    }),
  );
  server.post(
    '/admin/kb/reindex',
    adminRoute(deps, 'kb.reindex', async (_req, res) => {
      res.send(200, { articles: await deps.knowledgeBase.seedAndIndex() });
    }),
  );
}
