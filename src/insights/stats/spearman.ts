/**
 * Spearman's rank correlation with the p-value scipy's `spearmanr` gives:
 * Pearson's r of the ranks (ties get their average rank), and a two-sided
 * p from t = r·√((n − 2) / (1 − r²)) on n − 2 degrees of freedom.
 */
import { studentTTwoSidedP } from './t-distribution.js';

/** Ranks 1…n of the values; tied values share the mean of their ranks. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values
    .map((_, i) => i)
    .sort((i, j) => (values[i] as number) - (values[j] as number));
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    const value = values[order[start] as number];
    while (end < order.length && values[order[end] as number] === value) end++;
    const rank = (start + end + 1) / 2;
    for (let k = start; k < end; k++) ranks[order[k] as number] = rank;
    start = end;
  }
  return ranks;
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
