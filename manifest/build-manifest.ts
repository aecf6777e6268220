import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../common/project-root';
import type { ManifestSettings } from './manifest-env';
import { manifestTemplatePath } from './manifest-paths';

/** A JSON value as found in the manifest template. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValueSchema), z.record(z.string(), jsonValueSchema)]),
);

const jsonObjectSchema = z.record(z.string(), jsonValueSchema);

/**
 * The parts of a Teams manifest this project relies on; everything else passes through
 * untouched and is checked by the Teams JSON schema.
 */
export const teamsManifestSchema = z.looseObject({
  $schema: z.string(),
  manifestVersion: z.string(),
  id: z.string(),
  icons: z.looseObject({ color: z.string(), outline: z.string() }),
  bots: z.array(z.looseObject({ botId: z.string(), scopes: z.array(z.string()) })).length(1),
});

/** A filled Teams manifest. */
export type TeamsManifest = z.infer<typeof teamsManifestSchema>;

/** Values of the `${NAME}` placeholders in the template. */
export type PlaceholderValues = Readonly<Record<string, string>>;

/** Input of {@link buildManifest}. */
export interface ManifestInput extends ManifestSettings {
  /** App version (semver); defaults to the version in the project's package.json. */
  readonly version?: string;
}

const placeholderPattern = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces every `${NAME}` inside the string values of a JSON tree.
 * @throws Error naming the placeholder when the template uses one without a value
 */
export function fillTemplate(template: JsonValue, values: PlaceholderValues): JsonValue {
  if (typeof template === 'string') {
    return template.replace(placeholderPattern, (_match, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`manifest template uses \${${name}} but no value was given for it`);
      return value;
    });
  }
  if (Array.isArray(template)) return template.map((item) => fillTemplate(item, values));
  if (template !== null && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([key, item]) => [key, fillTemplate(item, values)]));
  }
  return template;
}

/** Reads and parses the manifest template (by default the one shipped in `manifest/`). */
export function loadTemplate(file: string = manifestTemplatePath): JsonValue {
  return jsonValueSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/**
 * Fills the manifest template for one deployment.
 * @param input - bot app id, public https origin (no trailing slash) and optional version
 * @param template - a parsed template; defaults to `manifest/manifest.template.json`
 * @returns the manifest, with the fields this project relies on checked
 */
export function buildManifest(input: ManifestInput, template: JsonValue = loadTemplate()): TeamsManifest {
  const values: PlaceholderValues = {
    MicrosoftAppId: input.appId,
    PUBLIC_URL: input.publicUrl,
    PUBLIC_HOSTNAME: new URL(input.publicUrl).hostname,
    APP_VERSION: input.version ?? projectVersion(),
  };
  const filled = jsonObjectSchema.parse(fillTemplate(template, values));
  // Spread the filled object first so manifest.json keeps the template's key order.
  return { ...filled, ...teamsManifestSchema.parse(filled), ...webApplicationInfo(input) };
}

/**
 * Teams SSO for the agent tab: the Entra app whose tokens `authentication.getAuthToken()`
 * returns, exposed as `api://<host>/<client id>` (the Application ID URI Teams requires).
 */
function webApplicationInfo(input: ManifestInput): { webApplicationInfo?: { id: string; resource: string } } {
  if (!input.ssoClientId) return {};
  const host = new URL(input.publicUrl).hostname;
  return { webApplicationInfo: { id: input.ssoClientId, resource: `api://${host}/${input.ssoClientId}` } };
}

function projectVersion(): string {
  const pkg = z.object({ version: z.string() }).parse(JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')));
  return pkg.version;
}
