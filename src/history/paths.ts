/**
 * Where the local history lives: one SQLite file per profile under
 * `OURA_DATA_DIR`, else the OS's per-user data directory (README.md, "Environment").
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `$XDG_DATA_HOME` or `~/.local/share` on Linux, Application Support on macOS, `%LOCALAPPDATA%` on Windows. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32' && env.LOCALAPPDATA) {
    return join(env.LOCALAPPDATA, 'oura-connect');
  }
  if (process.platform === 'darwin') {
    return join(homedir(), 'Library', 'Application Support', 'oura-connect');
  }
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'oura-connect');
}

/** The history file of a profile. The profile name is encoded so it can never leave the directory. */
export function historyPath(profile: string, env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.OURA_DATA_DIR || defaultDataDir(env);
  return join(dir, `${encodeURIComponent(profile)}.sqlite`);
}
