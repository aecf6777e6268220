import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createAppPackage } from './app-package';
import { buildManifest } from './build-manifest';
import { parseManifestEnv } from './manifest-env';
import { colorIconPath, defaultPackageDir, outlineIconPath, packageFileName } from './manifest-paths';
import { validateManifest } from './validate-manifest';

const usage =
  'usage: npm run manifest [-- --out DIR]   (reads MicrosoftAppId, PUBLIC_URL and optionally TEAMS_SSO_CLIENT_ID from the environment)';
const exitInvalidManifest = 1;
const exitUsage = 2;

/**
 * `npm run manifest`: fills the manifest template from the environment, checks it against
 * the Teams schema offline, and writes `appPackage.zip` to `build/` (or `--out DIR`).
 */
async function main(argv: readonly string[]): Promise<number> {
  let outDir: string;
  try {
    const { values } = parseArgs({ args: [...argv], options: { out: { type: 'string' }, help: { type: 'boolean' } } });
    if (values.help) {
      process.stdout.write(`${usage}\n`);
      return 0;
    }
    outDir = path.resolve(values.out ?? defaultPackageDir);
  } catch (error) {
    process.stderr.write(`npm run manifest: ${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    return exitUsage;
  }

  const env = parseManifestEnv(process.env);
  if (!env.ok) {
    process.stderr.write(`npm run manifest: ${env.message}\n`);
    return exitUsage;
  }

  const manifest = buildManifest(env.settings);
  const validation = await validateManifest(manifest);
  if (validation.status === 'invalid') {
    process.stderr.write(`npm run manifest: the manifest breaks the Teams schema ${manifest.manifestVersion}:\n`);
    for (const error of validation.errors) process.stderr.write(`  ${error}\n`);
    return exitInvalidManifest;
  }
  process.stdout.write(
    validation.status === 'valid'
      ? `manifest.json is valid against the Teams schema ${manifest.manifestVersion} (checked offline)\n`
      : `note: schema validation skipped: ${validation.reason}\n`,
  );

  const zip = createAppPackage(manifest, { color: readFileSync(colorIconPath), outline: readFileSync(outlineIconPath) });
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, packageFileName);
  writeFileSync(file, zip);
  process.stdout.write(`wrote ${file} (${zip.length} bytes) for bot ${env.settings.appId} at ${env.settings.publicUrl}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`npm run manifest: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = exitInvalidManifest;
  },
);
