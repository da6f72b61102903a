/**
 * `--start` / `--end` of `oura get`: local days written `YYYY-MM-DD`, `today`
 * or `yesterday` (see CLI-CONTRACT.md). Bad input is a UsageError (exit 2),
 * raised before any request.
 */
import { addDays, type Day, type DayRange, daysBetween, isDay, localDay } from '../api/days.js';
import { UsageError } from '../errors.js';

/** Days in the default range and in the range before a lone `--end`. */
export const DEFAULT_DAYS = 7;

/** Parses one day argument relative to `now` (the machine's local day). */
export function parseDay(text: string, flag: string, now: Date = new Date()): Day {
  const value = text.trim().toLowerCase();
  if (value === 'today') return localDay(now);
  if (value === 'yesterday') return addDays(localDay(now), -1);
  if (isDay(value)) return value;
  throw new UsageError(`${flag} "${text}" is not a day: use YYYY-MM-DD, today or yesterday.`);
}

/**
 * The asked range: default the 7 days ending today; `--start` alone runs
 * through today; `--end` alone is the 7 days ending then.
 */
export function resolveRange(
  flags: { start?: string | undefined; end?: string | undefined },
  now: Date = new Date(),
): DayRange {
  const today = localDay(now);
  const start = flags.start === undefined ? undefined : parseDay(flags.start, '--start', now);
  const end = flags.end === undefined ? undefined : parseDay(flags.end, '--end', now);
  const range: DayRange =
    start !== undefined && end !== undefined
      ? { start, end }
      : start !== undefined
        ? { start, end: today }
        : end !== undefined
          ? { start: addDays(end, -(DEFAULT_DAYS - 1)), end }
          : { start: addDays(today, -(DEFAULT_DAYS - 1)), end: today };
  if (daysBetween(range.start, range.end) < 0) {
    throw new UsageError(
      `--end ${range.end} is before --start ${range.start}.` +
        (end === undefined ? ' (--start alone runs through today.)' : ''),
    );
  }
  return range;
}
