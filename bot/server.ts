import restify, { type Server } from 'restify';
import type { Config } from './config';

/** A restify server with JSON and query parsing and the body-size limit (413 past it). */
export function createServer(config: Config): Server {
  const server = restify.createServer({ name: 'support-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(
    restify.plugins.bodyParser({ maxBodySize: config.maxBodyBytes, mapParams: false, mapFiles: false }),
  );
  return server;
}
