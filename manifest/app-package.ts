import type { TeamsManifest } from './build-manifest';
import { createZip, type ZipOptions } from './zip';

/** The two icon files, as PNG bytes. */
export interface AppIcons {
  /** 192×192 full-colour icon. */
  readonly color: Uint8Array;
  /** 32×32 white-on-transparent outline icon. */
  readonly outline: Uint8Array;
}

/**
 * Builds the Teams app package: `manifest.json` and the two icons at the root of a ZIP,
 * the icons under the file names the manifest gives them.
 */
export function createAppPackage(manifest: TeamsManifest, icons: AppIcons, options: ZipOptions = {}): Buffer {
  return createZip(
    [
      { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') },
      { name: manifest.icons.color, data: icons.color },
      { name: manifest.icons.outline, data: icons.outline },
    ],
    options,
  );
}
