/**
 * Percentile bootstrap interval for a difference of two means (Efron &
 * Tibshirani 1993, ch. 13): resample each group with replacement, keep the
 * difference of the resampled means, and read the interval off the quantiles
 * of those differences. It assumes no distribution shape, which suits the
 * skewed, small samples a person's tags give.
 */
import { quantileSorted } from './descriptive.js';
import { hashSeed } from './prng.js';

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

/**
 * The mean of `values` resampled with replacement: n draws of seededRandom's
 * generator (stats/prng.ts, mulberry32), index `Math.floor(draw · n)` each.
 * The generator is stepped inline on a local copy of its state because this
 * loop is most of what `oura insights` spends (two years of habits draw some
 * sixty million indices), and a call or a heap write per draw doubles its time.
 */
function resampledMean(values: Float64Array, generator: Int32Array): number {
  const n = values.length;
  let state = generator[0] as number;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    sum += values[Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n)] as number;
  }
  generator[0] = state;
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
  const generator = Int32Array.of(hashSeed(options.seed ?? 1));
  const [xs, ys] = [Float64Array.from(a), Float64Array.from(b)];
  const differences = new Float64Array(resamples);
  for (let i = 0; i < resamples; i++) {
    differences[i] = resampledMean(xs, generator) - resampledMean(ys, generator);
  }
  const ascending = differences.sort();
  const tail = (1 - level) / 2;
  return { low: quantileSorted(ascending, tail), high: quantileSorted(ascending, 1 - tail) };
}
