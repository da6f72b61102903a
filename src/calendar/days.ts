/**
 * Local calendar days (`YYYY-MM-DD`) and the instants that cover them. Oura's
 * date routes speak in the user's local days; its series routes take ISO 8601
 * instants (RFC 3339 §5.6), which we write with the local UTC offset.
 */
import { now as clockNow } from '../clock.js';

/** A calendar day, `YYYY-MM-DD`. */
export type Day = string;

/** An inclusive range of local days. */
export interface DayRange {
  start: Day;
  end: Day;
}

/**
 * A day range, optionally narrowed to instants (series types only): samples
 * from `from` (else the start of `start`) up to `to`, exclusive (else the
 * start of the day after `end`). `from` lies on `start`, `to` on `end`.
 */
export interface TimeRange extends DayRange {
  from?: Date;
  to?: Date;
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True if `text` is a real calendar day written `YYYY-MM-DD`. */
export function isDay(text: string): boolean {
  const m = DAY_RE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // By arithmetic, not through a Date: a sync checks the day of every document.
  // Years before 100 stay refused, as Date.UTC (which reads them as 19xx) refused them.
  return year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Days in `month` (1–12) of `year`, by the Gregorian rule. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function parts(day: Day): [number, number, number] {
  const m = DAY_RE.exec(day);
  if (!m) throw new RangeError(`not a day: ${day}`);
  return [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
}

/** `day` moved by `n` calendar days (calendar arithmetic, immune to DST). */
export function addDays(day: Day, n: number): Day {
  const [y, m, d] = parts(day);
  return new Date(Date.UTC(y, m, d + n)).toISOString().slice(0, 10);
}

/**
 * Every day of `range`, in order, as {@link addDays} writes them: the
 * calendar walked by hand from the first (a Date and its ISO string per day
 * cost a year's check-in more than its SQL).
 */
export function daysOf(range: DayRange): Day[] {
  const first = addDays(range.start, 0);
  let [year, month, day] = parts(first);
  month += 1;
  const days: Day[] = [];
  const last = daysBetween(range.start, range.end);
  for (let i = 0; i <= last; i++) {
    days.push(`${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`);
    if (++day > daysInMonth(year, month)) {
      day = 1;
      if (++month > 12) {
        month = 1;
        year++;
      }
    }
  }
  return days;
}

/** Calendar days from `a` to `b` (`b - a`). */
export function daysBetween(a: Day, b: Day): number {
  const [y1, m1, d1] = parts(a);
  const [y2, m2, d2] = parts(b);
  return Math.round((Date.UTC(y2, m2, d2) - Date.UTC(y1, m1, d1)) / 86_400_000);
}

/** The local day of an instant, in the machine's time zone. */
export function localDay(date: Date = clockNow()): Day {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The machine's time zone by its IANA name (`Europe/Paris`), for a database to reckon local days in. */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The first instant of a local day (midnight, or the first hour after a DST gap). */
export function startOfLocalDay(day: Day): Date {
  const [y, m, d] = parts(day);
  return new Date(y, m, d);
}

/** An instant written as local time with its UTC offset, e.g. `2024-03-31T00:00:00+01:00`. */
export function toLocalIso(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return (
    `${localDay(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/**
 * Splits an inclusive day range into consecutive inclusive ranges of at most
 * `size` days, in order, with no day in two of them.
 */
export function splitDays(range: DayRange, size: number): DayRange[] {
  const out: DayRange[] = [];
  for (let start = range.start; daysBetween(start, range.end) >= 0; start = addDays(start, size)) {
    const end = addDays(start, size - 1);
    out.push({ start, end: daysBetween(end, range.end) < 0 ? range.end : end });
  }
  return out;
}

/**
 * Splits an inclusive day range into as few windows of at most `max` days as
 * possible, of even length: a year at 180 is 122 + 122 + 121 days, not 180 + 180 + 5
 * (the short tail costs a whole extra request for little data).
 */
export function splitDaysEvenly(range: DayRange, max: number): DayRange[] {
  const days = daysBetween(range.start, range.end) + 1;
  const count = Math.ceil(days / max);
  return splitDays(range, Math.ceil(days / count));
}

/**
 * `windows` with each one whose local days last longer than `maxMs` (the
 * clocks went back inside it, so 30 local days are 30 days and an hour) split
 * before its last day: a series route that allows 30 days refuses the hour.
 */
export function capLocalSpan(windows: readonly DayRange[], maxMs: number): DayRange[] {
  const out: DayRange[] = [];
  for (const window of windows) {
    const span =
      startOfLocalDay(addDays(window.end, 1)).getTime() - startOfLocalDay(window.start).getTime();
    if (span <= maxMs || window.start === window.end) out.push(window);
    else
      out.push(
        { start: window.start, end: addDays(window.end, -1) },
        { start: window.end, end: window.end },
      );
  }
  return out;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
