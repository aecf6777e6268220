import type { RgbaImage } from './png';
import { speechBubbleCoverage } from './speech-bubble';

/** Size of the Teams full-colour icon. */
export const colorIconSize = 192;

/** Size of the Teams outline icon. */
export const outlineIconSize = 32;

const white = [255, 255, 255] as const;

/**
 * The full-colour icon: a white speech bubble on an opaque square of the accent colour.
 * @param accentColor - `#RRGGBB`, the manifest's `accentColor`
 */
export function renderColorIcon(accentColor: string, size: number = colorIconSize): RgbaImage {
  const background = parseHexColor(accentColor);
  const coverage = speechBubbleCoverage(size);
  const pixels = new Uint8Array(size * size * 4);
  coverage.forEach((amount, i) => {
    for (let channel = 0; channel < 3; channel += 1) {
      pixels[i * 4 + channel] = Math.round(background[channel] * (1 - amount) + white[channel] * amount);
    }
    pixels[i * 4 + 3] = 255;
  });
  return { width: size, height: size, pixels };
}

/** The outline icon: the same speech bubble in white on a transparent background. */
export function renderOutlineIcon(size: number = outlineIconSize): RgbaImage {
  const coverage = speechBubbleCoverage(size);
  const pixels = new Uint8Array(size * size * 4);
  coverage.forEach((amount, i) => {
    pixels.set([...white, Math.round(amount * 255)], i * 4);
  });
  return { width: size, height: size, pixels };
}

/**
 * Parses `#RRGGBB`.
 * @throws RangeError for anything else
 */
export function parseHexColor(hex: string): readonly [number, number, number] {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new RangeError(`expected a colour like #2F6B4F, got ${hex}`);
  return [parseInt(match[1], 16), parseInt(match[2], 16), parseInt(match[3], 16)];
}
