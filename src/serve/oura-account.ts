/**
 * What a sign-in asks of Oura with the tokens it just got: whose account they
 * open, and, when that account may not be here, giving the grant back.
 */
import type { StoredTokens } from '../auth/tokens.js';
import type { OuraApp } from './oura-app.js';

/** The Oura account behind a fresh token (`personal_info`): its id is the identity. */
export async function ouraAccountOf(
  app: OuraApp,
  token: string,
): Promise<{ id: string; email: string | undefined } | undefined> {
  const { openProfile } = await import('../profile/open-profile.js');
  await using profile = openProfile({
    profile: 'serve:sign-in',
    configDir: '',
    env: {},
    apiUrl: app.apiUrl,
    userAgent: 'oura-connect-serve',
    tokenSource: async () => token,
    ...(app.fetch ? { fetch: app.fetch } : {}),
  });
  const client = await profile.client();
  try {
    const info = (await client.personalInfo()) as { id?: unknown; email?: unknown };
    if (typeof info.id !== 'string' || info.id === '') return undefined;
    return { id: info.id, email: typeof info.email === 'string' ? info.email : undefined };
  } catch {
    return undefined;
  }
}

/** Revokes a grant at Oura; answers whether Oura confirmed it (a failure is reported through `failed`). */
export async function giveBackGrant(
  app: OuraApp,
  tokens: Pick<StoredTokens, 'access_token' | 'refresh_token'>,
  failed: () => void,
): Promise<boolean> {
  const { revokeToken } = await import('../auth/oauth.js');
  return revokeToken({
    endpoints: app.endpoints,
    client: app.credentials,
    token: tokens.refresh_token ?? tokens.access_token,
    options: { timeoutMs: 10_000, ...(app.fetch ? { fetch: app.fetch } : {}) },
  }).then(
    () => true,
    () => {
      failed();
      return false;
    },
  );
}
