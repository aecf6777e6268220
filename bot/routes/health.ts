import type { Knex } from 'knex';
import type { Server } from 'restify';

/** `GET /healthz` (the process answers) and `GET /readyz` (the database answers). */
export function registerHealthRoutes(server: Server, db: Knex): void {
  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });
  server.get('/readyz', async (_req, res) => {
    try {
      await db.raw('select 1');
      res.send(200, { status: 'ready' });
    } catch {
      res.send(503, { status: 'unavailable', error: 'database unreachable' });
    }
  });
}
