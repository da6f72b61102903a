import { type Account, SECRET_NAMES } from '../../auth/account.js';
import { revokeToken } from '../../auth/oauth.js';
import type { StoredTokens } from '../../auth/tokens.js';
import { OuraError } from '../../errors.js';
import type { CommandRun } from '../command-run.js';

/**
 * Revokes at the server first (so a copy of the token elsewhere dies too),
 * then deletes locally whatever the revocation's outcome.
 */
export async function runLogout(run: CommandRun<{ all?: boolean }>): Promise<void> {
  const { flags } = run;
  const { notice } = run.io;
  const ctx = await run.context();
  await using profile = await run.openProfile();
  const account = await profile.account();
  if (!account.config && !(await readableTokens(account, notice))) {
    notice(`Nothing to log out: profile "${ctx.profile}" holds no login.`);
    return;
  }
  await account.withProfileLock(async () => {
    const tokens = await readableTokens(account, notice);
    if (tokens) {
      try {
        const client = await account.client();
        const endpoints = account.revokeEndpoints();
        // The legacy server revokes by access token; the current one takes either
        // (RFC 7009): revoke the refresh token (the grant) and the access token.
        const revocable =
          endpoints.scopePrefix === ''
            ? [tokens.access_token]
            : [tokens.refresh_token, tokens.access_token].filter((t): t is string => Boolean(t));
        for (const token of revocable) await revokeToken({ endpoints, client, token });
        notice('Revoked the login at Oura.');
      } catch (error) {
        notice(
          `Could not revoke the login at Oura (${(error as Error).message}); deleting it locally anyway.`,
        );
      }
    }
    await account.store.delete(SECRET_NAMES.tokens);
    if (flags.all) {
      await account.store.delete(SECRET_NAMES.clientSecret);
      await account.updateConfig(() => undefined);
      notice(`Deleted the login and the client credentials of profile "${ctx.profile}".`);
    } else {
      await account.updateConfig((config) => {
        const {
          grantedScopes: _g,
          expiresAt: _e,
          user: _u,
          problem: _p,
          tokenUrl: _t,
          revokeUrl: _r,
          ...kept
        } = config;
        return kept;
      });
      notice(
        `Logged out of profile "${ctx.profile}" (the client ID and secret are kept; --all removes them).`,
      );
    }
  });
}

/** The stored tokens; unreadable ones cannot be revoked, but logging out still deletes them. */
async function readableTokens(
  account: Account,
  notice: (line: string) => void,
): Promise<StoredTokens | undefined> {
  try {
    return await account.readTokens();
  } catch (error) {
    if (!(error instanceof OuraError) || error.code !== 'TOKENS_CORRUPT') throw error;
    notice(`${error.message} Nothing to revoke at Oura; deleting them locally.`);
    return undefined;
  }
}
