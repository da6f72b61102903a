/**
 * Oura's local date-times (`2025-06-14T23:05:00+02:00`) carry the wearer's
 * UTC offset at that moment. Clock-time insights (mid-sleep, bedtime after
 * midnight, late workouts) read the wall clock from that text, not from the
 * machine's time zone, which may be another continent's.
 */
import type { Day } from '../calendar/days.js';

const LOCAL_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?(Z|[+-]\d{2}:\d{2})?$/;

export interface LocalTime {
  /** The instant, epoch milliseconds. */
  ms: number;
  /** The wall-clock date. */
  day: Day;
  /** Minutes after the wall clock's midnight, 0 ≤ m < 1440. */
  minutes: number;
  /** The UTC offset in milliseconds (0 when the text names none). */
  offsetMs: number;
}

/** Parses an Oura local date-time; undefined for anything else. */
export function parseLocalTime(text: string | null | undefined): LocalTime | undefined {
  const match = LOCAL_RE.exec(text ?? '');
  if (!match) return undefined;
  const [, day = '', hh = '0', mm = '0', ss = '0', zone = 'Z'] = match;
  const sign = zone.startsWith('-') ? -1 : 1;
  const offsetMs =
    zone === 'Z' ? 0 : sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  const minutes = Number(hh) * 60 + Number(mm) + Number(ss) / 60;
  const ms = Date.parse(`${day}T00:00:00Z`) + minutes * 60_000 - offsetMs;
  return { ms, day, minutes, offsetMs };
}

/** Epoch milliseconds of `day`'s wall-clock `minutes` at the given UTC offset. */
export function wallClockMs(day: Day, minutes: number, offsetMs: number): number {
  return Date.parse(`${day}T00:00:00Z`) + minutes * 60_000 - offsetMs;
}
