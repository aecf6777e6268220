import type { Server } from 'restify';
import { z } from 'zod';
import { computeStats } from '../../store/metrics/compute-stats';
import { statsToCsv } from '../../store/metrics/stats-csv';
import { computeTimeseries, intervalSchema, timeseriesMetricSchema } from '../../store/metrics/timeseries';
import { parseWindowQuery } from '../../store/metrics/window-query';
import { adminRoute, type AdminAuthDeps } from '../admin-auth';
import type { ModelRefresher } from '../metrics/model-refresher';
import { registerAdminDashboard } from './admin-dashboard';

/** Query of `GET /admin/stats/timeseries` besides the window. */
export const timeseriesQuerySchema = z.object({
  metric: timeseriesMetricSchema,
  interval: intervalSchema.default('day'),
});

/** Dependencies of {@link registerAdminStatsRoutes}. */
export interface AdminStatsDeps extends AdminAuthDeps {
  /** Refits the metric models on `POST /admin/segments/refresh` (one at a time with the background refits). */
  refresher: Pick<ModelRefresher, 'refresh'>;
}

/**
 * Registers the admin metrics: `GET /admin/stats`, `/admin/stats.csv`,
 * `/admin/stats/timeseries`, `POST /admin/segments/refresh` and the dashboard. The refits at
 * start and nightly are background jobs (bot/background-jobs.ts), not started here.
 */
export function registerAdminStatsRoutes(server: Server, deps: AdminStatsDeps): void {
  const { db, refresher } = deps;

  server.get(
    '/admin/stats',
    adminRoute(deps, 'stats.read', async (req, res) => {
      res.send(200, await computeStats(db, parseWindowQuery(req.query)));
    }),
  );
  server.get(
    '/admin/stats.csv',
    adminRoute(deps, 'stats.csv', async (req, res) => {
      const csv = statsToCsv(await computeStats(db, parseWindowQuery(req.query)));
      res.writeHead(200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="support-bot-stats.csv"',
      });
      res.end(csv);
    }),
  );
  server.get(
    '/admin/stats/timeseries',
    adminRoute(deps, 'stats.timeseries', async (req, res) => {
      const window = parseWindowQuery(req.query);
      const { metric, interval } = timeseriesQuerySchema.parse(req.query ?? {});
      const points = await computeTimeseries(db, window, metric, interval);
      res.send(200, {
        metric,
        interval,
        window: { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString(), channel: window.channel },
        points,
      });
    }),
  );
  server.post(
    '/admin/segments/refresh',
    adminRoute(deps, 'segments.refresh', async (_req, res) => {
      res.send(200, await refresher.refresh());
    }),
  );
  registerAdminDashboard(server, deps);
}
