/**
 * `--out` may name a file that is already there. We replace only a file we
 * wrote ourselves (recognised by its first bytes) unless told `--force`: a
 * mistyped path must not silently destroy someone's document. Refusing is a
 * usage error (exit 2): the person picks another path or adds --force.
 */
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { UsageError } from '../errors.js';

const NOT_A_FILE = Symbol('not a regular file');

/** How much of the file's start is read to recognise it: markers sit in the first lines. */
const HEAD_BYTES = 4096;

export interface ReplaceCheck {
  /** Whether the file's first bytes show it is one of ours. */
  isOurs: (head: Buffer) => boolean;
  /** Replace whatever is there (`--force`). */
  force: boolean;
  /** Names what we write, for the message: "a report", "a CSV export". */
  what: string;
}

/** Throws a {@link UsageError} when `path` holds something that is not ours and `force` is off. */
export async function assertReplaceable(path: string, check: ReplaceCheck): Promise<void> {
  if (check.force) return;
  const head = await readHead(path);
  if (head === undefined || (head !== NOT_A_FILE && check.isOurs(head))) return;
  throw new UsageError(
    `${path} already exists and is not ${check.what} oura wrote; it was left as it is.`,
    { hint: 'Choose another path with --out, or add --force to replace it.' },
  );
}

/**
 * The first bytes of the file at `path`; undefined when there is none to
 * protect (nothing there, or a folder: writing over it fails on its own, and
 * says so). A symlink (or a device, a socket) is never followed and never
 * ours: we write regular files.
 */
async function readHead(path: string): Promise<Buffer | typeof NOT_A_FILE | undefined> {
  const info = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    // Nothing there (or no folder to hold it): the write itself says what is wrong.
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
    throw error;
  });
  if (info === undefined || info.isDirectory()) return undefined;
  if (!info.isFile()) return NOT_A_FILE;
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
