/** A point in unit coordinates: (0, 0) is the top left of the icon, (1, 1) the bottom right. */
type Point = readonly [number, number];

const body = { left: 0.2, top: 0.22, right: 0.8, bottom: 0.64, radius: 0.14 };
const tail: readonly [Point, Point, Point] = [
  [0.3, 0.6],
  [0.48, 0.6],
  [0.26, 0.82],
];
const dotRadius = 0.065;
const dots: readonly Point[] = [
  [0.34, 0.43],
  [0.5, 0.43],
  [0.66, 0.43],
];

/** Whether a point lies on the bubble: a rounded box, a tail at the bottom left, three dots cut out. */
function isOnSpeechBubble(x: number, y: number): boolean {
  if (dots.some(([cx, cy]) => (x - cx) ** 2 + (y - cy) ** 2 <= dotRadius ** 2)) return false;
  return isInRoundedBox(x, y) || isInTriangle([x, y], tail);
}

/**
 * Fraction of each pixel covered by the speech bubble in a square icon, sampled on an
 * `samples × samples` grid per pixel for smooth edges.
 * @returns `size × size` coverages between 0 and 1, row by row
 */
export function speechBubbleCoverage(size: number, samples = 4): Float64Array {
  const coverage = new Float64Array(size * size);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let hits = 0;
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          if (isOnSpeechBubble((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)) hits += 1;
        }
      }
      coverage[py * size + px] = hits / (samples * samples);
    }
  }
  return coverage;
}

function isInRoundedBox(x: number, y: number): boolean {
  const { left, top, right, bottom, radius } = body;
  if (x < left || x > right || y < top || y > bottom) return false;
  const nearestX = Math.min(Math.max(x, left + radius), right - radius);
  const nearestY = Math.min(Math.max(y, top + radius), bottom - radius);
  return (x - nearestX) ** 2 + (y - nearestY) ** 2 <= radius ** 2;
}

function isInTriangle(p: Point, [a, b, c]: readonly [Point, Point, Point]): boolean {
  const side = (u: Point, v: Point) => (v[0] - u[0]) * (p[1] - u[1]) - (v[1] - u[1]) * (p[0] - u[0]);
  const d1 = side(a, b);
  const d2 = side(b, c);
  const d3 = side(c, a);
  const hasNegative = d1 < 0 || d2 < 0 || d3 < 0;
  const hasPositive = d1 > 0 || d2 > 0 || d3 > 0;
  return !(hasNegative && hasPositive);
}
