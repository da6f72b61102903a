import type { Command } from 'commander';
import { API_BASE_URL } from '../oura/servers.js';
import type { ProfileOptions } from '../profile/profile-options.js';
import { assertSecureEndpoint } from '../secure-url.js';
import { BUILT_IN_DEFAULT_PROFILE, readDefaultProfile } from '../store/default-profile.js';
import { defaultConfigDir } from '../store/paths.js';
import type { CliIo } from './cli-io.js';
import { askStorePassphrase } from './prompts.js';

/** What named the profile: `--profile`, `OURA_PROFILE`, `oura auth switch`, or nothing. */
export type ProfileSource = 'flag' | 'env' | 'switched' | 'built-in';

/** What every command needs to know about where it runs: the options its profile is opened with. */
export interface CliContext extends ProfileOptions {
  /** Where the profile name came from (a typo is only possible in a name someone gave). */
  profileSource?: ProfileSource;
}

/** Reads `--profile` and the contract's environment variables. */
export function resolveContext(command: Command, io: CliIo): CliContext {
  const env = io.env;
  const globals = command.optsWithGlobals<{ profile?: string }>();
  const apiUrl = (env.OURA_API_URL || API_BASE_URL).replace(/\/+$/, '');
  assertSecureEndpoint(apiUrl, 'OURA_API_URL');
  const configDir = env.OURA_CONFIG_DIR || defaultConfigDir(env);
  return {
    ...resolveProfile(globals.profile, env, configDir),
    configDir,
    env,
    apiUrl,
    // Notices go to stderr (quiet with --quiet); a sealed credential file asks on the terminal.
    notice: io.notice,
    askPassphrase: (path) => askStorePassphrase(io, path),
  };
}

/** The contract's precedence: flag > env > the default `oura auth switch` chose > `default`. */
function resolveProfile(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  configDir: string,
): { profile: string; profileSource: ProfileSource } {
  if (flag !== undefined) return { profile: flag, profileSource: 'flag' };
  if (env.OURA_PROFILE) return { profile: env.OURA_PROFILE, profileSource: 'env' };
  const switched = readDefaultProfile(configDir);
  if (switched !== undefined) return { profile: switched, profileSource: 'switched' };
  return { profile: BUILT_IN_DEFAULT_PROFILE, profileSource: 'built-in' };
}
