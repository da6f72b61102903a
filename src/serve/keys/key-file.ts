/**
 * Where `oura serve` gets the keys that seal its stored secrets (the CLI
 * contract, `oura serve`): `OURA_SERVE_KEY` when set, else the owner-only
 * file `OURA_SERVE_KEY_FILE`, else `<data dir>/serve/serve.key`, created on
 * first start.
 */
import { randomBytes } from 'node:crypto';
import { link, open, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  ensurePrivateDir,
  makeDir,
  PRIVATE_DIR_MODE,
  PRIVATE_FILE_MODE,
  syncDir,
} from '../../files/atomic-file.js';
import { toFileWriteError } from '../../files/write-error.js';
import { defaultDataDir } from '../../history/paths.js';
import { SERVE_KEY_VARIABLE, sealingKeysFromEnv } from './env-key.js';
import { ServeKeyError } from './key-errors.js';
import {
  formatKeyFile,
  type KeyFileContent,
  parseKeyFile,
  sealingKeysOf,
} from './key-file-format.js';
import { generateSealingKey, type SealingKeys } from './sealing-keys.js';

/** The variable naming the key file. */
export const SERVE_KEY_FILE_VARIABLE = 'OURA_SERVE_KEY_FILE';

/** What to read the keys from. */
export interface SealingKeysOptions {
  /** Default `process.env`: `OURA_SERVE_KEY`, `OURA_SERVE_KEY_FILE`, `OURA_DATA_DIR`. */
  env?: NodeJS.ProcessEnv;
  /** The data dir the default key file lives under; default `OURA_DATA_DIR`, else the OS's. */
  dataDir?: string;
  /** Dates a key added to the file; default the system clock. */
  now?: () => Date;
}

/** The keys, and where they came from (for the service to say at start-up). */
export type LoadedSealingKeys =
  | { keys: SealingKeys; source: 'env' }
  | { keys: SealingKeys; source: 'file'; path: string; created: boolean };

/** The key file `options` point at, whether or not it exists yet. */
export function serveKeyFilePath(options: SealingKeysOptions = {}): string {
  const env = options.env ?? process.env;
  const named = env[SERVE_KEY_FILE_VARIABLE];
  if (named) return resolve(named);
  return defaultKeyFilePath(options);
}

function defaultKeyFilePath(options: SealingKeysOptions): string {
  const env = options.env ?? process.env;
  const dataDir = options.dataDir ?? (env.OURA_DATA_DIR || defaultDataDir(env));
  return resolve(dataDir, 'serve', 'serve.key');
}

/**
 * The sealing keys: from `OURA_SERVE_KEY` when it is set (even empty, which
 * is refused: an unset secret in a deployment must not quietly become a new
 * key file), else from the key file, which is made with a new key if there is
 * none. Two processes starting at once end with one file both use. Throws a
 * {@link ServeKeyError} for a bad variable and for a key file that others can
 * read or that is damaged.
 */
export async function loadSealingKeys(
  options: SealingKeysOptions = {},
): Promise<LoadedSealingKeys> {
  const env = options.env ?? process.env;
  const fromEnv = env[SERVE_KEY_VARIABLE];
  if (fromEnv !== undefined) return { keys: sealingKeysFromEnv(fromEnv), source: 'env' };
  const path = serveKeyFilePath(options);
  const found = await readKeyFile(path);
  if (found !== undefined)
    return { keys: sealingKeysOf(found), source: 'file', path, created: false };
  const created = await createKeyFile(path, path === defaultKeyFilePath(options), options.now);
  // Read back, winner or not: what is on disk is what every process uses.
  const written = await readKeyFile(path);
  if (written === undefined) {
    throw new ServeKeyError(`The serve key file ${path} disappeared as it was being created.`);
  }
  return { keys: sealingKeysOf(written), source: 'file', path, created };
}

/**
 * The key file's content, or undefined when there is none. Like ssh with a
 * private key, a file other users may read is refused rather than used (or
 * quietly tightened): the key may already have been read, which only the
 * person can judge.
 */
export async function readKeyFile(path: string): Promise<KeyFileContent | undefined> {
  let text: string;
  try {
    const handle = await open(path, 'r');
    try {
      // fstat of the open file: the file checked is the file read.
      const info = await handle.stat();
      if (!info.isFile()) throw new ServeKeyError(`The serve key file ${path} is not a file.`);
      const mode = info.mode & 0o777;
      if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
        throw new ServeKeyError(
          `The serve key file ${path} is accessible to other users (mode ${mode.toString(8).padStart(4, '0')}); refusing to use it.`,
          {
            hint: `Run \`chmod 600 ${path}\`. If others may have read it, rotate the key (\`oura serve rotate-key\`) and retire the old one once every value is re-sealed.`,
          },
        );
      }
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof ServeKeyError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new ServeKeyError(`Cannot read the serve key file ${path} (${code ?? String(error)}).`, {
      cause: error,
    });
  }
  const content = parseKeyFile(text);
  if (typeof content === 'string') {
    throw new ServeKeyError(`The serve key file ${path} ${content}`, {
      hint: `Restore it from a backup, or point ${SERVE_KEY_FILE_VARIABLE} at the right file. Do not delete it: the secrets sealed under its keys would be lost with it.`,
    });
  }
  return content;
}

/**
 * Makes the key file with one new key unless one exists; true if this call
 * made it. The key is written whole to a temp file and hard-linked into
 * place: link(2) fails with EEXIST rather than replace a file, so of two
 * processes starting at once exactly one key wins, and no reader sees a part.
 * The temp name follows ../files/atomic-file.ts, whose next write of this path
 * clears one left by a killed process.
 */
async function createKeyFile(
  path: string,
  ours: boolean,
  now: () => Date = () => new Date(),
): Promise<boolean> {
  const dir = dirname(path);
  const what = { what: 'the serve key file' };
  try {
    // Our own folder is made private even if it was not; a folder the person named is only created.
    if (ours) await ensurePrivateDir(dir);
    else await makeDir(dir, PRIVATE_DIR_MODE);
  } catch (error) {
    throw toFileWriteError(error, path, what);
  }
  const key = generateSealingKey();
  const text = formatKeyFile({
    current: key.id,
    keys: [{ ...key, created: now().toISOString() }],
  });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', PRIVATE_FILE_MODE);
    try {
      // The umask may have taken bits off, never added: this only makes sure.
      if (process.platform !== 'win32') await handle.chmod(PRIVATE_FILE_MODE);
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(temp, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
    await syncDir(dir);
    return true;
  } catch (error) {
    throw toFileWriteError(error, path, what);
  } finally {
    await rm(temp, { force: true }).catch(() => undefined);
  }
}
