/**
 * The first day an account has data, found with a handful of requests
 * instead of walking back day by day: one wide request per probe type
 * (2015-01-01, before the first Oura ring with an API, through today), asking
 * only for `day`. Oura lists documents in day order, so the first page names
 * the earliest day. Three daily types are probed at once and the earliest
 * wins, because an account may lack one of them (no readiness in the first
 * days of wearing the ring, for example).
 */

import { listPath } from '../api/endpoints.js';
import { PermissionError } from '../api/errors.js';
import { addDays, type Day, localDay } from '../calendar/days.js';
import type { HistorySource } from './history-source.js';

/** Before the first ring whose data the V2 API serves. */
export const EARLIEST_DAY = '2015-01-01';

const PROBES = ['daily_activity', 'daily_sleep', 'daily_readiness'] as const;

/**
 * The earliest day with data, or `today` when the account has none yet.
 * Types the login may not read (403) are left out of the probe.
 */
export async function findFirstDay(source: HistorySource, today: Day): Promise<Day> {
  const found = await Promise.all(PROBES.map((type) => earliestOf(source, type, today)));
  const days = found.filter((day): day is Day => day !== undefined).sort();
  return days[0] ?? (await firstRingSetUp(source)) ?? today;
}

/**
 * Without the daily scope (or daily data), the day the first ring was set up:
 * nothing can predate it. One request, if the login may read ring_configuration.
 */
async function firstRingSetUp(source: HistorySource): Promise<Day | undefined> {
  try {
    const days: string[] = [];
    for await (const rings of source.listBatches('ring_configuration')) {
      for (const ring of rings) {
        const setUp = (ring as { set_up_at?: unknown }).set_up_at;
        if (typeof setUp === 'string' && !Number.isNaN(Date.parse(setUp))) {
          days.push(localDay(new Date(setUp)));
        }
      }
    }
    return days.sort()[0];
  } catch (error) {
    if (error instanceof PermissionError) return undefined;
    throw error;
  }
}

async function earliestOf(
  source: HistorySource,
  type: (typeof PROBES)[number],
  today: Day,
): Promise<Day | undefined> {
  try {
    const query = { start_date: EARLIEST_DAY, end_date: addDays(today, 1), fields: 'day' };
    for await (const page of source.paginate(listPath(type), query)) {
      const days = page
        .map((doc) => (doc as { day?: unknown }).day)
        .filter((day): day is string => typeof day === 'string')
        .sort();
      if (days[0]) return days[0].slice(0, 10);
    }
    return undefined;
  } catch (error) {
    if (error instanceof PermissionError) return undefined;
    throw error;
  }
}
