import type { Server } from 'restify';
import { z } from 'zod';
import { activateNluModel, activateShippedModel, activeNluVersion, listNluModels } from '../../store/nlu-models';
import { adminRoute, type AdminAuthDeps } from '../admin-auth';
import { SHIPPED_VERSION, type Retrainer } from '../nlu-models/retrainer';

// A retrain takes no options: what it trains on and is judged by is the operator's
// configuration (NLU_TRAINING_PATH, NLU_EVAL_PATH), never the caller's.
const retrainBodySchema = z.strictObject({});

const versionSchema = z.string().regex(/^[0-9A-Za-z-]{1,64}$/, 'must be a model version (letters, digits, dashes)');

/**
 * The learning loop's model routes: `POST /admin/nlu/retrain` (202 `{version}`, 409 with the
 * running version while a retrain runs on any instance), `GET /admin/nlu/models` and
 * `POST /admin/nlu/models/:version/activate` (`shipped` goes back to the model in the repository).
 */
export function registerAdminNluModelRoutes(server: Server, deps: AdminAuthDeps & { retrainer: Retrainer }): void {
  server.post(
    '/admin/nlu/retrain',
    adminRoute(deps, 'nlu.retrain', async (req, res) => {
      retrainBodySchema.parse(req.body ?? {});
      const start = await deps.retrainer.start();
      if ('started' in start) res.send(202, { version: start.started });
      else res.send(409, { error: `a retrain is already running (version ${start.running})`, version: start.running });
    }),
  );
  server.get(
    '/admin/nlu/models',
    adminRoute(deps, 'nlu.models', async (_req, res) => {
      const [active, models] = await Promise.all([activeNluVersion(deps.db), listNluModels(deps.db)]);
      res.send(200, { active: active ?? SHIPPED_VERSION, models });
    }),
  );
  server.post(
    '/admin/nlu/models/:version/activate',
    adminRoute(deps, 'nlu.activate', async (req, res) => {
      const version = versionSchema.parse(req.params.version);
      if (version === SHIPPED_VERSION) await activateShippedModel(deps.db, Date.now());
      else await activateNluModel(deps.db, version, Date.now());
      res.send(200, { active: version });
    }),
  );
}
