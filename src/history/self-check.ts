/**
 * When a sync reads the whole history file to find damage (see
 * `checkHistory`). SQLite keeps no page checksums: a page damaged in the
 * middle of the file (a bad disk block, a stray write, a copy cut short)
 * goes unnoticed until some query reads it, so sync looks for it.
 *
 * The check reads every page, so its cost grows with the history. On a
 * 2-year history of every type (the emulator's, 34-36 MB, warm cache):
 * `quick_check` alone 0.22-0.4 s on a quieter 2-core machine, 0.5-0.9 s under
 * load (`integrity_check`, which also compares every index with its table:
 * 0.46-0.83 s). An incremental sync of that history (nothing new, the
 * revisit window only, process start included) took 1.2-1.9 s there; on
 * every run the check would add a fifth to a third to the syncs people run
 * most. So:
 * - every `--full` sync checks (it re-reads two years from Oura: 9 s or
 *   more against the 0-latency emulator, of which the check is ~3%), and so
 *   does the first sync of a file (nothing in it yet: free);
 * - an incremental sync checks when the last check that passed is older
 *   than {@link CHECK_INTERVAL_MS} (`meta.checked_at`): a daily sync checks
 *   every time, `oura sync --every 30m` once in 24 runs. A run that does
 *   not check reads one meta row more: the same time as before (7 alternating
 *   runs each, 40 ms latency, loaded machine: median 1.86 s vs 2.05 s before;
 *   0 ms: 2.62 s vs 2.46 s; the spread of either is wider than the gap).
 * The check runs in the writer's thread before its first write, while the
 * first windows are fetched, so no window is written into a damaged file and
 * part of its cost is hidden (same runs, check due: +0.5-0.6 s for a
 * 0.7-0.8 s check).
 */
import type { HistoryWriter } from './store-contract.js';

/** How long a passed check stands before an incremental sync checks again. */
export const CHECK_INTERVAL_MS = 12 * 3_600_000;

/** Whether this sync should check the whole store first, given when (`meta.checked_at`) it last passed. */
export function checkDue(checkedAt: string | undefined, now: Date, full: boolean): boolean {
  if (full) return true;
  const last = checkedAt === undefined ? Number.NaN : Date.parse(checkedAt);
  // Never checked, or a clock set back since (the last check "in the future"): check.
  if (Number.isNaN(last) || last > now.getTime()) return true;
  return now.getTime() - last >= CHECK_INTERVAL_MS;
}

/** Records a passed check, through the writer that checked. */
export function recordCheck(writer: HistoryWriter, at: Date): Promise<void> {
  return writer.setMeta('checked_at', at.toISOString());
}
