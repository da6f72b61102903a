/**
 * A participant's line on a cohort's admin page: when their history was last
 * synced, and on how many of the last 14 days their ring recorded something
 * (wear compliance, what researchers watch first). Two small reads of the
 * store (its meta row and the days it holds), never the documents.
 */
import { addDays, localDay } from '../../calendar/days.js';
import { now as clockNow } from '../../clock.js';
import type { StoredHistoryReader } from '../../history/store-contract.js';
import type { DataType } from '../../oura/data-types.js';

export interface ParticipantStatus {
  /** When the last complete sync finished (ISO 8601), or null if none has. */
  lastSyncAt: string | null;
  /** Days among the last {@link COMPLIANCE_DAYS} (today included) with {@link WEAR_TYPES} data. */
  daysWithDataLast14: number;
}

export const COMPLIANCE_DAYS = 14;

/**
 * What counts as a day the ring was worn: a heart-rate sample or a sleep
 * period, each recorded only from a finger. `daily_activity` is left out: a
 * summary of the day, whose being there does not say the ring was worn (its
 * `non_wear_time` does), so counting it could flatter a participant's compliance.
 */
export const WEAR_TYPES: readonly DataType[] = ['heartrate', 'sleep'];

/**
 * The participant's status, with the last 14 local days ending today on the
 * server's calendar (`now` and the process's time zone).
 */
export async function participantStatus(
  reader: StoredHistoryReader,
  now: () => Date = clockNow,
): Promise<ParticipantStatus> {
  const today = localDay(now());
  const range = { start: addDays(today, 1 - COMPLIANCE_DAYS), end: today };
  const [lastSyncAt, days] = await Promise.all([
    reader.lastSyncedAt(),
    reader.daysWithData(WEAR_TYPES, range),
  ]);
  return { lastSyncAt: lastSyncAt ?? null, daysWithDataLast14: days.length };
}
