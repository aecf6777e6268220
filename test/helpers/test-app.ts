import { createApp, type App, type AppOptions } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { createSqliteDatabase, type TestDatabase } from './databases';
import { FakeConnector } from '../../bench/lib/fake-connector';

/** A running server on an ephemeral port with its own database and fake connector. */
export interface TestApp {
  app: App;
  url: string;
  connector: FakeConnector;
  database: TestDatabase;
  /** Stops the server (gracefully) and keeps the database, e.g. to start again on it. */
  stop(): Promise<void>;
  /** Stops everything and deletes the database. */
  dispose(): Promise<void>;
}

/** Options of {@link startTestApp}. */
export interface TestAppOptions {
  env?: Record<string, string>;
  database?: TestDatabase;
  connector?: FakeConnector;
  adapterOverrides?: AppOptions['adapterOverrides'];
  /** The app's logger (tests that read the log lines pass their own). */
  logger?: AppOptions['logger'];
}

/** Fixed admin key so tests can call the admin routes (agents get credentials through them: test/helpers/agents.ts). */
export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef';

/** Starts the real server (real HTTP, real database) for a test. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createSqliteDatabase());
  const connector = options.connector ?? new FakeConnector();
  if (!options.connector) await connector.start();
  const config = loadConfig({
    DATABASE_URL: database.url,
    LOG_LEVEL: 'silent',
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    ...options.env,
  });
  const app = await createApp({ config, adapterOverrides: options.adapterOverrides, logger: options.logger });
  const url = await app.listen(0, '127.0.0.1');
  return {
    app,
    url,
    connector,
    database,
    stop: () => app.close(),
    async dispose() {
      await app.close();
      if (!options.connector) await connector.stop();
      await database.dispose();
    },
  };
}
