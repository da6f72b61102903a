/** The local history: where it is, how big, and when it last changed. */
import { stat } from 'node:fs/promises';
import { OuraError } from '../errors.js';
import { NoHistoryError } from '../history/errors.js';
import type { History } from '../history/history.js';
import { type Check, fail, ok, reasonOf, warn } from './check.js';

/** A history older than this is reported as stale. */
export const STALE_AFTER_MS = 24 * 3_600_000;

export async function checkHistory(history: History, now: Date): Promise<Check> {
  const { path } = history;
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    return warn(
      'history',
      `no local history at ${path}: run \`oura sync\` to make one (optional; live commands work without it).`,
    );
  }
  let changedAt: string | null;
  try {
    changedAt = (await history.open()).changedAt();
  } catch (error) {
    if (error instanceof NoHistoryError) {
      return warn('history', `${path} holds no synced data yet: run \`oura sync\`.`);
    }
    // Each of our errors has its own way out: --rebuild only for damage.
    if (error instanceof OuraError) {
      return fail('history', error.hint ? `${error.message} ${error.hint}` : error.message);
    }
    return fail('history', `${path} cannot be read (${reasonOf(error)}).`);
  }
  const where = `${path} (${megabytes(size)})`;
  if (changedAt === null)
    return warn('history', `${where} was never fully synced: run \`oura sync\`.`);
  const age = now.getTime() - Date.parse(changedAt);
  if (age > STALE_AFTER_MS) {
    return warn(
      'history',
      `${where} last changed ${changedAt}, ${ago(age)} ago: run \`oura sync\` (or \`oura sync --every 1h\`, or webhooks, to keep it current).`,
    );
  }
  return ok('history', `${where}, last changed ${changedAt} (${ago(age)} ago)`);
}

function megabytes(bytes: number): string {
  return bytes < 1_048_576
    ? `${Math.ceil(bytes / 1024)} KB`
    : `${(bytes / 1_048_576).toFixed(1)} MB`;
}

function ago(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}
