/** `--start` / `--end` of `oura get`, read by the shared day-range rules. */
import { resolveDayRange } from '../api/day-range.js';
import type { DayRange } from '../api/days.js';

export { parseDay } from '../api/day-range.js';

export function resolveRange(
  flags: { start?: string | undefined; end?: string | undefined },
  now: Date = new Date(),
): DayRange {
  return resolveDayRange(flags, { start: '--start', end: '--end' }, now);
}
