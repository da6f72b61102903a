/**
 * The profile `oura auth switch` chose: used when neither `--profile` nor
 * `OURA_PROFILE` names one (docs/cli.md, "oura auth switch"). A file of its own in the config
 * dir, holding the name and a newline, so that every command can read it
 * synchronously while it resolves its context, without parsing the config.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from '../files/atomic-file.js';
import { assertProfileName } from './config.js';

/** The name used when nothing else names a profile. */
export const BUILT_IN_DEFAULT_PROFILE = 'default';

export function defaultProfilePath(configDir: string): string {
  return join(configDir, 'default-profile');
}

/** The switched default, or undefined when `oura auth switch` never ran (or the file is empty). */
export function readDefaultProfile(configDir: string): string | undefined {
  try {
    return readFileSync(defaultProfilePath(configDir), 'utf8').trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Makes `profile` the default (owner-only file, replaced atomically). */
export async function writeDefaultProfile(configDir: string, profile: string): Promise<void> {
  assertProfileName(profile);
  await ensurePrivateDir(configDir);
  await writeFileAtomic(defaultProfilePath(configDir), `${profile}\n`, {
    what: 'the default profile',
  });
}
