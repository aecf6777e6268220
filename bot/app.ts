import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import type { Server } from 'restify';
import { migrateLatest, openDatabase } from '../store/db';
import { createAdapter, type AdapterOverrides } from './adapter';
import type { Config } from './config';
import { InFlight } from './in-flight';
import { createLogger, type Logger } from './logger';
import { registerHealthRoutes } from './routes/health';
import { registerMessagesRoute } from './routes/messages';
import { createServer } from './server';
import { SupportBot } from './support-bot';
import { TranscriptMiddleware } from './transcript-middleware';

/** Options of {@link createApp}. */
export interface AppOptions {
  config: Config;
  logger?: Logger;
  adapterOverrides?: AdapterOverrides;
}

/** A wired, migrated application that is not yet listening. */
export interface App {
  readonly config: Config;
  readonly server: Server;
  readonly db: Knex;
  readonly logger: Logger;
  /** Starts listening; resolves with the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Graceful shutdown: stop accepting, finish in-flight turns, close the database. */
  close(): Promise<void>;
}

/** Builds the whole application from one config: database, adapter, bot, routes. */
export async function createApp(options: AppOptions): Promise<App> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const db = openDatabase(config.databaseUrl);
  await migrateLatest(db);

  const adapter = createAdapter(config, logger, options.adapterOverrides);
  adapter.use(
    new TranscriptMiddleware({
      db,
      logger,
      idleMs: config.conversationIdleMs,
      isAgentSpace: async (context) => context.activity.conversation.conversationType === 'channel',
    }),
  );
  const bot = new SupportBot();
  const inFlight = new InFlight();
  const server = createServer(config);
  registerHealthRoutes(server, db);
  registerMessagesRoute(server, { adapter, bot, logger, inFlight });

  let closed = false;
  return {
    config,
    server,
    db,
    logger,
    listen: (port = config.port, host = '0.0.0.0') =>
      new Promise((resolve) => {
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          resolve(`http://127.0.0.1:${address.port}`);
        });
      }),
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.server.closeIdleConnections();
      });
      if (!(await inFlight.drain(10_000))) logger.warn('shutdown: turns still running after 10 s');
      await db.destroy();
    },
  };
}
