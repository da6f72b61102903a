/**
 * Standardised effect size of a difference of two means.
 */
import { mean, sampleVariance } from './descriptive.js';

/**
 * Hedges' g: Cohen's d (difference of means over the pooled sample standard
 * deviation) times the small-sample correction J = 1 − 3 / (4(n₁ + n₂) − 9)
 * (Hedges & Olkin 1985). Positive when `a`'s mean is higher. Null below two
 * values per group or when both groups have no spread.
 */
export function hedgesG(a: readonly number[], b: readonly number[]): number | null {
  const na = a.length;
  const nb = b.length;
  if (na < 2 || nb < 2) return null;
  const pooled = Math.sqrt(
    ((na - 1) * sampleVariance(a) + (nb - 1) * sampleVariance(b)) / (na + nb - 2),
  );
  if (!(pooled > 0)) return null;
  const correction = 1 - 3 / (4 * (na + nb) - 9);
  return (correction * (mean(a) - mean(b))) / pooled;
}
