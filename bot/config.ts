import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { z } from 'zod';
import path from 'node:path';
import { DAY_MS, MINUTE_MS } from '../common/time';
import { BusinessHoursError, checkTimeZone, parseBusinessHours, type BusinessHours } from './handoff/business-hours';
// The light modules only: the nlu/ index would load compromise and the models with the config.
import { DEMO_ORDER_NUMBER_FORMATS, orderNumberFormatsProblem } from '../nlu/order-numbers';
import { DEMO_PRODUCT_CATALOGUE } from '../nlu/shop-vocabulary';
import { intentsCsvPath, shopEvalPath } from './paths';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const intFromEnv = (defaultValue: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? String(defaultValue) : v.trim()))
    .pipe(z.string().regex(/^\d+$/, 'must be a whole number'))
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const guidPattern = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

const isLoopback = (url: string): boolean => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);

/** Where Microsoft Entra publishes the keys that sign Teams SSO tokens (all tenants). */
export const ENTRA_JWKS_URL = 'https://login.microsoftonline.com/common/discovery/v2.0/keys';

/** Every environment variable the process reads, validated once at start (DESIGN.md, Environment). */
export const envSchema = z.object({
  NODE_ENV: optionalString,
  PORT: intFromEnv(3978, 0, 65535),
  DATABASE_URL: optionalString
    .transform((v) => v ?? 'sqlite:./data/support-bot.sqlite')
    .pipe(z.string().regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'must be sqlite:<path> or postgres://…')),
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppTenantId: optionalString,
  MicrosoftAppType: optionalString.pipe(z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional()),
  ADMIN_API_KEY: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  WEBCHAT_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  AGENT_TIMEOUT_S: intFromEnv(300, 5, 86_400),
  AGENTS_TEAM_ID: optionalString.pipe(
    z
      .string()
      .regex(/^19:\S+$/, "must be the team's id as Teams sends it to bots (19:…@thread.tacv2)")
      .max(255)
      .optional(),
  ),
  CONVERSATION_IDLE_MIN: intFromEnv(30, 1, 10_080),
  RATE_LIMIT_CONVERSATION_PER_MIN: intFromEnv(120, 0, 100_000),
  RATE_LIMIT_WIDGET_PER_MIN: intFromEnv(600, 0, 1_000_000),
  RATE_LIMIT_REFUSED_PER_MIN: intFromEnv(30, 0, 100_000),
  MAX_BODY_BYTES: intFromEnv(262_144, 1024, 50 * 1024 * 1024),
  MAX_UPLOAD_BYTES: intFromEnv(5_242_880, 1024, 50 * 1024 * 1024),
  RETENTION_DAYS: intFromEnv(0, 0, 36_500),
  TICKET_AUTOCLOSE_DAYS: intFromEnv(7, 1, 3650),
  DIRECTLINE_SECRET: optionalString,
  PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^https$/ }).optional()),
  TEAMS_SSO_CLIENT_ID: optionalString.pipe(
    z.string().regex(guidPattern, 'must be the Entra app (client) id, a GUID like 00000000-0000-0000-0000-000000000000').optional(),
  ),
  TEAMS_SSO_JWKS_URL: optionalString
    .transform((v) => v ?? ENTRA_JWKS_URL)
    .pipe(z.url({ protocol: /^https?$/ }))
    .refine((v) => v.startsWith('https:') || isLoopback(v), 'must be https (plain http only for a local key set on 127.0.0.1)'),
  BUSINESS_HOURS: optionalString.superRefine((v, ctx) => {
    const problem = businessHoursProblem(() => parseBusinessHours(v));
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  BUSINESS_TZ: optionalString
    .transform((v) => v ?? 'UTC')
    .superRefine((v, ctx) => {
      const problem = businessHoursProblem(() => checkTimeZone(v));
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  CUSTOMER_ABSENT_MIN: intFromEnv(10, 1, 10_080),
  SMTP_URL: optionalString.pipe(z.url({ protocol: /^smtps?$/, error: 'must be smtp://… or smtps://…' }).optional()),
  MAIL_FROM: optionalString.pipe(
    z
      .string()
      .regex(/^[^<>]*<?[^\s@<>]+@[^\s@<>]+>?$/, 'must be an address such as "Pebble & Pine <help@shop.example>"')
      .optional(),
  ),
  NLU_THREADS: optionalString
    .transform((v) => v ?? String(defaultNluThreads()))
    .pipe(z.string().regex(/^\d+$/, 'must be a whole number'))
    .transform(Number)
    .pipe(z.number().int().min(0).max(16)),
  ORDER_NUMBER_FORMATS: optionalString
    .transform((v) => (v ?? DEMO_ORDER_NUMBER_FORMATS.join(',')).split(',').map((f) => f.trim()))
    .superRefine((formats, ctx) => {
      const problem = orderNumberFormatsProblem(formats);
      if (problem) ctx.addIssue({ code: 'custom', message: `${problem} (comma-separated masks, 9 = a digit, e.g. PP-999999,#999999)` });
    }),
  PRODUCT_CATALOGUE: optionalString.transform((v) => v ?? DEMO_PRODUCT_CATALOGUE),
  SHOP_IDENTITY_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  NLU_TRAINING_PATH: optionalString.transform((v) => (v === undefined ? intentsCsvPath : path.resolve(v))),
  NLU_EVAL_PATH: optionalString.transform((v) => (v === undefined ? shopEvalPath : path.resolve(v))),
  NLU_MODEL_POLL_MS: intFromEnv(5000, 100, 600_000),
  LOG_LEVEL: optionalString.transform((v) => v ?? 'info').pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
});

/** Where keys came from: configured by the operator or generated for local development. */
export type SecretOrigin = 'configured' | 'generated' | 'missing';

/** The typed, frozen configuration the whole process is wired from. */
export interface Config {
  readonly production: boolean;
  readonly port: number;
  readonly databaseUrl: string;
  readonly botAuth: {
    readonly appId?: string;
    readonly appPassword?: string;
    readonly tenantId?: string;
    readonly appType?: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  };
  /** True when no Bot Framework credentials are set: requests are not authenticated. */
  readonly devAuth: boolean;
  readonly adminApiKey?: string;
  readonly adminKeyOrigin: SecretOrigin;
  /** Pins the agents' Teams team (`channelData.team.id`); unset, the first team the bot joins is it. */
  readonly agentsTeamId?: string;
  readonly webchatSecret: string;
  readonly agentTimeoutMs: number;
  readonly conversationIdleMs: number;
  readonly rateLimitConversationPerMin: number;
  readonly rateLimitWidgetPerMin: number;
  /** Refused admin and agent calls (bad or missing credentials) per client IP per minute. */
  readonly rateLimitRefusedPerMin: number;
  readonly maxBodyBytes: number;
  /** The largest photo a customer may send (the widget's upload route and `data:` URIs). */
  readonly maxUploadBytes: number;
  readonly retentionDays: number;
  /** A resolved ticket without a customer message for this long is closed. */
  readonly ticketAutocloseMs: number;
  readonly directLineSecret?: string;
  readonly publicUrl?: string;
  /** The agent tab's Teams SSO: set when `TEAMS_SSO_CLIENT_ID` is (the tenant is `MicrosoftAppTenantId`). */
  readonly teamsSso?: { readonly clientId: string; readonly tenantId: string; readonly jwksUrl: string };
  /** Order number masks, canonical first (nlu/order-numbers.ts). */
  readonly orderNumberFormats: readonly string[];
  /** The product list file the entity extractor reads. */
  readonly productCatalogue: string;
  /** Key of the customer identities the shop's page signs for the widget (HMAC-SHA256); unset, none are accepted. */
  readonly shopIdentitySecret?: string;
  /** Worker threads that run the NLU; 0 runs it on the event loop. */
  readonly nluThreads: number;
  /** The learning loop: what a retrain trains on, what its gate evaluates on, how often instances check the active model. */
  readonly nluLearning: { readonly trainingPath: string; readonly evalPath: string; readonly pollMs: number };
  readonly logLevel: string;
  /** When the team works (`BUSINESS_HOURS` in `BUSINESS_TZ`); `always` when unset. */
  readonly businessHours: BusinessHours;
  /** A customer with no message for this long is absent: an agent's reply also goes out by email. */
  readonly customerAbsentMs: number;
  /** Email follow-up: sent through `smtpUrl` when set; otherwise the outbox keeps the mails. */
  readonly mail: { readonly smtpUrl?: string; readonly from: string };
}

/** The sender of follow-up emails when `MAIL_FROM` is unset. */
export const DEFAULT_MAIL_FROM = 'Pebble & Pine support <support@localhost>';

/** Thrown for an invalid environment; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * One NLU worker thread on machines with four cores or more. On two cores it measured no
 * better than the event loop (docs/benchmarks-turns.md): the thread then competes for the
 * same two cores with everything else, and costs a second copy of compromise and the model.
 */
function defaultNluThreads(): number {
  return os.availableParallelism() >= 4 ? 1 : 0;
}

/** `NODE_ENV` values that mean local development, compared without case. */
const DEVELOPMENT_ENVS = new Set(['development', 'test']);

/**
 * Whether `NODE_ENV` means production: unset, `development` and `test` (any case) do not; every
 * other value does, so a misspelt `Production` fails closed instead of opening development mode.
 */
export function isProduction(nodeEnv: string | undefined): boolean {
  return nodeEnv !== undefined && !DEVELOPMENT_ENVS.has(nodeEnv.toLowerCase());
}

const randomKey = (): string => randomBytes(24).toString('base64url');

/**
 * Parses the environment into a frozen {@link Config}.
 * Development mode fills in missing keys with random ones; production refuses to run
 * without Bot Framework credentials.
 */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = isProduction(e.NODE_ENV);
  const devAuth = !e.MicrosoftAppId;
  if (devAuth && production) {
    throw new ConfigError(
      `Invalid environment:\n  MicrosoftAppId: required in production, NODE_ENV=${e.NODE_ENV} (no unauthenticated bot in production)`,
    );
  }
  if (e.MicrosoftAppId && !e.MicrosoftAppPassword && e.MicrosoftAppType !== 'UserAssignedMSI') {
    throw new ConfigError('Invalid environment:\n  MicrosoftAppPassword: required when MicrosoftAppId is set');
  }
  const devKey = (configured: string | undefined) => configured ?? (production ? undefined : randomKey());
  const origin = (configured: string | undefined): SecretOrigin => (configured ? 'configured' : production ? 'missing' : 'generated');
  if (e.TEAMS_SSO_CLIENT_ID && !e.MicrosoftAppTenantId) {
    throw new ConfigError(
      'Invalid environment:\n  MicrosoftAppTenantId: required when TEAMS_SSO_CLIENT_ID is set (the only tenant whose users may sign in)',
    );
  }
  if (production && !e.WEBCHAT_SECRET) {
    throw new ConfigError(`Invalid environment:\n  WEBCHAT_SECRET: required in production, NODE_ENV=${e.NODE_ENV}`);
  }
  return Object.freeze({
    production,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    botAuth: Object.freeze({
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      tenantId: e.MicrosoftAppTenantId,
      appType: e.MicrosoftAppType,
    }),
    devAuth,
    adminApiKey: devKey(e.ADMIN_API_KEY),
    adminKeyOrigin: origin(e.ADMIN_API_KEY),
    agentsTeamId: e.AGENTS_TEAM_ID,
    webchatSecret: e.WEBCHAT_SECRET ?? randomBytes(32).toString('base64url'),
    agentTimeoutMs: e.AGENT_TIMEOUT_S * 1000,
    conversationIdleMs: e.CONVERSATION_IDLE_MIN * MINUTE_MS,
    rateLimitConversationPerMin: e.RATE_LIMIT_CONVERSATION_PER_MIN,
    rateLimitWidgetPerMin: e.RATE_LIMIT_WIDGET_PER_MIN,
    rateLimitRefusedPerMin: e.RATE_LIMIT_REFUSED_PER_MIN,
    maxBodyBytes: e.MAX_BODY_BYTES,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    retentionDays: e.RETENTION_DAYS,
    ticketAutocloseMs: e.TICKET_AUTOCLOSE_DAYS * DAY_MS,
    directLineSecret: e.DIRECTLINE_SECRET,
    publicUrl: e.PUBLIC_URL,
    teamsSso:
      e.TEAMS_SSO_CLIENT_ID && e.MicrosoftAppTenantId
        ? Object.freeze({ clientId: e.TEAMS_SSO_CLIENT_ID, tenantId: e.MicrosoftAppTenantId, jwksUrl: e.TEAMS_SSO_JWKS_URL })
        : undefined,
    orderNumberFormats: Object.freeze(e.ORDER_NUMBER_FORMATS),
    productCatalogue: e.PRODUCT_CATALOGUE,
    shopIdentitySecret: e.SHOP_IDENTITY_SECRET,
    nluThreads: e.NLU_THREADS,
    nluLearning: Object.freeze({ trainingPath: e.NLU_TRAINING_PATH, evalPath: e.NLU_EVAL_PATH, pollMs: e.NLU_MODEL_POLL_MS }),
    logLevel: e.LOG_LEVEL,
    businessHours: parseBusinessHours(e.BUSINESS_HOURS, e.BUSINESS_TZ),
    customerAbsentMs: e.CUSTOMER_ABSENT_MIN * MINUTE_MS,
    mail: Object.freeze({ smtpUrl: e.SMTP_URL, from: e.MAIL_FROM ?? DEFAULT_MAIL_FROM }),
  });
}

/** The message of the {@link BusinessHoursError} `check` throws, or undefined when it passes. */
function businessHoursProblem(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (error instanceof BusinessHoursError) return error.message;
    throw error;
  }
}
