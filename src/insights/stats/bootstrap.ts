/**
 * Percentile bootstrap interval for a difference of two means (Efron &
 * Tibshirani 1993, ch. 13): resample each group with replacement, keep the
 * difference of the resampled means, and read the interval off the quantiles
 * of those differences. It assumes no distribution shape, which suits the
 * skewed, small samples a person's tags give.
 */
import { quantileSorted } from './descriptive.js';
import { seededRandom } from './prng.js';

/** Resamples unless told otherwise: enough that the 2.5 % tails rest on 50 draws each. */
export const DEFAULT_RESAMPLES = 2000;

export interface BootstrapOptions {
  /** Seed of the resampling: the same seed gives the same interval. Default 1. */
  seed?: string | number;
  /** Number of resamples, at least 2000 by default. */
  resamples?: number;
  /** Coverage of the interval; default 0.95. */
  level?: number;
}

/** An interval `[low, high]`. */
export interface Interval {
  low: number;
  high: number;
}

function resampledMean(values: readonly number[], random: () => number): number {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[Math.floor(random() * n)] as number;
  return sum / n;
}

/**
 * The percentile bootstrap interval of mean(a) − mean(b). Deterministic for a
 * seed. Null when a group is empty.
 */
export function bootstrapMeanDifference(
  a: readonly number[],
  b: readonly number[],
  options: BootstrapOptions = {},
): Interval | null {
  if (a.length === 0 || b.length === 0) return null;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const level = options.level ?? 0.95;
  const random = seededRandom(options.seed ?? 1);
  const differences = new Float64Array(resamples);
  for (let i = 0; i < resamples; i++) {
    differences[i] = resampledMean(a, random) - resampledMean(b, random);
  }
  differences.sort();
  const tail = (1 - level) / 2;
  const ascending = Array.from(differences);
  return { low: quantileSorted(ascending, tail), high: quantileSorted(ascending, 1 - tail) };
}
