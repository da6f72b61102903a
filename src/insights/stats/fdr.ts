/**
 * Benjamini–Hochberg false discovery rate control (Benjamini & Hochberg 1995).
 * Scanning many pairs finds some by chance; keeping those whose adjusted p is
 * at most q keeps the expected share of false findings among them at most q.
 */

/**
 * BH-adjusted p-values, in the input order: p₍ᵢ₎·m / i made monotone from the
 * largest down and capped at 1 (scipy's `false_discovery_control(p, method='bh')`).
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues
    .map((_, i) => i)
    .sort((i, j) => (pValues[i] as number) - (pValues[j] as number));
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const index = order[rank - 1] as number;
    running = Math.min(running, ((pValues[index] as number) * m) / rank);
    adjusted[index] = running;
  }
  return adjusted;
}
