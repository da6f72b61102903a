/**
 * The calendar side of trends: which days a day, week or month holds, and
 * how many of them an answer actually covers, so that two days at the edge of
 * a range are not presented as a whole month.
 */
import { addDays, type Day, type DayRange, daysBetween } from '../calendar/days.js';

export type Period = 'day' | 'week' | 'month';

/** The period a day falls in, named as the answer names it: the day, its week's Monday, or `YYYY-MM`. */
export function periodOf(day: Day, period: Period): string {
  if (period === 'day') return day;
  if (period === 'month') return day.slice(0, 7);
  // Days since Monday: getUTCDay counts from Sunday (0).
  const sinceMonday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -sinceMonday);
}

/** First and last day of a period named as {@link periodOf} names it. */
export function periodDays(key: string, period: Period): DayRange {
  if (period === 'day') return { start: key, end: key };
  if (period === 'week') return { start: key, end: addDays(key, 6) };
  const [year, month] = key.split('-').map(Number) as [number, number];
  // Day 0 of the next month is the last of this one.
  return { start: `${key}-01`, end: new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10) };
}

/** The days both ranges hold, or undefined when they do not meet. */
export function overlap(a: DayRange, b: DayRange): DayRange | undefined {
  // YYYY-MM-DD days order as text; Math.max/min would turn them into NaN.
  // biome-ignore lint/complexity/useMathMinMax: the operands are strings
  const start = a.start > b.start ? a.start : b.start;
  // biome-ignore lint/complexity/useMathMinMax: the operands are strings
  const end = a.end < b.end ? a.end : b.end;
  return start <= end ? { start, end } : undefined;
}

/** Days in a range, both ends included. */
export function dayCount(range: DayRange): number {
  return daysBetween(range.start, range.end) + 1;
}

/** The middle of a range, in days after `origin` (half days when the count is even). */
export function midpoint(range: DayRange, origin: Day): number {
  return (daysBetween(origin, range.start) + daysBetween(origin, range.end)) / 2;
}
