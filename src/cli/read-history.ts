import type { HistoryReader } from '../history/history.js';
import type { CommandRun } from './command-run.js';

/**
 * Opens the profile's history for reading (NoHistoryError when there is none),
 * runs `read` over it, and names the file in any damage a read meets: a damaged
 * page is found by the read that reaches it, rows into the output.
 */
export async function readHistory<T>(
  run: CommandRun<unknown>,
  read: (reader: HistoryReader) => Promise<T> | T,
): Promise<T> {
  const { asHistoryError } = await import('../history/errors.js');
  await using profile = await run.openProfile();
  const history = profile.history();
  const reader = await history.open();
  try {
    return await read(reader);
  } catch (error) {
    throw asHistoryError(error, history.path);
  } finally {
    history.close();
  }
}
