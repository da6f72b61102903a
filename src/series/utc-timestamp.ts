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

/**
 * A day's `HH:MM:` by minute and `SS+00:00` by second, written once: a
 * timestamp is then two concatenations rather than six (the emulator writes
 * ~550k of them in a two-year sync).
 */
const MINUTES = Array.from(
  { length: 1440 },
  (_, m) => `${two(Math.floor(m / 60))}:${two(m % 60)}:`,
);
const SECONDS = Array.from({ length: 60 }, (_, s) => `${two(s)}+00:00`);

/** The timestamp of epoch second `seconds`, e.g. `2025-01-01T00:05:00+00:00`. */
export function utcTimestamp(seconds: number): string {
  const day = Math.floor(seconds / 86_400);
  const inDay = seconds - day * 86_400;
  return utcDayPrefix(day) + MINUTES[Math.floor(inDay / 60)] + SECONDS[inDay % 60];
}
