import type { Server } from 'restify';
import { z } from 'zod';
import { computeStats } from '../../store/metrics/compute-stats';
import { ensureTimer, ModelRefresher, nextNightlyRun } from '../../store/metrics/model-refresher';
import { statsToCsv } from '../../store/metrics/stats-csv';
import { computeTimeseries, intervalSchema, timeseriesMetricSchema } from '../../store/metrics/timeseries';
import { parseWindowQuery } from '../../store/metrics/window-query';
import { scheduleTimer } from '../../store/timers';
import { adminRoute, type AdminAuthDeps } from '../admin-auth';
import type { Scheduler } from '../scheduler';
import { registerAdminDashboard } from './admin-dashboard';

/** Timer kind of the nightly refit of the satisfaction model and the segments. */
export const NIGHTLY_REFIT_TIMER = 'metrics-refit';
const DAY_MS = 86_400_000;

/** Query of `GET /admin/stats/timeseries` besides the window. */
export const timeseriesQuerySchema = z.object({
  metric: timeseriesMetricSchema,
  interval: intervalSchema.default('day'),
});

/** Dependencies of {@link registerAdminStatsRoutes}. */
export interface AdminStatsDeps extends AdminAuthDeps {
  /** Durable timers; without one the nightly refit uses an in-process interval. */
  scheduler?: Scheduler;
}

/**
 * Registers the admin metrics: `GET /admin/stats`, `/admin/stats.csv`,
 * `/admin/stats/timeseries`, `POST /admin/segments/refresh` and the dashboard; starts the
 * model refit in the background and schedules it nightly. Returns the refresher (tests and
 * shutdown can wait for it).
 */
export function registerAdminStatsRoutes(server: Server, deps: AdminStatsDeps): ModelRefresher {
  const { db, logger } = deps;
  const refresher = new ModelRefresher(db);

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

  const refit = (why: string) =>
    refresher.refresh().then(
      (result) => logger.info({ why, mae: result.satisfaction?.mae, segments: result.segments?.k }, 'metric models refitted'),
      (error: unknown) => logger.warn({ err: error, why }, 'metric models refit failed'),
    );
  setImmediate(() => void refit('start'));
  if (deps.scheduler) {
    deps.scheduler.on(NIGHTLY_REFIT_TIMER, async () => {
      await refresher.refresh();
      await scheduleTimer(db, { kind: NIGHTLY_REFIT_TIMER, key: 'nightly', dueAt: nextNightlyRun(Date.now()) });
    });
    ensureTimer(db, NIGHTLY_REFIT_TIMER, 'nightly', nextNightlyRun(Date.now())).catch((error: unknown) =>
      logger.warn({ err: error }, 'could not schedule the nightly metrics refit'),
    );
  } else {
    setInterval(() => void refit('nightly'), DAY_MS).unref();
  }
  return refresher;
}
