import { kmeans } from 'ml-kmeans';
import { seededRandom, shuffled } from '../common/seeded-random';

/**
 * Per-customer inputs of the segmentation by name. Their order here is the column order of the
 * k-means points; {@link segmentVector} and {@link segmentRecord} are the only places that
 * convert between a named record and such a point.
 */
export const SEGMENT_FEATURES = ['volume', 'recencyDays', 'tickets', 'meanRating', 'negativeShare'] as const;
/** One of {@link SEGMENT_FEATURES}. */
export type SegmentFeature = (typeof SEGMENT_FEATURES)[number];
/** A value per segmentation input, by name (a customer's figures, a centroid, z-scores). */
export type SegmentFeatures = Readonly<Record<SegmentFeature, number>>;

/** One customer's activity: conversations, days since the last one, tickets, ratings, mood. */
export interface CustomerSample extends Omit<SegmentFeatures, 'meanRating'> {
  id: string;
  /** Mean 1–5 rating; null when the customer never rated (imputed with the overall mean). */
  meanRating: number | null;
}

/** A segment: its id (largest first), label, size and centroid in the features' own units. */
export interface Segment {
  id: number;
  label: string;
  size: number;
  atRisk: boolean;
  centroid: SegmentFeatures;
}

/** The result of {@link fitSegments}. */
export interface SegmentFit {
  k: number;
  /** Mean silhouette of the chosen k on the evaluation sample. */
  silhouette: number;
  segments: Segment[];
  /** Segment id of every input customer, by customer id. */
  assignments: Map<string, number>;
}

/** Options of {@link fitSegments}. */
export interface SegmentFitOptions {
  seed?: number;
  minK?: number;
  maxK?: number;
  /** Customers used to choose k (a seeded sample beyond it). */
  searchRows?: number;
  /** Customers the silhouette is computed on (it is quadratic). */
  silhouetteRows?: number;
}

/** Label given to segments whose customers are unhappier than the norm. */
export const AT_RISK_LABEL = 'at risk';

/** True for a segment the ticket flow should treat with a higher priority. */
export function isAtRiskSegment(segment: Pick<Segment, 'atRisk'> | undefined): boolean {
  return segment?.atRisk === true;
}

/**
 * k-means over the standardised features, k chosen from `minK..maxK` by the mean silhouette
 * on a seeded sample, then refitted on every customer with that k. Labels come from the
 * standardised centroids. Null when there are fewer customers than `maxK`+1 would need.
 */
export function fitSegments(customers: readonly CustomerSample[], options: SegmentFitOptions = {}): SegmentFit | null {
  const o = { seed: 11, minK: 2, maxK: 6, searchRows: 5000, silhouetteRows: 1000, ...options };
  const maxK = Math.min(o.maxK, customers.length - 1);
  if (maxK < o.minK) return null;
  const raw = toMatrix(customers);
  const { mean, std } = columnStats(raw);
  const z = raw.map((row) => row.map((v, j) => (v - mean[j]) / std[j]));
  const search = shuffled(z, seededRandom(o.seed)).slice(0, o.searchRows);
  const evaluation = search.slice(0, o.silhouetteRows);
  let best = { k: o.minK, silhouette: -Infinity };
  for (let k = o.minK; k <= maxK; k++) {
    const clusters = kmeans(search, k, { seed: o.seed, initialization: 'kmeans++' }).clusters;
    const score = silhouette(evaluation, clusters.slice(0, evaluation.length));
    if (score > best.silhouette) best = { k, silhouette: score };
  }
  const result = kmeans(z, best.k, { seed: o.seed, initialization: 'kmeans++' });
  const sizes = new Array<number>(best.k).fill(0);
  for (const c of result.clusters) sizes[c] += 1;
  const order = sizes
    .map((size, cluster) => ({ size, cluster }))
    .filter((c) => c.size > 0)
    .sort((a, b) => b.size - a.size || a.cluster - b.cluster);
  const idOf = new Map(order.map((c, id) => [c.cluster, id]));
  const labels = uniqueLabels(order.map((c) => labelFor(segmentRecord(result.centroids[c.cluster]))));
  const segments = order.map((c, id): Segment => ({
    id,
    label: labels[id],
    size: c.size,
    atRisk: labels[id].startsWith(AT_RISK_LABEL),
    centroid: segmentRecord(result.centroids[c.cluster].map((v, j) => v * std[j] + mean[j])),
  }));
  const assignments = new Map(customers.map((c, i) => [c.id, idOf.get(result.clusters[i]) as number]));
  return { k: segments.length, silhouette: best.silhouette, segments, assignments };
}

/** Mean silhouette of a clustering (Euclidean); a point alone in its cluster scores 0. */
export function silhouette(points: readonly number[][], clusters: readonly number[]): number {
  const k = Math.max(...clusters) + 1;
  let total = 0;
  for (let i = 0; i < points.length; i++) {
    const sums = new Array<number>(k).fill(0);
    const counts = new Array<number>(k).fill(0);
    for (let j = 0; j < points.length; j++) {
      if (i === j) continue;
      sums[clusters[j]] += distance(points[i], points[j]);
      counts[clusters[j]] += 1;
    }
    const own = clusters[i];
    if (counts[own] === 0) continue;
    const a = sums[own] / counts[own];
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && counts[c] > 0) b = Math.min(b, sums[c] / counts[c]);
    if (b === Infinity) continue;
    total += Math.max(a, b) > 0 ? (b - a) / Math.max(a, b) : 0;
  }
  return points.length ? total / points.length : 0;
}

function distance(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

function toMatrix(customers: readonly CustomerSample[]): number[][] {
  const rated = customers.filter((c) => c.meanRating !== null);
  const meanRating = rated.length ? rated.reduce((s, c) => s + (c.meanRating as number), 0) / rated.length : 3;
  return customers.map((c) => segmentVector({ ...c, meanRating: c.meanRating ?? meanRating }));
}

/** A k-means point: the features in {@link SEGMENT_FEATURES} order. */
function segmentVector(features: SegmentFeatures): number[] {
  return SEGMENT_FEATURES.map((name) => features[name]);
}

/** The named record of a k-means point (a centroid), the inverse of {@link segmentVector}. */
function segmentRecord(point: readonly number[]): SegmentFeatures {
  return Object.fromEntries(SEGMENT_FEATURES.map((name, j) => [name, point[j]])) as SegmentFeatures;
}

function columnStats(rows: readonly number[][]): { mean: number[]; std: number[] } {
  const n = rows.length;
  const mean = SEGMENT_FEATURES.map((_, j) => rows.reduce((s, r) => s + r[j], 0) / n);
  const std = SEGMENT_FEATURES.map((_, j) => {
    const variance = rows.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / n;
    return variance > 0 ? Math.sqrt(variance) : 1;
  });
  return { mean, std };
}

/** Describes a standardised centroid (a z-score per feature). */
export function labelFor(centroid: SegmentFeatures): string {
  const { volume, recencyDays, tickets, meanRating, negativeShare } = centroid;
  if (negativeShare > 0.5 || meanRating < -0.5) return AT_RISK_LABEL;
  if (recencyDays > 0.5) return 'dormant';
  if (volume > 0.5) return meanRating >= 0 ? 'frequent & happy' : 'frequent';
  if (tickets > 0.5) return 'ticket-heavy';
  return meanRating > 0.3 ? 'occasional & happy' : 'occasional';
}

function uniqueLabels(labels: string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const count = (seen.get(label) ?? 0) + 1;
    seen.set(label, count);
    return count === 1 ? label : `${label} (${count})`;
  });
}
