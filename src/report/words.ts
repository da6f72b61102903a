/** Numbers as captions say them: durations, clock times, rounded values with units. */

export function round(value: number, decimals = 0): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** `7 h 05 min` from seconds. */
export function duration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min`;
}

/** `23:40` from hours after midnight (negative: the evening before). */
export function clock(hours: number): string {
  const minutes = Math.round((((hours % 24) + 24) % 24) * 60) % 1440;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A number with thousands separators, e.g. `8,432`. */
export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** `+3.2` / `-1` / `±0`: a change as the header shows it. */
export function signed(value: number, decimals = 0): string {
  const r = round(value, decimals);
  if (r === 0) return '±0';
  return `${r > 0 ? '+' : '−'}${Math.abs(r).toFixed(decimals)}`;
}

/**
 * Hours after local midnight of an ISO 8601 time as Oura wrote it (in the
 * user's own offset), so a bedtime reads as the clock on the wall showed it.
 * Times after noon count as the evening before (negative), keeping 23:30 and
 * 00:30 one hour apart instead of 23.
 */
export function wallHours(iso: string, eveningBefore: boolean): number | null {
  const m = /T(\d{2}):(\d{2})/.exec(iso);
  if (!m) return null;
  const hours = Number(m[1]) + Number(m[2]) / 60;
  return eveningBefore && hours >= 12 ? hours - 24 : hours;
}

/** `+25 min` / `−1 h 05 min` / `±0`: a change of hours as the header shows it, in the report's one duration format. */
export function signedDuration(hours: number): string {
  const minutes = Math.round(hours * 60);
  if (minutes === 0) return '±0';
  return `${minutes > 0 ? '+' : '−'}${duration(Math.abs(minutes) * 60)}`;
}
