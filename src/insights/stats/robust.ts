/**
 * Robust spread and scores: a day far from a person's usual values should be
 * judged against their typical variation, not against a standard deviation
 * that the very outliers we look for inflate.
 */
import { median } from './descriptive.js';

/**
 * 1 / Φ⁻¹(3/4): scales the MAD so it estimates the standard deviation of
 * normal data, as scipy's `median_abs_deviation(x, scale='normal')`.
 */
export const MAD_NORMAL_SCALE = 1.482602218505602;

/** The median absolute deviation from the median (or from `centre`, when known), unscaled; NaN for no values. */
export function medianAbsoluteDeviation(
  values: readonly number[],
  centre = median(values),
): number {
  return median(values.map((value) => Math.abs(value - centre)));
}

/**
 * How many robust standard deviations `x` lies from the baseline's median:
 * (x − median) / (1.4826 · MAD). Undefined (null) when the baseline has no
 * spread (MAD = 0) or no values: a score would be infinite or meaningless.
 */
export function robustZ(x: number, baseline: readonly number[]): number | null {
  if (baseline.length === 0) return null;
  const centre = median(baseline);
  const spread = MAD_NORMAL_SCALE * medianAbsoluteDeviation(baseline, centre);
  if (!(spread > 0)) return null;
  return (x - centre) / spread;
}
