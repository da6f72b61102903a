/**
 * When the history can answer instead of Oura: it must cover the asked days,
 * and be fresh — synced within the last hour, or the range ends before the
 * revisit window (days that old no longer change: `oura sync --revisit-days`, docs/cli.md).
 */
import { addDays, type DayRange, localDay } from '../calendar/days.js';
import type { DataType } from '../oura/data-types.js';
import type { Db } from './database.js';
import { accountFirstDay, type Coverage, coverageOf } from './reader.js';
import type { StoredHistoryReader } from './store-contract.js';

/** Days re-read by every sync, because Oura keeps revising them. */
export const DEFAULT_REVISIT_DAYS = 7;

/** How recent a sync must be for the history to answer about the last days. */
export const FRESH_MS = 3_600_000;

/**
 * The time of the oldest last-sync among `types` if the history answers for
 * all of them over `range` (all of each, for undated types), else undefined.
 */
export function freshSyncedAt(
  db: Db,
  types: readonly DataType[],
  range: DayRange | undefined,
  now: Date,
): string | undefined {
  return freshAmong(
    accountFirstDay(db),
    types.map((type) => coverageOf(db, type)),
    range,
    now,
  );
}

/** The same over either store's reader (see `store-contract.ts`). */
export async function storedFreshSyncedAt(
  reader: Pick<StoredHistoryReader, 'firstDay' | 'coverage'>,
  types: readonly DataType[],
  range: DayRange | undefined,
  now: Date,
): Promise<string | undefined> {
  const [firstDay, ...coverages] = await Promise.all([
    reader.firstDay(),
    ...types.map((type) => reader.coverage(type)),
  ]);
  return freshAmong(
    firstDay as string | undefined,
    coverages as (Coverage | undefined)[],
    range,
    now,
  );
}

/** The rule itself, over the account's first day and each asked type's coverage. */
function freshAmong(
  firstDay: string | undefined,
  coverages: readonly (Coverage | undefined)[],
  range: DayRange | undefined,
  now: Date,
): string | undefined {
  const settled = addDays(localDay(now), -(DEFAULT_REVISIT_DAYS - 1));
  let oldest: string | undefined;
  for (const coverage of coverages) {
    if (!coverage?.syncedAt) return undefined;
    if (range) {
      // Days before the account's first day have no data anywhere: covered.
      const startCovered =
        range.start >= coverage.start || (firstDay !== undefined && coverage.start <= firstDay);
      if (!startCovered || range.end > coverage.through) return undefined;
    }
    const recent = now.getTime() - Date.parse(coverage.syncedAt) <= FRESH_MS;
    if (!recent && !(range && range.end < settled)) return undefined;
    if (oldest === undefined || coverage.syncedAt < oldest) oldest = coverage.syncedAt;
  }
  return oldest;
}
