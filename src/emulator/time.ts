/**
 * Day and time arithmetic for the synthetic history.
 *
 * Convention: "days" are the user's local calendar days as `YYYY-MM-DD`, and
 * the local time zone is the machine's (the offset of each day is taken at
 * local noon, so DST changes move whole days). Local timestamps are written
 * with that offset (`2024-03-01T23:05:00+01:00`); time-series rows are written
 * in UTC (`2024-03-01T22:05:00+00:00`), as Oura does.
 */
import { now as clockNow } from '../clock.js';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD`, or undefined when it is not a real date. */
export function dayNumber(day: string): number | undefined {
  const match = DAY_RE.exec(day);
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) {
    return undefined;
  }
  return ms / DAY_MS;
}

/** `YYYY-MM-DD` of a day number. */
export function dayString(num: number): string {
  return new Date(num * DAY_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` of a day number plus `delta` days. */
export function addDays(day: string, delta: number): string {
  return dayString((dayNumber(day) ?? 0) + delta);
}

/** Today on the machine's local calendar. */
export function localToday(now: Date = clockNow()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

const offsetCache = new Map<number, number>();

/** Local UTC offset in minutes (east positive) for a day number, measured at local noon. */
export function offsetMinutes(num: number): number {
  let cached = offsetCache.get(num);
  if (cached === undefined) {
    const date = new Date(num * DAY_MS);
    const noon = new Date(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), 12);
    cached = -noon.getTimezoneOffset();
    if (offsetCache.size > 20_000) offsetCache.clear();
    offsetCache.set(num, cached);
  }
  return cached;
}

/**
 * Epoch ms of a day number's midnight at the offset of its local noon: the
 * anchor a day's events are placed from, so an afternoon workout keeps its
 * local clock time on a day the clocks change. Not the day's edge on such a
 * day (an hour off): that is {@link localDayStart}.
 */
export function localMidnight(num: number): number {
  return num * DAY_MS - offsetMinutes(num) * MINUTE_MS;
}

/** Epoch ms at which the local day `num` begins: its midnight at the offset in force then. */
export function localDayStart(num: number): number {
  const date = new Date(num * DAY_MS);
  return new Date(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()).getTime();
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Local ISO 8601 with an explicit offset, seconds precision. */
export function localIso(epochMs: number, offsetMin: number): string {
  const shifted = new Date(epochMs + offsetMin * MINUTE_MS).toISOString().slice(0, 19);
  return `${shifted}${offsetText(offsetMin)}`;
}

/** UTC ISO 8601 spelled `+00:00`, seconds precision, as Oura's series rows. */
export function utcIso(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}+00:00`;
}

const DATETIME_RE =
  /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses an ISO 8601 date-time as FastAPI/pydantic would accept it: seconds
 * and fraction optional, offset optional (a naive value is taken as UTC).
 * Returns epoch ms, or undefined when malformed.
 */
export function parseDateTime(text: string): { epochMs: number; day: string } | undefined {
  const match = DATETIME_RE.exec(text);
  if (!match) return undefined;
  const day = match[1] ?? '';
  const num = dayNumber(day);
  const [hh, mm, ss] = [Number(match[2]), Number(match[3]), Number(match[4] ?? 0)];
  if (num === undefined || hh > 23 || mm > 59 || ss > 59) return undefined;
  let offset = 0;
  const zone = match[5];
  if (zone && zone !== 'Z' && zone !== 'z') {
    const digits = zone.replace(':', '');
    const oh = Number(digits.slice(1, 3));
    const om = Number(digits.slice(3, 5));
    if (oh > 23 || om > 59) return undefined;
    offset = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const epochMs = num * DAY_MS + ((hh * 60 + mm - offset) * 60 + ss) * 1000;
  return { epochMs, day };
}
