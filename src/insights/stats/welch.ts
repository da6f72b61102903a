/**
 * Welch's t-test (unequal variances): the p-value of a difference of two means,
 * as scipy's `ttest_ind(a, b, equal_var=False)`. Used to rank habit
 * comparisons for the false discovery rate; the interval reported is the
 * bootstrap one.
 */
import { mean, sampleVariance } from './descriptive.js';
import { studentTTwoSidedP } from './t-distribution.js';

export interface TTest {
  t: number;
  df: number;
  p: number;
}

/** Null below two values per group or when neither group varies. */
export function welchTTest(a: readonly number[], b: readonly number[]): TTest | null {
  if (a.length < 2 || b.length < 2) return null;
  const va = sampleVariance(a) / a.length;
  const vb = sampleVariance(b) / b.length;
  const se2 = va + vb;
  if (!(se2 > 0)) return null;
  const t = (mean(a) - mean(b)) / Math.sqrt(se2);
  const df = (se2 * se2) / ((va * va) / (a.length - 1) + (vb * vb) / (b.length - 1));
  return { t, df, p: studentTTwoSidedP(t, df) };
}
