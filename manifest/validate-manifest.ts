import { existsSync } from 'node:fs';
import path from 'node:path';

/** The part of `@microsoft/app-manifest`'s `AppManifestUtils` this module uses. */
export interface SchemaValidator {
  /** Resolves to one message per schema violation, or an empty list. */
  validateAgainstSchema(manifest: object): Promise<string[]>;
}

/** Loads the validator, or resolves to `undefined` when the package is not installed. */
export type SchemaValidatorLoader = () => Promise<SchemaValidator | undefined>;

/** Outcome of {@link validateManifest}. */
export type ManifestValidation =
  | { readonly status: 'valid' }
  | { readonly status: 'invalid'; readonly errors: readonly string[] }
  | { readonly status: 'skipped'; readonly reason: string };

const schemaUrlPrefix = 'https://developer.microsoft.com/json-schemas/';

/**
 * Checks a manifest against the Teams JSON schema named by its `$schema`, offline: the
 * schema must be one of those shipped inside `@microsoft/app-manifest` (a devDependency),
 * never fetched from the network. Without the package the check is skipped.
 * @param manifest - a filled manifest with a `$schema` URL
 * @param loadValidator - how to load the package (tests inject their own)
 */
export async function validateManifest(
  manifest: { readonly $schema: string },
  loadValidator: SchemaValidatorLoader = loadAppManifestPackage,
): Promise<ManifestValidation> {
  const validator = await loadValidator();
  if (validator === undefined) {
    return { status: 'skipped', reason: '@microsoft/app-manifest is not installed (it is a devDependency)' };
  }
  const shipped = shippedSchemaPath(manifest.$schema);
  if (shipped === undefined) {
    return { status: 'invalid', errors: [`/$schema ${manifest.$schema} is not shipped with @microsoft/app-manifest`] };
  }
  const errors = await validator.validateAgainstSchema(manifest);
  return errors.length === 0 ? { status: 'valid' } : { status: 'invalid', errors };
}

/**
 * Path of the local copy of a schema inside `@microsoft/app-manifest`, when it ships one.
 * @param schemaUrl - e.g. `https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.schema.json`
 */
export function shippedSchemaPath(schemaUrl: string): string | undefined {
  if (!schemaUrl.startsWith(schemaUrlPrefix)) return undefined;
  const relative = schemaUrl.slice(schemaUrlPrefix.length);
  if (relative.split('/').includes('..')) return undefined;
  const packageDir = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const file = path.join(packageDir, 'build', 'json-schemas', relative);
  return existsSync(file) ? file : undefined;
}

async function loadAppManifestPackage(): Promise<SchemaValidator | undefined> {
  try {
    const { AppManifestUtils } = await import('@microsoft/app-manifest');
    return AppManifestUtils;
  } catch (error) {
    if (isPackageNotFound(error)) return undefined;
    throw error;
  }
}

/** True only when the package itself is missing, not when something inside it is broken. */
function isPackageNotFound(error: unknown): boolean {
  if (!(error instanceof Error) || !('code' in error)) return false;
  const notFound = error.code === 'MODULE_NOT_FOUND' || error.code === 'ERR_MODULE_NOT_FOUND';
  return notFound && error.message.includes("'@microsoft/app-manifest'");
}
