/**
 * Ranges as people and assistants write them: `YYYY-MM-DD`, `today` or
 * `yesterday`; by default the 7 days ending today; a start alone runs through
 * today; an end alone is the 7 days ending then (docs/cli.md, "oura get"). Where the
 * caller allows it (the series types), a bound may also be an ISO 8601
 * datetime. Shared by `oura get` and the MCP tools so both read the same days.
 * Bad input is a UsageError, raised before any request.
 *
 * This is user input, not the API: it lives outside `src/api` (which keeps
 * only calendar arithmetic and the client) and outside `src/cli`, so the MCP
 * tools can use it without importing the CLI.
 */

import { now as clockNow } from '../clock.js';
import { UsageError } from '../errors.js';
import { addDays, type Day, daysBetween, isDay, localDay, type TimeRange } from './days.js';

/** Days in the default range and in the range before a lone end. */
export const DEFAULT_DAYS = 7;

/** Parses one day relative to `now` (the machine's local day); `name` is the flag or argument. */
export function parseDay(text: string, name: string, now: Date = clockNow()): Day {
  const value = text.trim().toLowerCase();
  if (value === 'today') return localDay(now);
  if (value === 'yesterday') return addDays(localDay(now), -1);
  if (isDay(value)) return value;
  throw new UsageError(
    `${name} "${text}" is not a date: use YYYY-MM-DD (e.g. ${localDay(now)}), "today" or "yesterday".`,
  );
}

/** `YYYY-MM-DDTHH:MM[:SS[.fff]]`, then `Z`, an offset `±HH:MM`, or nothing (local time). */
const DATETIME_RE = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/i;

/** An ISO 8601 datetime as an instant, or undefined when `text` is not one. */
export function parseDatetime(text: string): Date | undefined {
  const value = text.trim();
  const m = DATETIME_RE.exec(value);
  if (!m || !isDay(m[1] ?? '')) return undefined;
  // ECMAScript reads a datetime without an offset as local time, which is what a person means.
  const date = new Date(value.toUpperCase());
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export interface DayRangeInput {
  start?: string | undefined;
  end?: string | undefined;
}

export interface RangeRules {
  /** How the caller spells the two bounds, for messages. */
  names: { start: string; end: string };
  now?: Date;
  /** Longest range in days. */
  maxDays?: number;
  /**
   * Whether a bound may be a datetime (series types). When not, a datetime is
   * refused with `datetimesNote` as the reason.
   */
  datetimes?: boolean;
  datetimesNote?: string;
}

interface Bound {
  day: Day;
  at?: Date;
}

/**
 * The asked range. A datetime start keeps its instant in `from`, a datetime
 * end in `to` (exclusive, as Oura's `end_datetime`); the days are those the
 * instants fall on, so windows and defaults work as for days.
 */
export function resolveDayRange(input: DayRangeInput, rules: RangeRules): TimeRange {
  const { names, now = clockNow(), maxDays = Number.POSITIVE_INFINITY } = rules;
  const bound = (text: string | undefined, name: string, isEnd: boolean): Bound | undefined => {
    if (text === undefined) return undefined;
    const at = parseDatetime(text);
    if (!at) return { day: parseDay(text, name, now) };
    if (!rules.datetimes) {
      throw new UsageError(
        `${name} "${text}" is a datetime; ${rules.datetimesNote ?? 'this takes days'}: use YYYY-MM-DD, "today" or "yesterday".`,
      );
    }
    // The end instant is exclusive: an end at midnight closes the day before.
    return { day: localDay(isEnd ? new Date(at.getTime() - 1) : at), at };
  };
  const today = localDay(now);
  const start = bound(input.start, names.start, false);
  const end = bound(input.end, names.end, true);
  const range: TimeRange = {
    start: start?.day ?? addDays(end?.day ?? today, -(DEFAULT_DAYS - 1)),
    end: end?.day ?? today,
  };
  if (start?.at) range.from = start.at;
  if (end?.at) range.to = end.at;
  const length = daysBetween(range.start, range.end) + 1;
  if (length < 1) {
    throw new UsageError(
      `${names.end} ${range.end} is before ${names.start} ${range.start}.` +
        (end === undefined ? ` (${names.start} alone runs through today.)` : ''),
    );
  }
  if (range.from && range.to && range.to <= range.from) {
    throw new UsageError(`${names.end} ${input.end} is not after ${names.start} ${input.start}.`);
  }
  if (length > maxDays) {
    throw new UsageError(
      `${range.start} to ${range.end} is ${length} days; ask for at most ${maxDays} days at a time.`,
    );
  }
  return range;
}
