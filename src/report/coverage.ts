/**
 * Which days the report covers, and whether the history holds them. The
 * report reads only the history: for days it lacks, it says so and points to
 * `oura sync` instead of fetching years of data live.
 */
import type { DayRange } from '../calendar/days.js';
import { OuraError, UsageError } from '../errors.js';
import type { HistoryReader } from '../history/history.js';
import type { DataType } from '../oura/data-types.js';

/** The daily types every report draws on; their coverage decides the range. */
const CORE_TYPES: readonly DataType[] = [
  'daily_sleep',
  'daily_readiness',
  'daily_activity',
  'sleep',
];

export class NotCoveredError extends OuraError {
  override readonly name = 'NotCoveredError';
  constructor(message: string, hint: string) {
    super('NOT_COVERED', message, { hint });
  }
}

/** The days a report shows, and where the history they come from begins. */
export interface ReportScope {
  range: DayRange;
  /** The first day the history holds. */
  historyStart: string;
  /** The start asked for, when it lay before the history and the range was clipped to it. */
  askedStart?: string;
}

/**
 * The range asked for, defaulting to everything the history holds. Days
 * after the last synced one, or before the first one the sync reached (unless
 * the account has no earlier data), are not covered. A start before the
 * account's data begins is moved to the history's first day: years of empty
 * chart tell nothing, and would be compared with a period from long before.
 */
export function resolveCoverage(
  read: HistoryReader,
  asked: { start?: string; end?: string },
): ReportScope {
  const coverages = CORE_TYPES.flatMap((type) => read.coverage(type) ?? []);
  if (coverages.length === 0) {
    throw new NotCoveredError(
      'the local history has no days synced yet.',
      'Run `oura sync` to copy your data to this machine first.',
    );
  }
  const first = coverages.map((c) => c.start).sort()[0] as string;
  const through = coverages
    .map((c) => c.through)
    .sort()
    .reverse()[0] as string;
  const start = asked.start ?? first;
  const end = asked.end ?? through;
  if (start > end) throw new UsageError(`the last day ${end} is before the first day ${start}.`);
  if (end > through) {
    throw new NotCoveredError(
      `the history covers ${first} to ${through}, not up to ${end}.`,
      'Run `oura sync` to bring it up to date, then `oura report` again.',
    );
  }
  // The day the account's data begins: days before it are covered by definition (there is nothing there).
  const accountStart = read.firstDay();
  if (start < first && !(accountStart !== undefined && first <= accountStart)) {
    throw new NotCoveredError(
      `the history covers ${first} to ${through}, not from ${start}.`,
      `Run \`oura sync --since ${start}\` to copy the earlier days, then \`oura report\` again.`,
    );
  }
  // A range wholly before the history keeps its days, so the message names what was asked.
  if (start < first && end >= first) {
    return { range: { start: first, end }, historyStart: first, askedStart: start };
  }
  return { range: { start, end }, historyStart: first };
}
