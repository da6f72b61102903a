/** Errors of the local history; each tells the person the way out. */
import { OuraError } from '../errors.js';

/** The history file cannot be used as it is (corrupt, from a newer version, unwritable). */
export class HistoryError extends OuraError {
  override readonly name = 'HistoryError';
  constructor(message: string, options: { cause?: unknown; hint?: string } = {}) {
    super('HISTORY', message, options);
  }
}

/**
 * better-sqlite3 cannot open anything in this process: its native part was
 * built for another Node.js, or never built. Not the file's fault, so never
 * {@link damagedHistory}, whose way out would delete a sound history.
 */
export class SqliteModuleError extends OuraError {
  override readonly name = 'SqliteModuleError';
  constructor(cause: unknown, packageRoot: string | undefined) {
    // Node's own message of an ABI mismatch runs over several lines, ending in a period.
    const said = cause instanceof Error ? cause.message : String(cause);
    const detail = said.replace(/\s*\n\s*/g, ' ').replace(/\.$/, '');
    super(
      'SQLITE_MODULE',
      `SQLite (better-sqlite3) does not load in Node.js ${process.version}: ${detail}.`,
      {
        cause,
        hint: `It was built for another Node.js, or not built. Run \`npm rebuild better-sqlite3\`${packageRoot ? ` in ${packageRoot}` : ''}, or reinstall oura-connect with this Node.js. Nothing stored was changed.`,
      },
    );
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

/** What every message about a damaged history ends with. */
export const REBUILD_HINT = 'Run `oura sync --rebuild` to re-create it from Oura.';

/**
 * True for SQLite's verdicts on a damaged file: a malformed page
 * (SQLITE_CORRUPT and its extended codes) or no database at all
 * (SQLITE_NOTADB). better-sqlite3 puts them in `code`; the sync's writer
 * thread passes the same `code` on.
 */
export function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    typeof code === 'string' && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'))
  );
}

/** The history file at `path` is damaged: say which file, and how to get a sound one. */
export function damagedHistory(path: string, cause: unknown): HistoryError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new HistoryError(`the history file ${path} cannot be read (${detail}).`, {
    cause,
    hint: REBUILD_HINT,
  });
}

/**
 * The history file at `path` cannot be opened for another reason than damage
 * (no permission, a folder in its place, a full or failing disk, a lock held
 * too long): say what SQLite said, and never send the person to
 * `oura sync --rebuild`, which would delete a sound file.
 */
export function unopenableHistory(path: string, cause: unknown): HistoryError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new HistoryError(`the history file ${path} cannot be opened (${detail}).`, {
    cause,
    hint: 'Check that it is a file you may read and write, in a folder you may write (SQLite keeps its -wal and -shm files beside it), on a disk with room; then run the command again. Nothing was changed.',
  });
}

/** An open that failed: damage has its way out, anything else says what went wrong. */
export function openFailure(path: string, cause: unknown): HistoryError {
  return isCorruption(cause) ? damagedHistory(path, cause) : unopenableHistory(path, cause);
}

/**
 * `error` as the person should see it: SQLite's corruption codes, met on a
 * page in the middle of the file long after it was opened, become
 * {@link damagedHistory}; anything else is returned as is.
 */
export function asHistoryError(error: unknown, path: string): unknown {
  return isCorruption(error) ? damagedHistory(path, error) : error;
}
