/** `--start` / `--end` of `oura get`, read by the shared range rules (src/input). */

import { resolveDayRange } from '../calendar/day-range-flags.js';
import type { TimeRange } from '../calendar/days.js';
import { now as clockNow } from '../clock.js';

export { parseDay } from '../calendar/day-range-flags.js';

/** `datetimes`: the type is a series (heartrate, ring_battery_level), so a bound may be a datetime. */
export function resolveRange(
  flags: { start?: string | undefined; end?: string | undefined },
  now: Date = clockNow(),
  datetimes = false,
): TimeRange {
  return resolveDayRange(flags, {
    names: { start: '--start', end: '--end' },
    now,
    datetimes,
    datetimesNote: 'only heartrate and ring_battery_level take datetimes, this type takes days',
  });
}
