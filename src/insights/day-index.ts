/**
 * Days as positions: the insights walk every day of a range many times (180
 * correlation pairs, every habit × outcome), and calendar arithmetic on
 * `YYYY-MM-DD` strings in those loops costs seconds over two years. The
 * range's days are listed once; series become arrays aligned to them.
 */
import { addDays, type Day } from '../calendar/days.js';

/** Every day from `start` to `end`, inclusive (none when end < start). */
export function daysFrom(start: Day, end: Day): Day[] {
  const days: Day[] = [];
  for (let day = start; day <= end; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The series' value on each of `days`; NaN where it has none. */
export function aligned(series: ReadonlyMap<Day, number>, days: readonly Day[]): Float64Array {
  return Float64Array.from(days, (day) => series.get(day) ?? Number.NaN);
}
