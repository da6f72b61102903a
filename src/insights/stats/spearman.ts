/**
 * Spearman's rank correlation with the p-value scipy's `spearmanr` gives:
 * Pearson's r of the ranks (ties get their average rank), and a two-sided
 * p from t = r·√((n − 2) / (1 − r²)) on n − 2 degrees of freedom.
 */
import { studentTTwoSidedP } from './t-distribution.js';

/**
 * Ranks 1…n of the values; tied values share the mean of their ranks. The
 * values are sorted as a typed array (natively, without a comparator: this
 * runs twice for each of the ~180 correlation pairs), and each value finds its
 * run of equals there by binary search: the run at positions lo…hi − 1 holds
 * ranks lo + 1…hi, whose mean is (lo + hi + 1) / 2.
 */
export function averageRanks(values: readonly number[]): number[] {
  const ascending = Float64Array.from(values).sort();
  const n = ascending.length;
  return values.map((value) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((ascending[mid] as number) < value) lo = mid + 1;
      else hi = mid;
    }
    hi = lo + 1;
    while (hi < n && ascending[hi] === value) hi++;
    return (lo + hi + 1) / 2;
  });
}

function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] as number;
    my += y[i] as number;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

export interface Correlation {
  /** Spearman's rho, −1…1. */
  rho: number;
  /** Two-sided p-value (t approximation). */
  p: number;
  n: number;
}

/**
 * Spearman's rho of paired values and its p-value. Null below three pairs or
 * when either side is constant (rho is undefined, as scipy's NaN).
 */
export function spearman(x: readonly number[], y: readonly number[]): Correlation | null {
  const n = x.length;
  if (n !== y.length) throw new RangeError('spearman: x and y differ in length');
  if (n < 3) return null;
  const rho = pearson(averageRanks(x), averageRanks(y));
  if (Number.isNaN(rho)) return null;
  const clipped = Math.max(-1, Math.min(1, rho));
  const df = n - 2;
  // |rho| = 1 gives an infinite t: p is 0, as in scipy.
  const t = clipped * Math.sqrt(df / ((1 - clipped) * (1 + clipped)));
  return { rho: clipped, p: studentTTwoSidedP(t, df), n };
}
