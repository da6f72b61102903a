/**
 * The login over a profile: the flow (`auth/login.ts`) writes the profile's
 * stored login and reads the new user through the profile's client.
 */
import type { AccountContext } from '../auth/account.js';
import { readConnectedUser } from '../auth/connection-test.js';
import { type LoginFlowOptions, type LoginResult, loginFlow } from '../auth/login.js';
import { openProfile, type Profile } from './open-profile.js';

export async function loginProfile(
  profile: Profile,
  options: LoginFlowOptions,
): Promise<LoginResult> {
  return loginFlow(
    {
      account: await profile.account({ forWriting: true }),
      // The new token, not the profile's: with OURA_ACCESS_TOKEN set the profile would send that one.
      readUser: async (accessToken) =>
        readConnectedUser(await profile.client({ token: accessToken })),
    },
    options,
  );
}

export interface LoginOptions extends LoginFlowOptions {
  /** API base without `/v2`, asked who logged in (the connection test). */
  apiUrl: string;
}

/** The library's login, for callers without a profile of their own. */
export async function login(ctx: AccountContext, options: LoginOptions): Promise<LoginResult> {
  const { apiUrl, ...flowOptions } = options;
  await using profile = openProfile({
    ...ctx,
    apiUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  // Awaited, not returned: the profile stays open until the login is done.
  return await loginProfile(profile, flowOptions);
}
