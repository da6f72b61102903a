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
 * `HH:MM:SS+00:00` by second of the day, each written once: series samples
 * fall on a few grids (5 minutes; 5 seconds in workouts), so the texts are
 * few, and a timestamp is then one concatenation rather than six.
 */
const timesOfDay: (string | undefined)[] = new Array(86_400);

function timeOfDay(inDay: number): string {
  let text = timesOfDay[inDay];
  if (text === undefined) {
    const h = Math.floor(inDay / 3600);
    const m = Math.floor((inDay % 3600) / 60);
    text = `${two(h)}:${two(m)}:${two(inDay % 60)}+00:00`;
    timesOfDay[inDay] = text;
  }
  return text;
}

/** The timestamp of epoch second `seconds`, e.g. `2025-01-01T00:05:00+00:00`. */
export function utcTimestamp(seconds: number): string {
  const day = Math.floor(seconds / 86_400);
  return utcDayPrefix(day) + timeOfDay(seconds - day * 86_400);
}
