/**
 * `start_date` / `end_date` of the tools, read by the same rules as `oura get`
 * (so the CLI and the assistant see the same days), with a cap on the length.
 * Days only, as the tools' contract says.
 */

import { resolveDayRange } from '../calendar/day-range-flags.js';
import { addDays, type DayRange, localDay } from '../calendar/days.js';

export function resolveToolRange(
  args: { start_date?: string | undefined; end_date?: string | undefined },
  now: Date,
  maxDays: number,
): DayRange {
  return resolveDayRange(
    { start: args.start_date, end: args.end_date },
    {
      names: { start: 'start_date', end: 'end_date' },
      now,
      maxDays,
      datetimesNote: 'the tools take days',
    },
  );
}

/**
 * The range of a tool over the history: by default the `defaultDays` ending
 * `end_date` (or today), `start_date` alone running through today as in `oura get`.
 */
export function resolveHistoryToolRange(
  args: { start_date?: string | undefined; end_date?: string | undefined },
  now: Date,
  defaultDays: number,
  maxDays: number,
): DayRange {
  const end = args.end_date ?? localDay(now);
  return resolveToolRange(
    { start_date: args.start_date ?? addDays(end, -(defaultDays - 1)), end_date: end },
    now,
    maxDays,
  );
}
