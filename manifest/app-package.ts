import { strToU8, zipSync } from 'fflate';
import type { TeamsManifest } from './build-manifest';

/** The two icon files, as PNG bytes. */
export interface AppIcons {
  /** 192×192 full-colour icon. */
  readonly color: Uint8Array;
  /** 32×32 white-on-transparent outline icon. */
  readonly outline: Uint8Array;
}

/**
 * Builds the Teams app package: `manifest.json` and the two icons at the root of a ZIP,
 * the icons under the file names the manifest gives them (stored: PNGs do not deflate).
 */
export function createAppPackage(manifest: TeamsManifest, icons: AppIcons): Uint8Array {
  return zipSync(
    {
      'manifest.json': strToU8(`${JSON.stringify(manifest, null, 2)}\n`),
      [manifest.icons.color]: [icons.color, { level: 0 }],
      [manifest.icons.outline]: [icons.outline, { level: 0 }],
    },
    { level: 9 },
  );
}
