import path from 'node:path';
import { projectRoot } from '../common/project-root';

/** Folder holding the Teams manifest template and its icons. */
export const manifestDir = path.join(projectRoot, 'manifest');

/** The manifest template with `${…}` placeholders. */
export const manifestTemplatePath = path.join(manifestDir, 'manifest.template.json');

/** The committed 192×192 full-colour icon. */
export const colorIconPath = path.join(manifestDir, 'icons', 'color.png');

/** The committed 32×32 white-on-transparent outline icon. */
export const outlineIconPath = path.join(manifestDir, 'icons', 'outline.png');

/** Where `npm run manifest` writes the package unless `--out` says otherwise. */
export const defaultPackageDir = path.join(projectRoot, 'build');

/** File name of the Teams app package inside the output folder. */
export const packageFileName = 'appPackage.zip';
