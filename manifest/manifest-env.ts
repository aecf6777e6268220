import { z } from 'zod';

const guidPattern = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

/** Treats an unset or empty variable as missing, like the bot's own config does. */
const required = (hint: string) =>
  z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string({ error: (issue) => (issue.input === undefined ? `is missing (${hint})` : `must be a string (${hint})`) }),
  );

const httpsOriginSchema = required("the bot's public https origin, e.g. https://support.example.com")
  .superRefine((value, ctx) => {
    const problem = originProblem(value);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((value) => new URL(value).origin);

/** The environment `npm run manifest` reads. */
export const manifestEnvSchema = z.object({
  MicrosoftAppId: required("the Azure Bot's Microsoft App ID, a GUID").pipe(
    z.string().regex(guidPattern, 'must be a GUID like 00000000-0000-0000-0000-000000000000'),
  ),
  PUBLIC_URL: httpsOriginSchema,
  TEAMS_SSO_CLIENT_ID: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().regex(guidPattern, "must be the Entra app (client) id of the agent tab's SSO, a GUID").optional(),
  ),
});

/** Validated values, with `PUBLIC_URL` normalised to its origin (no trailing slash). */
export type ManifestEnv = z.infer<typeof manifestEnvSchema>;

/** What the packager needs to fill the template. */
export interface ManifestSettings {
  /** Microsoft App ID of the bot registration; also used as the Teams app id. */
  readonly appId: string;
  /** Public https origin of the bot, without a trailing slash. */
  readonly publicUrl: string;
  /** Entra app (client) id of the agent tab's Teams SSO; adds `webApplicationInfo` when set. */
  readonly ssoClientId?: string;
}

/** Outcome of {@link parseManifestEnv}: the settings, or one line saying what is wrong. */
export type ManifestEnvResult =
  { readonly ok: true; readonly settings: ManifestSettings } | { readonly ok: false; readonly message: string };

/**
 * Reads `MicrosoftAppId`, `PUBLIC_URL` and the optional `TEAMS_SSO_CLIENT_ID` from an environment.
 * @param env - usually `process.env`
 * @returns the settings, or a single-line message naming every bad variable
 */
export function parseManifestEnv(env: Readonly<Record<string, string | undefined>>): ManifestEnvResult {
  const parsed = manifestEnvSchema.safeParse({
    MicrosoftAppId: env.MicrosoftAppId,
    PUBLIC_URL: env.PUBLIC_URL,
    TEAMS_SSO_CLIENT_ID: env.TEAMS_SSO_CLIENT_ID,
  });
  if (parsed.success) {
    const { MicrosoftAppId: appId, PUBLIC_URL: publicUrl, TEAMS_SSO_CLIENT_ID: ssoClientId } = parsed.data;
    return { ok: true, settings: { appId, publicUrl, ...(ssoClientId ? { ssoClientId } : {}) } };
  }
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
  return { ok: false, message: [...new Set(problems)].join('; ') };
}

function originProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `must be an https origin such as https://support.example.com, got ${JSON.stringify(value)}`;
  }
  if (url.protocol !== 'https:') return `must use https (Teams only calls https endpoints), got ${url.protocol.slice(0, -1)}`;
  const extra = url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '';
  if (extra) return `must be an origin only (https://host[:port], no path, query, fragment or credentials), got ${value}`;
  return undefined;
}
