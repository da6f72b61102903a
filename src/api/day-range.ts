/**
 * Ranges of local days as people and assistants write them: `YYYY-MM-DD`,
 * `today` or `yesterday`; by default the 7 days ending today; a start alone
 * runs through today; an end alone is the 7 days ending then
 * (CLI-CONTRACT.md). Shared by `oura get` and the MCP tools so both read the
 * same days. Bad input is a UsageError, raised before any request.
 */
import { UsageError } from '../errors.js';
import { addDays, type Day, type DayRange, daysBetween, isDay, localDay } from './days.js';

/** Days in the default range and in the range before a lone end. */
export const DEFAULT_DAYS = 7;

/** Parses one day relative to `now` (the machine's local day); `name` is the flag or argument. */
export function parseDay(text: string, name: string, now: Date = new Date()): Day {
  const value = text.trim().toLowerCase();
  if (value === 'today') return localDay(now);
  if (value === 'yesterday') return addDays(localDay(now), -1);
  if (isDay(value)) return value;
  throw new UsageError(
    `${name} "${text}" is not a date: use YYYY-MM-DD (e.g. ${localDay(now)}), "today" or "yesterday".`,
  );
}

export interface DayRangeInput {
  start?: string | undefined;
  end?: string | undefined;
}

/**
 * The asked range. `names` are how the caller spells the two bounds (for
 * messages); `maxDays` caps the length.
 */
export function resolveDayRange(
  input: DayRangeInput,
  names: { start: string; end: string },
  now: Date = new Date(),
  maxDays = Number.POSITIVE_INFINITY,
): DayRange {
  const today = localDay(now);
  const start = input.start === undefined ? undefined : parseDay(input.start, names.start, now);
  const end = input.end === undefined ? undefined : parseDay(input.end, names.end, now);
  const range: DayRange = {
    start: start ?? addDays(end ?? today, -(DEFAULT_DAYS - 1)),
    end: end ?? today,
  };
  const length = daysBetween(range.start, range.end) + 1;
  if (length < 1) {
    throw new UsageError(
      `${names.end} ${range.end} is before ${names.start} ${range.start}.` +
        (end === undefined ? ` (${names.start} alone runs through today.)` : ''),
    );
  }
  if (length > maxDays) {
    throw new UsageError(
      `${range.start} to ${range.end} is ${length} days; ask for at most ${maxDays} days at a time.`,
    );
  }
  return range;
}
