/**
 * The environment a benchmarked support bot runs with: this process's, without Bot Framework
 * credentials, admin keys or Direct Line settings, on `databaseUrl`, with rate limits off and
 * warnings-only logging.
 */
export function benchServerEnv(databaseUrl: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (/^(Microsoft|DIRECTLINE_|NODE_ENV$|ADMIN_|AGENT_API)/.test(key)) delete env[key];
  return {
    ...env,
    DATABASE_URL: databaseUrl,
    RATE_LIMIT_CONVERSATION_PER_MIN: '0',
    RATE_LIMIT_WIDGET_PER_MIN: '0',
    LOG_LEVEL: 'warn',
    DOTENV_CONFIG_QUIET: 'true',
  };
}
