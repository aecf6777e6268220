import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { loadTemplate } from './build-manifest';
import { renderColorIcon, renderOutlineIcon } from './icon-images';
import { colorIconPath, outlineIconPath } from './manifest-paths';
import { encodePng } from './png';

/**
 * Regenerates `manifest/icons/color.png` and `outline.png` in the template's accent colour.
 * Run with `npx tsx manifest/make-icons.ts` after changing the shape or the colour; the PNGs
 * are committed, so packaging never needs this script.
 */
function makeIcons(): void {
  const { accentColor } = z.object({ accentColor: z.string() }).parse(loadTemplate());
  writeFileSync(colorIconPath, encodePng(renderColorIcon(accentColor)));
  writeFileSync(outlineIconPath, encodePng(renderOutlineIcon()));
  process.stdout.write(`wrote ${colorIconPath}\nwrote ${outlineIconPath}\n`);
}

makeIcons();
