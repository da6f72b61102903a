/**
 * The timestamp Oura writes for an instant (UTC, whole seconds, `+00:00`),
 * rendered by hand: a two-year backfill renders or checks half a million.
 */

let cachedDay = Number.NaN;
let cachedPrefix = '';
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `YYYY-MM-DDT` of the UTC day `day` (days since the epoch), the last one cached: samples come in day order. */
export function utcDayPrefix(day: number): string {
  if (day !== cachedDay) {
    cachedDay = day;
    cachedPrefix = new Date(day * 86_400_000).toISOString().slice(0, 11);
  }
  return cachedPrefix;
}

/** The timestamp of epoch second `seconds`, e.g. `2025-01-01T00:05:00+00:00`. */
export function utcTimestamp(seconds: number): string {
  const day = Math.floor(seconds / 86_400);
  const prefix = utcDayPrefix(day);
  const inDay = seconds - day * 86_400;
  const h = Math.floor(inDay / 3600);
  const m = Math.floor((inDay % 3600) / 60);
  return `${prefix}${two(h)}:${two(m)}:${two(inDay % 60)}+00:00`;
}
