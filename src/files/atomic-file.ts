/**
 * How every file we write for the person is written (exports, the report, the
 * skill, config and credentials, the emulator's state): a temp file beside the
 * target under a name no other run can take, owner-only from its first byte
 * where the target is; fsync; rename over the target; fsync the directory.
 * A reader, a crash or a full disk sees the previous file (or none) or the
 * whole new one, never a part. A symlink at the target is replaced by the new
 * file, never followed: its target is left as it was. A failed write removes
 * its temp file and throws a `FileWriteError` (./write-error.ts) that says
 * what happened.
 *
 * See rename(2) (atomic replacement of the directory entry) and fsync(2)
 * ("fsync() on a file descriptor for the directory is also needed").
 */
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import {
  chmod,
  type FileHandle,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
} from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { toFileWriteError } from './write-error.js';

/** Owner-only permissions the contract requires under the config dir (and for health data). */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * `mkdir -p` that fails with the real cause, one plain mkdir per missing
 * folder. Not Node's recursive mkdir: it reports a folder it could not make
 * on a read-only file system as ENOENT ("no such file"), and where a folder
 * exists but takes no new entries (/proc answers ENOENT) it retries forever.
 * A file where the folder should be fails as EEXIST, as `mkdir -p` does.
 */
export async function makeDir(dir: string, mode = 0o777): Promise<void> {
  const missing: string[] = [];
  for (let at = resolve(dir); !(await exists(at)); at = dirname(at)) {
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  if (missing.length === 0) {
    if ((await stat(dir)).isDirectory()) return;
    throw Object.assign(new Error(`EEXIST: file already exists, mkdir '${dir}'`), {
      code: 'EEXIST',
      syscall: 'mkdir',
      path: dir,
    });
  }
  for (const folder of missing) {
    // EEXIST: another process made it meanwhile, which is as good.
    await mkdir(folder, { mode }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Creates `dir` (and parents) owner-only, and tightens it if it already existed. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await makeDir(dir, PRIVATE_DIR_MODE);
  if (process.platform !== 'win32') await chmod(dir, PRIVATE_DIR_MODE);
}

export interface AtomicWriteOptions {
  /**
   * Owner-only (0600, the default: health data, tokens), or `false` for a file
   * others may read as the umask allows (the skill).
   */
  private?: boolean;
  /** Names the file in an error message: "the report" → "cannot write the report to PATH". */
  what?: string;
  /** Said after the error message when its cause has no advice of its own. */
  hint?: string;
  /** Test seam: runs after the temp file is durable and before it replaces the target. */
  beforeRename?: () => void | Promise<void>;
}

/**
 * Writes `path` through `write`, which gets the open temp file (positioned at
 * its start) and may write to it as it likes; once it resolves, the temp file
 * is made durable and renamed over `path`. If `write` (or anything after it)
 * fails, the temp file is removed and `path` is left as it was. System errors
 * come out as a `FileWriteError`; others (a database error while producing
 * the content) as they were.
 */
export async function writeAtomically<T>(
  path: string,
  write: (file: FileHandle) => Promise<T>,
  options: AtomicWriteOptions = {},
): Promise<T> {
  const dir = dirname(path);
  const temp = tempPathFor(path);
  let handle: FileHandle | undefined;
  let created = false;
  let renamed = false;
  let untrack = () => {};
  try {
    await removeStaleTempFiles(path);
    handle = await open(temp, 'wx', fileMode(options));
    created = true;
    untrack = removeOnSignal(temp);
    if (options.private !== false && process.platform !== 'win32') {
      await handle.chmod(PRIVATE_FILE_MODE);
    }
    const result = await write(handle);
    await handle.sync();
    const closing = handle;
    handle = undefined;
    await closing.close();
    await options.beforeRename?.();
    await rename(temp, path);
    renamed = true;
    await syncDir(dir);
    return result;
  } catch (error) {
    await handle?.close().catch(() => undefined);
    if (created && !renamed) await rm(temp, { force: true }).catch(() => undefined);
    throw toFileWriteError(error, path, options);
  } finally {
    untrack();
  }
}

/** Replaces `path` with `content` (see {@link writeAtomically}). */
export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  await writeAtomically(path, (file) => file.writeFile(content), options);
}

/**
 * {@link writeFileAtomic} for synchronous callers (the emulator saves its state
 * from inside a token request, and two saves must not overtake each other).
 */
export function writeFileAtomicSync(
  path: string,
  content: string | Uint8Array,
  options: Omit<AtomicWriteOptions, 'beforeRename'> = {},
): void {
  const dir = dirname(path);
  const temp = tempPathFor(path);
  let fd: number | undefined;
  let created = false;
  let renamed = false;
  try {
    for (const name of staleTempNames(
      path,
      listDir(() => readdirSync(dir)),
    )) {
      rmSync(join(dir, name), { force: true });
    }
    fd = openSync(temp, 'wx', fileMode(options));
    created = true;
    if (options.private !== false && process.platform !== 'win32') {
      fchmodSync(fd, PRIVATE_FILE_MODE);
    }
    writeFileSync(fd, content);
    fsyncSync(fd);
    const closing = fd;
    fd = undefined;
    closeSync(closing);
    renameSync(temp, path);
    renamed = true;
    syncDirSync(dir);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    if (created && !renamed) rmSync(temp, { force: true });
    throw toFileWriteError(error, path, options);
  }
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** Temp files being written by this process, removed if a signal ends it. */
const openTemps = new Set<string>();

/**
 * Ctrl-C (or SIGTERM, SIGHUP) in the middle of a write would end the process
 * and leave the temp file behind. Where nothing else listens for the signal
 * (so its default action, ending the process, is what would happen), the temp
 * files go first and the signal is raised again. Where something does (the
 * MCP server finishing its requests), it decides, and the write may complete.
 * SIGKILL cannot be caught: {@link removeStaleTempFiles} clears those.
 */
function removeOnSignal(temp: string): () => void {
  if (openTemps.size === 0) for (const signal of STOP_SIGNALS) process.on(signal, onStopSignal);
  openTemps.add(temp);
  return () => {
    openTemps.delete(temp);
    if (openTemps.size === 0) for (const signal of STOP_SIGNALS) process.off(signal, onStopSignal);
  };
}

function onStopSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  for (const temp of openTemps) rmSync(temp, { force: true });
  openTemps.clear();
  for (const name of STOP_SIGNALS) process.off(name, onStopSignal);
  try {
    process.kill(process.pid, signal);
  } catch {
    // A signal this platform cannot raise (SIGHUP on Windows): end all the same.
    process.exit(1);
  }
}

/** Reads a file, or returns undefined when it does not exist. */
export async function readFileIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Hidden, beside the target (a rename cannot cross file systems), and unique:
 * the pid tells whose it is (see {@link staleTempNames}), the random part keeps
 * two writers in one process apart. Created with O_EXCL, so an existing file
 * or symlink of that name is never followed.
 */
function tempPathFor(path: string): string {
  // The global Web Crypto, loaded on first use: importing node:crypto here cost
  // every command that reads its configuration (a one-request `oura get`) its load.
  const random = Buffer.from(crypto.getRandomValues(new Uint8Array(6))).toString('hex');
  const name = `.${basename(path)}.${process.pid}.${random}.tmp`;
  return join(dirname(path), name);
}

function fileMode(options: AtomicWriteOptions): number {
  return options.private === false ? 0o666 : PRIVATE_FILE_MODE;
}

/**
 * A process killed between write and rename leaves its temp file (possibly
 * holding tokens or health data); those of processes that are gone are
 * cleared by the next write of the same file, so they do not pile up.
 */
async function removeStaleTempFiles(path: string): Promise<void> {
  const dir = dirname(path);
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of staleTempNames(path, names)) {
    await rm(join(dir, name), { force: true });
  }
}

function staleTempNames(path: string, names: string[]): string[] {
  const prefix = `.${basename(path)}.`;
  return names.filter((name) => {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) return false;
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    return Number.isInteger(pid) && pid !== process.pid && !isAlive(pid);
  });
}

function listDir(read: () => string[]): string[] {
  try {
    return read();
  } catch {
    return [];
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Some file systems cannot sync a directory; the rename is done either way. */
const DIR_SYNC_UNSUPPORTED = new Set(['EINVAL', 'ENOTSUP', 'EOPNOTSUPP']);

/** Makes the rename itself durable: a crash after we said "written" keeps the new file. */
export async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    if (!DIR_SYNC_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle.close();
  }
}

function syncDirSync(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } catch (error) {
    if (!DIR_SYNC_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    closeSync(fd);
  }
}
