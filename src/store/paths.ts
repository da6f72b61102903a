import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The OS's per-user config directory for this tool: `$XDG_CONFIG_HOME` or
 * `~/.config` on Linux, Application Support on macOS, `%APPDATA%` on Windows.
 */
export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'oura-connect');
  if (process.platform === 'darwin') {
    return join(homedir(), 'Library', 'Application Support', 'oura-connect');
  }
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'oura-connect');
}
