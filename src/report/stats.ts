/** Small numeric helpers for the report: averages that skip missing days, rolling windows, quantiles. */

export type Maybe = number | null;

export function present(values: readonly Maybe[]): number[] {
  return values.filter((v): v is number => v !== null && Number.isFinite(v));
}

export function mean(values: readonly Maybe[]): number | null {
  const xs = present(values);
  return xs.length === 0 ? null : xs.reduce((s, v) => s + v, 0) / xs.length;
}

export function median(values: readonly Maybe[]): number | null {
  const xs = present(values).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = xs.length >> 1;
  return xs.length % 2 ? (xs[mid] ?? null) : ((xs[mid - 1] ?? 0) + (xs[mid] ?? 0)) / 2;
}

export function stdev(values: readonly Maybe[]): number | null {
  const xs = present(values);
  const m = mean(xs);
  if (m === null || xs.length < 2) return null;
  return Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / (xs.length - 1));
}

/**
 * The trailing mean over `window` days ending at each day, skipping missing
 * days; null until the window holds at least `minimum` values, so the first
 * days of a history do not show a "7-day average" of one night.
 */
export function rolling(values: readonly Maybe[], window: number, minimum: number): Maybe[] {
  const out: Maybe[] = [];
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const add = values[i];
    if (add !== null && add !== undefined) {
      sum += add;
      count++;
    }
    const drop = i >= window ? values[i - window] : null;
    if (drop !== null && drop !== undefined) {
      sum -= drop;
      count--;
    }
    out.push(count >= minimum ? sum / count : null);
  }
  return out;
}

/** The `q` quantile (0..1) of a histogram given as value -> count. */
export function histogramQuantile(counts: ReadonlyMap<number, number>, q: number): number | null {
  const total = [...counts.values()].reduce((s, c) => s + c, 0);
  if (total === 0) return null;
  const target = q * (total - 1);
  let seen = 0;
  for (const [value, count] of [...counts].sort((a, b) => a[0] - b[0])) {
    seen += count;
    if (seen > target) return value;
  }
  return null;
}

/** Index and value of the smallest and largest present value. */
export function extremes(
  values: readonly Maybe[],
): { min: number; minAt: number; max: number; maxAt: number } | undefined {
  let found: { min: number; minAt: number; max: number; maxAt: number } | undefined;
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) return;
    if (!found) found = { min: v, minAt: i, max: v, maxAt: i };
    if (v < found.min) Object.assign(found, { min: v, minAt: i });
    if (v > found.max) Object.assign(found, { max: v, maxAt: i });
  });
  return found;
}
