/**
 * Which profiles exist: those in the config file (every `oura setup` and
 * login writes one, whichever store keeps its secrets) and those with a
 * credentials file of their own (a file store whose config entry is gone).
 * Keychain entries cannot be listed portably, but a profile whose secrets are
 * in the keychain always has its config entry too.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type ConfigReadOptions, type ProfileConfig, readProfiles } from './config.js';

export interface KnownProfile {
  name: string;
  /** The config entry; undefined for a credentials file alone. */
  config: ProfileConfig | undefined;
  /** Where the secrets are, as the config records it, else `file` when a credentials file exists. */
  store: 'keyring' | 'file' | null;
}

/** Every profile with something stored, by name. */
export async function listProfiles(
  configDir: string,
  options: ConfigReadOptions = {},
): Promise<KnownProfile[]> {
  const configs = await readProfiles(configDir, options);
  const files = new Set(await credentialFileNames(configDir));
  const names = new Set([...Object.keys(configs), ...files]);
  return [...names].sort().map((name) => {
    const config = configs[name];
    return { name, config, store: config?.store ?? (files.has(name) ? 'file' : null) };
  });
}

/** Profiles with a credentials file (`credentials/<profile>.json`). */
async function credentialFileNames(configDir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(join(configDir, 'credentials'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries.filter((entry) => entry.endsWith('.json')).map((entry) => entry.slice(0, -5));
}
