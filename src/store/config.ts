import { join } from 'node:path';
import { OuraError, UsageError } from '../errors.js';
import { readFileIfExists, writeFileAtomic } from '../files/atomic-file.js';
import type { AuthServerName } from '../oura/servers.js';
import { keepPrivate, type PermissionWarning } from './private-mode.js';

export interface ConfigReadOptions {
  /** Told when the config dir or file was open to other users and was tightened. */
  warn?: PermissionWarning | undefined;
}

/** Which authorization server a profile's application belongs to (see `auth/servers.ts`). */

/** Where a profile's secrets live. */
export type StoreKind = 'keyring' | 'file';

/**
 * Everything about a profile that is not a secret. Secrets (client secret,
 * access and refresh token) live in the credential store.
 */
export interface ProfileConfig {
  clientId?: string;
  redirectUri?: string;
  authServer?: AuthServerName;
  /** Scopes asked for at login, bare names (`daily`, not `extapi:daily`). */
  scopes?: string[];
  /** Scopes the user granted at the last login, bare names. */
  grantedScopes?: string[];
  /** Token endpoint that issued the grant: refreshes and revokes must go to the same server. */
  tokenUrl?: string;
  /** Revocation endpoint of the login's server (as discovery named it). */
  revokeUrl?: string;
  /** Access token expiry, ISO 8601; absent when the server did not say. */
  expiresAt?: string;
  /** Email, or user id when the email scope was not granted. */
  user?: string;
  store?: StoreKind;
  /** A sentence saying what needs doing, when the login is no longer usable. */
  problem?: string;
}

interface ConfigFile {
  version: 1;
  profiles: Record<string, ProfileConfig>;
}

const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Profile names become file and keychain entry names: keep them tame. */
export function assertProfileName(profile: string): void {
  if (!PROFILE_NAME.test(profile)) {
    throw new UsageError(
      `Invalid profile name "${profile}": use letters, digits, '.', '_' or '-' (at most 64).`,
    );
  }
}

export function configPath(configDir: string): string {
  return join(configDir, 'config.json');
}

async function readConfig(configDir: string, options: ConfigReadOptions): Promise<ConfigFile> {
  await keepPrivate(configDir, options.warn);
  await keepPrivate(configPath(configDir), options.warn);
  const text = await readFileIfExists(configPath(configDir));
  if (text === undefined) return { version: 1, profiles: {} };
  try {
    const parsed = JSON.parse(text) as Partial<ConfigFile>;
    return { version: 1, profiles: parsed.profiles ?? {} };
  } catch (error) {
    throw new OuraError('CONFIG_CORRUPT', `${configPath(configDir)} is not valid JSON.`, {
      cause: error,
      hint: 'Fix or remove the file, then run `oura setup` again.',
    });
  }
}

/** Every profile in the config file, by name (`oura auth list`). */
export async function readProfiles(
  configDir: string,
  options: ConfigReadOptions = {},
): Promise<Record<string, ProfileConfig>> {
  return (await readConfig(configDir, options)).profiles;
}

/** The stored profile, or undefined when it was never set up. */
export async function readProfile(
  configDir: string,
  profile: string,
  options: ConfigReadOptions = {},
): Promise<ProfileConfig | undefined> {
  assertProfileName(profile);
  return (await readConfig(configDir, options)).profiles[profile];
}

/**
 * Read-modify-write of one profile under the config lock, so processes
 * updating different profiles (or the same one) never lose each other's
 * changes. Returning undefined from `change` removes the profile.
 */
export async function updateProfile(
  configDir: string,
  profile: string,
  change: (current: ProfileConfig | undefined) => ProfileConfig | undefined,
  options: ConfigReadOptions = {},
): Promise<ProfileConfig | undefined> {
  assertProfileName(profile);
  // Loaded by writers only: proper-lockfile listens for SIGINT as soon as it
  // is loaded, which would keep a reader's Ctrl-C from ending it the default
  // way (files/atomic-file.ts leaves the signal to other listeners).
  const { withLock } = await import('./lock.js');
  return withLock(join(configDir, 'config.lock'), async () => {
    const config = await readConfig(configDir, options);
    const next = change(config.profiles[profile]);
    if (next === undefined) delete config.profiles[profile];
    else config.profiles[profile] = next;
    await writeFileAtomic(configPath(configDir), `${JSON.stringify(config, null, 2)}\n`, {
      what: 'the configuration',
    });
    return next;
  });
}
