import type { IncomingMessage, ServerResponse } from 'node:http';
import { SCOPES } from '../oura/data-types.js';
import { createAuthorizeEndpoint } from './auth/authorize-endpoint.js';
import { AUTH_PATHS, type AuthServerDeps } from './auth/deps.js';
import { oauthError } from './auth/oauth-answers.js';
import { createRevokeEndpoint } from './auth/revoke-endpoint.js';
import { createTokenEndpoint } from './auth/token-endpoint.js';
import { sendJson } from './http-util.js';

export {
  AUTH_PATHS,
  type AuthServerDeps,
  type AuthStats,
  type RegisteredClient,
} from './auth/deps.js';

/**
 * The authorization server, both path sets:
 * - current ("moi"): `/oauth/v2/ext/oauth-authorize|oauth-token|oauth-revoke`,
 *   scopes spelled `extapi:daily`, revoke by form `token=` (RFC 7009), plus
 *   OIDC-style discovery;
 * - legacy: `/oauth/authorize|token|revoke`, bare scopes, revoke by
 *   `?access_token=` (GET or POST).
 *
 * Follows RFC 6749 (authorization code, refresh), RFC 7636 (PKCE S256/plain)
 * and RFC 7009 (revocation). Refresh tokens are single use and rotate. Each
 * endpoint lives in its own file under `auth/`; this one routes to them.
 */
export function createAuthHandler(deps: AuthServerDeps) {
  const authorize = createAuthorizeEndpoint(deps);
  const token = createTokenEndpoint(deps);
  const revoke = createRevokeEndpoint(deps);

  /** OpenID discovery, shaped like moi's (OIDC Discovery 1.0 §3). */
  function discovery(res: ServerResponse): void {
    const base = deps.baseUrl();
    sendJson(res, 200, {
      issuer: `${base}${AUTH_PATHS.issuer}`,
      authorization_endpoint: `${base}${AUTH_PATHS.moi.authorize}`,
      token_endpoint: `${base}${AUTH_PATHS.moi.token}`,
      revocation_endpoint: `${base}${AUTH_PATHS.moi.revoke}`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256', 'plain'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      revocation_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      scopes_supported: SCOPES.map((scope) => `extapi:${scope}`),
    });
  }

  /** Routes auth requests; returns false when the path is not an auth path. */
  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const path = url.pathname;
    if (path === AUTH_PATHS.discovery) {
      discovery(res);
      return true;
    }
    for (const server of ['moi', 'legacy'] as const) {
      const paths = AUTH_PATHS[server];
      if (path === paths.authorize) {
        if (req.method === 'GET') await authorize.get(res, url, server);
        else if (req.method === 'POST') await authorize.post(req, res);
        else oauthError(res, 405, 'invalid_request', 'Use GET or POST.', { allow: 'GET, POST' });
        return true;
      }
      if (path === paths.token) {
        if (req.method === 'POST') await token.handle(req, res, server);
        else oauthError(res, 405, 'invalid_request', 'Use POST.', { allow: 'POST' });
        return true;
      }
      if (path === paths.revoke) {
        await revoke(req, res, url, server);
        return true;
      }
    }
    return false;
  }

  return { handle, releaseHung: token.releaseHung };
}
