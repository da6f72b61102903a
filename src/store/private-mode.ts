/**
 * Everything under the config dir is owner-only: it holds secrets. A file or
 * directory found open to other users when it is read (a restore from a
 * backup, a copy with `cp -r`, a umask of 022 around a hand edit) is
 * tightened at once, and the person is told which path and what changed.
 * ssh refuses a private key with such permissions; we fix them and say so,
 * because refusing would only send the person to type the same chmod.
 */
import { chmod, stat } from 'node:fs/promises';

/** Receives one line for the person (stderr in the CLI). */
export type PermissionWarning = (line: string) => void;

const octal = (mode: number) => mode.toString(8).padStart(4, '0');

/**
 * The line for the callback; without one, the warning goes where Node sends a
 * library's warnings (stderr, unless the process silences them): a loosened
 * credentials file is never fixed without a word.
 */
const warning = (warn: PermissionWarning | undefined) => (message: string) =>
  warn ? warn(`warning: ${message}`) : process.emitWarning(message, { code: 'OURA_PERMISSIONS' });

/**
 * Takes group and other permissions off `path` (a file: 0644 -> 0600; a
 * directory: 0755 -> 0700) and warns, naming the path and both modes, never
 * the contents. A path that does not exist is left alone; one that cannot be
 * changed (another user's) is reported with the command that would fix it.
 */
export async function keepPrivate(path: string, warn?: PermissionWarning): Promise<void> {
  if (process.platform === 'win32') return;
  let mode: number;
  try {
    mode = (await stat(path)).mode & 0o7777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if ((mode & 0o077) === 0) return;
  // Only other users' bits go: the owner's stay as they were (a read-only file stays read-only).
  const tight = mode & ~0o077;
  const say = warning(warn);
  try {
    await chmod(path, tight);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    say(
      `${path} is accessible to other users (mode ${octal(mode)}) and could not be changed (${code}); run \`chmod go-rwx ${path}\`.`,
    );
    return;
  }
  say(
    `${path} was accessible to other users (mode ${octal(mode)}); changed it to ${octal(tight)} (owner-only).`,
  );
}
