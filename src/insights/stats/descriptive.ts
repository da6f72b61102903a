/**
 * Location statistics. Quantiles follow numpy's default (`method='linear'`,
 * Hyndman & Fan type 7), so figures match what an analyst gets from numpy.
 */

/** The arithmetic mean; NaN for no values. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** The sample variance (divisor n − 1, numpy's `ddof=1`); NaN below two values. */
export function sampleVariance(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  const centre = mean(values);
  let sum = 0;
  for (const value of values) sum += (value - centre) ** 2;
  return sum / (values.length - 1);
}

/**
 * The `p`-quantile (0 ≤ p ≤ 1) of values already sorted ascending, by linear
 * interpolation between the order statistics at (n − 1)·p: numpy's default
 * `np.quantile(x, p)`. NaN for no values.
 */
export function quantileSorted(ascending: ArrayLike<number>, p: number): number {
  const n = ascending.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lower = Math.floor(h);
  const low = ascending[lower] as number;
  const high = ascending[Math.min(lower + 1, n - 1)] as number;
  const t = h - lower;
  // numpy interpolates from the nearer end (its _lerp), which decides the last bit.
  return t >= 0.5 ? high - (high - low) * (1 - t) : low + (high - low) * t;
}

/** The `p`-quantile of values in any order (see {@link quantileSorted}). */
export function quantile(values: readonly number[], p: number): number {
  // A typed array sorts numerically and natively; early warnings take some 6000 medians.
  return quantileSorted(Float64Array.from(values).sort(), p);
}

/** The median (the mean of the two middle values when n is even). */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}
