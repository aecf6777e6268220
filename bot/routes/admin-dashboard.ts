import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { UnauthorizedError, UnavailableError } from '../../store/errors';
import { ADMIN, adminAuthenticator, type AdminAuthDeps } from '../admin-auth';
import { AdminSessions } from '../admin-session';
import { auditedRoute, type Authenticator, type Caller } from '../audited-route';
import { escapeHtml } from '../html';
import { handle, statusOf } from '../http-errors';
import { projectRoot } from '../paths';
import { safeEqual } from '../safe-equal';

const adminDir = path.join(projectRoot, 'bot', 'admin');

/** Content-Security-Policy of the dashboard pages: own scripts and styles only, no inline code. */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const loginFormSchema = z.object({ key: z.string().min(1).max(1024) });
const DISABLED = 'Admin access is disabled: ADMIN_API_KEY is not configured.';

interface Asset {
  type: string;
  body: Buffer;
}

/**
 * `GET /admin/dashboard` (the login form, or the charts with a valid session),
 * `POST /admin/dashboard/login` (key check → HttpOnly SameSite=Strict session cookie),
 * `POST /admin/dashboard/logout` and the page assets under `/admin/dashboard/assets/`
 * (chart.js from node_modules, no CDN).
 */
export function registerAdminDashboard(server: Server, deps: AdminAuthDeps): void {
  const page = (name: string) => readFileSync(path.join(adminDir, name), 'utf8');
  const loginPage = page('login.html');
  const dashboardPage = page('dashboard.html');
  const assets = new Map<string, Asset>([
    ['dashboard.js', { type: 'text/javascript; charset=utf-8', body: readFileSync(path.join(adminDir, 'dashboard.js')) }],
    ['nlu-review.js', { type: 'text/javascript; charset=utf-8', body: readFileSync(path.join(adminDir, 'nlu-review.js')) }],
    ['dashboard.css', { type: 'text/css; charset=utf-8', body: readFileSync(path.join(adminDir, 'dashboard.css')) }],
    [
      'chart.umd.js',
      {
        type: 'text/javascript; charset=utf-8',
        // chart.js's package exports do not expose dist/, so it is read by path.
        body: readFileSync(path.join(projectRoot, 'node_modules', 'chart.js', 'dist', 'chart.umd.js')),
      },
    ],
  ]);
  const login = (message: string) => loginPage.replace('<!--message-->', escapeHtml(message));

  const sessions = new AdminSessions(deps.db);
  const admins = adminAuthenticator(deps.config, sessions);
  const loginForm: Authenticator<Caller> = {
    authenticate(req: Request) {
      const key = deps.config.adminApiKey;
      if (!key) throw new UnavailableError(DISABLED);
      const form = loginFormSchema.safeParse(req.body ?? {});
      if (form.success && safeEqual(form.data.key, key)) return ADMIN;
      throw new UnauthorizedError('That key is not right.');
    },
    refuse: (res, error) => sendHtml(res, statusOf(error), login(error instanceof Error ? error.message : '')),
  };

  server.get('/admin/dashboard', async (req: Request, res: Response) => {
    if (!deps.config.adminApiKey) {
      sendHtml(res, 503, login(DISABLED));
      return;
    }
    sendHtml(res, 200, (await isAllowed(admins, req)) ? dashboardPage : login(''));
  });

  server.post(
    '/admin/dashboard/login',
    auditedRoute(deps, loginForm, 'dashboard.login', async (_req, res) => {
      res.writeHead(303, {
        Location: '/admin/dashboard',
        'Set-Cookie': await sessions.start(deps.config.production),
        'Cache-Control': 'no-store',
      });
      res.end();
    }),
  );

  server.post(
    '/admin/dashboard/logout',
    handle(deps.logger, async (req: Request, res: Response) => {
      res.writeHead(303, { Location: '/admin/dashboard', 'Set-Cookie': await sessions.end(req.header('cookie')) });
      res.end();
    }),
  );

  server.get('/admin/dashboard/assets/:file', async (req: Request, res: Response) => {
    const asset = assets.get(String(req.params.file));
    if (!asset) {
      res.send(404, { error: 'No such asset' });
      return;
    }
    res.writeHead(200, { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=3600', 'X-Content-Type-Options': 'nosniff' });
    res.end(asset.body);
  });
}

/** Whether `req` carries admin credentials (the session cookie, or a bearer key). */
async function isAllowed(admins: Authenticator<Caller>, req: Request): Promise<boolean> {
  try {
    await admins.authenticate(req);
    return true;
  } catch {
    return false;
  }
}

function sendHtml(res: Response, status: number, html: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': DASHBOARD_CSP,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
  });
  res.end(html);
}
