import './thread-pool';
import './known-warnings';
import { ConfigError, loadConfig, type Config } from './config';
import { createApp } from './app';
import type { Logger } from './logger';

/** Process entry: `npm start`. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`support-bot: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const app = await createApp({ config });
  const url = await app.listen();
  announce(app.logger, config, url.replace('127.0.0.1', 'localhost'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

function announce(logger: Logger, config: Config, url: string): void {
  logger.info({ url, database: config.databaseUrl.replace(/\/\/[^@]*@/, '//***@') }, 'support-bot listening');
  if (config.devAuth) {
    logger.warn('DEVELOPMENT MODE: no MicrosoftAppId set, Bot Framework requests are NOT authenticated');
  }
  // Generated keys are printed once, on stdout only, so a developer can open the pages.
  if (config.adminKeyOrigin === 'generated') {
    process.stdout.write(`\n  Dashboard: ${url}/admin/dashboard\n  Admin key (generated for this run): ${config.adminApiKey}\n\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`support-bot: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
