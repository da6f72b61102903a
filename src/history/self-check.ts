/**
 * When a sync reads the whole history file to find damage (see
 * `checkHistory`). SQLite keeps no page checksums: a page damaged in the
 * middle of the file (a bad disk block, a stray write, a copy cut short)
 * goes unnoticed until some query reads it, so sync looks for it.
 *
 * The check reads every page, so its cost grows with the history. Measured
 * on a 2-year history of every type (the emulator's, 36 MB, warm cache, a
 * 2-core machine under load): `quick_check` 0.22-0.6 s (`integrity_check`
 * 0.46-0.83 s), beside an incremental sync of 0.6-1.2 s against the
 * 0-latency emulator. Run on every sync, it would add a third to the
 * quick syncs people run most. So:
 * - every `--full` sync checks (it re-reads two years from Oura: seconds
 *   at least, of which the check is a few per cent), and so does the first
 *   sync of a file (nothing to read yet);
 * - an incremental sync checks when the last check that passed is older
 *   than {@link CHECK_INTERVAL_MS} (`meta.checked_at`): a daily sync checks
 *   every time, `oura sync --every 30m` once in 24 runs.
 * The check runs in the writer's thread before its first write, while the
 * windows are being fetched, so a due check costs little wall time, and no
 * window is written into a damaged file.
 */
import type { Db } from './database.js';

/** How long a passed check stands before an incremental sync checks again. */
export const CHECK_INTERVAL_MS = 12 * 3_600_000;

/** Whether this sync should check the whole file first. */
export function checkDue(db: Db, now: Date, full: boolean): boolean {
  if (full) return true;
  const row = db.prepare("SELECT value FROM meta WHERE key = 'checked_at'").get() as
    | { value: string }
    | undefined;
  const last = row ? Date.parse(row.value) : Number.NaN;
  // A clock set back (last in the future) is no reason to skip checking.
  return !(now.getTime() - last < CHECK_INTERVAL_MS && last <= now.getTime());
}

/** Records a passed check. */
export function recordCheck(db: Db, at: Date): void {
  db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('checked_at', ?)").run(
    at.toISOString(),
  );
}
