import type { Command } from 'commander';
import { API_BASE_URL } from '../oura/servers.js';
import { assertSecureEndpoint } from '../secure-url.js';
import { BUILT_IN_DEFAULT_PROFILE, readDefaultProfile } from '../store/default-profile.js';
import { defaultConfigDir } from '../store/paths.js';
import { askStorePassphrase } from './prompts.js';

/** What named the profile: `--profile`, `OURA_PROFILE`, `oura auth switch`, or nothing. */
export type ProfileSource = 'flag' | 'env' | 'switched' | 'built-in';

/** What every command needs to know about where it runs. */
export interface CliContext {
  profile: string;
  /** Where the profile name came from (a typo is only possible in a name someone gave). */
  profileSource?: ProfileSource;
  configDir: string;
  env: NodeJS.ProcessEnv;
  /** API base without a trailing slash; requests go to `${apiUrl}/v2/...`. */
  apiUrl: string;
  /** Asks for a sealed credential file's passphrase on a terminal (see `auth/account.ts`). */
  askPassphrase: (path: string) => Promise<string | undefined>;
}

/** Reads `--profile` and the contract's environment variables. */
export function resolveContext(command: Command, env: NodeJS.ProcessEnv = process.env): CliContext {
  const globals = command.optsWithGlobals<{ profile?: string }>();
  const apiUrl = (env.OURA_API_URL || API_BASE_URL).replace(/\/+$/, '');
  assertSecureEndpoint(apiUrl, 'OURA_API_URL');
  const configDir = env.OURA_CONFIG_DIR || defaultConfigDir(env);
  return {
    ...resolveProfile(globals.profile, env, configDir),
    configDir,
    env,
    apiUrl,
    askPassphrase: askStorePassphrase,
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

/**
 * A token provider for the API client: the session for this profile (stored
 * login, refreshed when needed) or `OURA_ACCESS_TOKEN` as is. Loaded lazily so
 * commands that never call the API do not pay for the keychain and OAuth code.
 */
export async function tokenProviderFor(
  ctx: CliContext,
): Promise<(request: { rejectedToken?: string }) => Promise<string>> {
  const envToken = ctx.env.OURA_ACCESS_TOKEN;
  if (envToken) {
    // A token in the environment needs no store, keychain or OAuth code.
    const { environmentToken } = await import('../auth/env-token.js');
    return async (request) => environmentToken(envToken, request);
  }
  const [{ openSession }, { notice }] = await Promise.all([
    import('../auth/session.js'),
    import('./io.js'),
  ]);
  // The notice says so when the stored files were open to other users (store/private-mode.ts).
  const session = await openSession({ ...ctx, notice });
  return (request) => session.getAccessToken(request);
}
