import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { loadTemplate } from '../../manifest/build-manifest';
import { parseHexColor, renderColorIcon, renderOutlineIcon } from '../../manifest/icon-images';
import { colorIconPath, outlineIconPath } from '../../manifest/manifest-paths';
import { encodePng } from '../../manifest/png';
import { readPng } from './helpers/read-png';

function accentColor(): string {
  const template = loadTemplate();
  if (template === null || typeof template !== 'object' || Array.isArray(template)) throw new Error('template is not an object');
  const accent = template.accentColor;
  if (typeof accent !== 'string') throw new Error('template has no accentColor');
  return accent;
}

function alphas(pixels: Uint8Array): number[] {
  return Array.from({ length: pixels.length / 4 }, (_, i) => pixels[i * 4 + 3]);
}

describe('Teams icons', () => {
  describe('manifest/icons/color.png', () => {
    const png = readPng(readFileSync(colorIconPath));

    it('is 192×192', () => {
      expect([png.width, png.height]).to.deep.equal([192, 192]);
    });

    it('is fully opaque and uses the accent colour and white', () => {
      const pixels = png.pixels ?? new Uint8Array();
      expect(alphas(pixels).every((alpha) => alpha === 255)).to.equal(true);
      expect(Array.from(pixels.subarray(0, 3))).to.deep.equal([...parseHexColor(accentColor())]);
      const white = alphas(pixels).filter((_, i) => pixels[i * 4] === 255 && pixels[i * 4 + 1] === 255 && pixels[i * 4 + 2] === 255);
      expect(white.length).to.be.greaterThan(192 * 192 * 0.1);
    });

    it('matches what make-icons renders, so the committed file is up to date', () => {
      expect(encodePng(renderColorIcon(accentColor())).equals(readFileSync(colorIconPath))).to.equal(true);
    });
  });

  describe('manifest/icons/outline.png', () => {
    const png = readPng(readFileSync(outlineIconPath));

    it('is 32×32 RGBA', () => {
      expect([png.width, png.height, png.colorType]).to.deep.equal([32, 32, 6]);
    });

    it('has a transparent background and a visible shape', () => {
      const alpha = alphas(png.pixels ?? new Uint8Array());
      expect(alpha[0], 'top-left corner alpha').to.equal(0);
      expect(alpha.filter((a) => a === 0).length).to.be.greaterThan(32 * 32 * 0.3);
      expect(alpha.filter((a) => a === 255).length).to.be.greaterThan(32 * 32 * 0.1);
    });

    it('is white wherever it is not fully transparent', () => {
      const pixels = png.pixels ?? new Uint8Array();
      const coloured = alphas(pixels)
        .map((alpha, i) => ({ alpha, rgb: Array.from(pixels.subarray(i * 4, i * 4 + 3)) }))
        .filter(({ alpha, rgb }) => alpha > 0 && rgb.some((channel) => channel !== 255));
      expect(coloured).to.deep.equal([]);
    });

    it('matches what make-icons renders, so the committed file is up to date', () => {
      expect(encodePng(renderOutlineIcon()).equals(readFileSync(outlineIconPath))).to.equal(true);
    });
  });

  describe('encodePng', () => {
    it('writes pixels that a PNG reader decodes back unchanged', () => {
      const pixels = Uint8Array.from({ length: 3 * 2 * 4 }, (_, i) => (i * 37) % 256);
      const decoded = readPng(encodePng({ width: 3, height: 2, pixels }));
      expect([decoded.width, decoded.height, decoded.bitDepth, decoded.colorType]).to.deep.equal([3, 2, 8, 6]);
      expect(Array.from(decoded.pixels ?? [])).to.deep.equal(Array.from(pixels));
    });

    it('refuses a pixel buffer that does not match the size', () => {
      expect(() => encodePng({ width: 2, height: 2, pixels: new Uint8Array(15) })).to.throw(RangeError, /expected 16 RGBA bytes/);
    });
  });

  describe('parseHexColor', () => {
    it('parses #RRGGBB and refuses other forms', () => {
      expect(parseHexColor('#2f6B4F')).to.deep.equal([0x2f, 0x6b, 0x4f]);
      expect(() => parseHexColor('2F6B4F')).to.throw(RangeError);
    });
  });
});
