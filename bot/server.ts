import restify, { type Server } from 'restify';
import type { Config } from './config';
import { UPLOAD_PATH } from './directline/upload-route';
import { useJsonErrorBodies } from './http-errors';
import { preventCachingOfPersonalData } from './no-store';

const KEEP_ALIVE_TIMEOUT_MS = 65_000;

// The router (find-my-way) matches no route when a path parameter is longer than 100
// characters: such a call answered 404 without reaching its route, so an admin call with a long
// customer id went unaudited. Node refuses request heads over 16 KiB, so no parameter that can
// arrive is longer than this; the route then validates it (400) and the audit cuts the path.
const ROUTER_OPTIONS = { maxParamLength: 16 * 1024 };

/**
 * A restify server with JSON, form and query parsing and the body-size limit (413 past it).
 * Multipart and octet-stream bodies are refused before parsing (restify's parser would take
 * them past the size limit into temp files), except on the widget's upload route, which reads
 * its own body under `MAX_UPLOAD_BYTES` (bot/directline/upload-route.ts).
 */
export function createServer(config: Config): Server {
  const server = restify.createServer({ name: 'support-bot', handleUncaughtExceptions: false, ...ROUTER_OPTIONS });
  // Idle keep-alive connections stay open longer than a load balancer's usual 60 s idle
  // timeout: when the server closes first, a request already on its way over that socket is
  // lost ("socket hang up", a 502 at the balancer). Node's default is 5 s.
  server.server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
  useJsonErrorBodies(server);
  preventCachingOfPersonalData(server);
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.pre((req, res, next) => {
    if (UPLOAD_PATH.test(req.path())) return next();
    if (/^(multipart\/|application\/octet-stream)/i.test(req.header('content-type') ?? '')) {
      res.send(415, { error: 'Unsupported content type: send JSON (photos go through the widget upload route)' });
      return next(false);
    }
    return next();
  });
  for (const parse of restify.plugins.bodyParser({ maxBodySize: config.maxBodyBytes, mapParams: false, mapFiles: false })) {
    server.use((req, res, next) => (UPLOAD_PATH.test(req.path()) ? next() : parse(req, res, next)));
  }
  return server;
}
