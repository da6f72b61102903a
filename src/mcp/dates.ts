/**
 * `start_date` / `end_date` of the tools: local days of this machine, as
 * `oura get` reads them (CLI-CONTRACT.md), so the CLI and the assistant see
 * the same days. `today` and `yesterday` are accepted too, because a model
 * does not always know the date.
 */
import { addDays, type Day, type DayRange, daysBetween, isDay, localDay } from '../api/days.js';
import { UsageError } from '../errors.js';

/** Days in the default range: the 7 days ending today. */
export const DEFAULT_DAYS = 7;

function parseDay(text: string, name: string, now: Date): Day {
  const value = text.trim().toLowerCase();
  if (value === 'today') return localDay(now);
  if (value === 'yesterday') return addDays(localDay(now), -1);
  if (isDay(value)) return value;
  throw new UsageError(
    `${name} "${text}" is not a date: use YYYY-MM-DD (e.g. ${localDay(now)}), "today" or "yesterday".`,
  );
}

/**
 * The asked range: by default the 7 days ending today; `start_date` alone
 * runs through today; `end_date` alone is the 7 days ending then. Throws
 * {@link UsageError} on a bad day, an end before the start, or a range longer
 * than `maxDays`.
 */
export function resolveToolRange(
  args: { start_date?: string | undefined; end_date?: string | undefined },
  now: Date,
  maxDays: number,
): DayRange {
  const today = localDay(now);
  const start =
    args.start_date === undefined ? undefined : parseDay(args.start_date, 'start_date', now);
  const end = args.end_date === undefined ? undefined : parseDay(args.end_date, 'end_date', now);
  const range: DayRange = {
    start: start ?? addDays(end ?? today, -(DEFAULT_DAYS - 1)),
    end: end ?? today,
  };
  const length = daysBetween(range.start, range.end) + 1;
  if (length < 1) {
    throw new UsageError(
      `end_date ${range.end} is before start_date ${range.start}.` +
        (end === undefined ? ' (start_date alone runs through today.)' : ''),
    );
  }
  if (length > maxDays) {
    throw new UsageError(
      `${range.start} to ${range.end} is ${length} days; ask for at most ${maxDays} days at a time.`,
    );
  }
  return range;
}
