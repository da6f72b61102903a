/**
 * What a failed file write tells the person: the path, the cause in words (a
 * full disk, a read-only file system, a folder in the way) and what to do.
 * A runtime failure like any other (exit 1), never "unexpected error".
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { OuraError } from '../errors.js';

/** A file could not be written; the previous file, if any, is still there as it was. */
export class FileWriteError extends OuraError {
  override readonly name = 'FileWriteError';
  /** The file we meant to write. */
  readonly path: string;
  /** The system's error code (`ENOSPC`, `EACCES`, …). */
  readonly reason: string;

  constructor(path: string, reason: string, message: string, cause: unknown, hint?: string) {
    super(reason === 'ENOSPC' || reason === 'EDQUOT' ? 'DISK_FULL' : 'FILE_WRITE', message, {
      cause,
      ...(hint === undefined ? {} : { hint }),
    });
    this.path = path;
    this.reason = reason;
  }
}

interface Wording {
  /** Completes "cannot write X: …" (or stands alone for a full disk). */
  says: (target: string, path: string) => string;
  hint?: (path: string) => string | undefined;
}

const FREE_SPACE = 'free some space and run again.';

const WORDING: Record<string, Wording> = {
  ENOSPC: { says: (target) => `the disk is full writing ${target}: ${FREE_SPACE}` },
  EDQUOT: { says: (target) => `your disk quota is used up writing ${target}: ${FREE_SPACE}` },
  EFBIG: {
    says: (target) => `cannot write ${target}: it is larger than the file system allows.`,
  },
  EACCES: {
    says: (target) => `cannot write ${target}: permission denied.`,
    hint: (path) => `Pick a place you can write to, or check the permissions of ${dirname(path)}.`,
  },
  EROFS: {
    says: (target) => `cannot write ${target}: the file system is read-only.`,
    hint: () => 'Pick a place on a writable disk.',
  },
  EISDIR: {
    says: (target) => `cannot write ${target}: it is a folder.`,
    hint: () => 'Name a file instead, or move the folder away.',
  },
  ENOTDIR: { says: (target) => `cannot write ${target}: part of that path is not a folder.` },
  ENOENT: {
    // A folder that exists yet answers "no such file" takes no new files: /proc, /sys.
    says: (target, path) =>
      existsSync(dirname(path))
        ? `cannot write ${target}: the folder ${dirname(path)} takes no new files (a system folder, like /proc or /sys).`
        : `cannot write ${target}: the folder ${dirname(path)} does not exist.`,
    hint: (path) =>
      existsSync(dirname(path))
        ? 'Pick a place on a writable disk, e.g. in your home folder.'
        : undefined,
  },
  ENAMETOOLONG: { says: (target) => `cannot write ${target}: the name is too long.` },
  EIO: { says: (target) => `cannot write ${target}: the disk reported an input/output error.` },
};
WORDING.EPERM = WORDING.EACCES as Wording;

/** Whether `error` came from a system call (and so is about the file, not about our data). */
function isSystemError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  const e = error as NodeJS.ErrnoException | undefined;
  return typeof e?.code === 'string' && typeof e.syscall === 'string';
}

/**
 * Turns a system error met while writing `path` into a {@link FileWriteError}
 * worded for a person; anything else (a database error while producing the
 * content, a bug) is returned as it is. `what` names the file in the message
 * ("the report" → "cannot write the report to PATH"); `hint` is said when the
 * cause has no hint of its own.
 */
export function toFileWriteError(
  error: unknown,
  path: string,
  options: { what?: string | undefined; hint?: string | undefined } = {},
): unknown {
  if (error instanceof FileWriteError || !isSystemError(error)) return error;
  const target = options.what ? `${options.what} to ${path}` : path;
  const wording = WORDING[error.code];
  const message = wording ? wording.says(target, path) : `cannot write ${target} (${error.code}).`;
  return new FileWriteError(
    path,
    error.code,
    message,
    error,
    wording?.hint?.(path) ?? options.hint,
  );
}
