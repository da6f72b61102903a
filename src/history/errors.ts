/** Errors of the local history; each tells the person the way out. */
import { OuraError } from '../errors.js';

/** The history file cannot be used as it is (corrupt, from a newer version, unwritable). */
export class HistoryError extends OuraError {
  override readonly name = 'HistoryError';
  constructor(message: string, options: { cause?: unknown; hint?: string } = {}) {
    super('HISTORY', message, options);
  }
}

/** A reading command ran before any `oura sync` (exit 1, as the contract says). */
export class NoHistoryError extends OuraError {
  override readonly name = 'NoHistoryError';
  constructor(path: string) {
    super('NO_HISTORY', `there is no local history yet (${path}).`, {
      hint: 'Run `oura sync` to copy your data to this machine first.',
    });
  }
}
