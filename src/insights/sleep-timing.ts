/**
 * Mid-sleep and social jetlag (Wittmann et al. 2006; Roenneberg's MSF/MSW):
 * the clock time halfway through the main sleep, averaged over nights before
 * work days and nights before free days, and the difference between them.
 * Work and free are read from the calendar: a night ending on Monday–Friday
 * is a work night, one ending on Saturday or Sunday a free night (the
 * history does not say which days someone works).
 */

import type { OuraDocument } from '../api/types.js';
import { addDays, type Day } from '../calendar/days.js';
import { mainSleeps } from './daily-metrics.js';
import { parseLocalTime } from './local-time.js';
import {
  type BootstrapOptions,
  bootstrapMeanDifference,
  type Interval,
} from './stats/bootstrap.js';
import { mean } from './stats/descriptive.js';
import { type Answer, notEnoughData } from './stats/min-n.js';

/** Days the timing figures look back over, ending on the last day asked for. */
export const TIMING_DAYS = 90;
/** Fewest nights on each side (work, free) for a social jetlag figure. */
export const MIN_TIMING_NIGHTS = 8;

/**
 * The main sleep's midpoint in hours after the local midnight that starts its
 * wake day (negative: before midnight), at the wake time's UTC offset.
 */
export function midSleepHours(sleep: OuraDocument<'sleep'>): number | undefined {
  const start = parseLocalTime(sleep.bedtime_start);
  const end = parseLocalTime(sleep.bedtime_end);
  if (!start || !end) return undefined;
  const midpoint = (start.ms + end.ms) / 2;
  const midnight = Date.parse(`${sleep.day}T00:00:00Z`) - end.offsetMs;
  return (midpoint - midnight) / 3_600_000;
}

/** Saturday and Sunday, by the calendar day's weekday. */
export function isFreeDay(day: Day): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

export type SleepTimingAnswer = Answer<{
  start: Day;
  end: Day;
  n_work: number;
  n_free: number;
  /** Mean mid-sleep over all nights, hours after midnight. */
  mid_sleep_hours: number;
  mid_sleep_work_hours: number;
  mid_sleep_free_hours: number;
  /** Free minus work mid-sleep, hours (positive: later on free days). */
  social_jetlag_hours: number;
  /** 95 % bootstrap interval of the social jetlag. */
  interval: Interval;
}>;

/** Mid-sleep and social jetlag over the {@link TIMING_DAYS} days ending on `end`. */
export function sleepTiming(
  sleeps: readonly OuraDocument<'sleep'>[],
  end: Day,
  bootstrap: BootstrapOptions = {},
): SleepTimingAnswer {
  const start = addDays(end, -(TIMING_DAYS - 1));
  const work: number[] = [];
  const free: number[] = [];
  for (const [day, sleep] of [...mainSleeps(sleeps)].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (day < start || day > end) continue;
    const mid = midSleepHours(sleep);
    if (mid === undefined) continue;
    (isFreeDay(day) ? free : work).push(mid);
  }
  const method =
    `Mid-sleep is the midpoint of the main sleep (local clock), ${start}…${end}; social jetlag is ` +
    'mean mid-sleep on free nights (ending Sat/Sun) minus work nights (ending Mon–Fri), with a 95 % ' +
    'percentile bootstrap interval.';
  const short = Math.min(work.length, free.length);
  const refusal = notEnoughData(
    short,
    MIN_TIMING_NIGHTS,
    `${method} Nights on the smaller side counted.`,
  );
  if (refusal) return refusal;
  const interval = bootstrapMeanDifference(free, work, bootstrap) as Interval;
  return {
    status: 'ok',
    method,
    start,
    end,
    n_work: work.length,
    n_free: free.length,
    mid_sleep_hours: mean([...work, ...free]),
    mid_sleep_work_hours: mean(work),
    mid_sleep_free_hours: mean(free),
    social_jetlag_hours: mean(free) - mean(work),
    interval,
  };
}
