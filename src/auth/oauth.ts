/**
 * The OAuth 2.0 protocol steps Oura uses (RFC 6749 authorization code grant
 * with PKCE, RFC 7636; refresh; revocation, RFC 7009), on top of oauth4webapi.
 * Each function does one round trip and turns the server's answer into our
 * tokens or a typed error whose message never carries a secret. The two
 * grants at the token endpoint live here; the authorization request and its
 * callback check, revocation, and the reading of answers live beside it, and
 * this module hands out the steps its callers use.
 */
import * as oauth from 'oauth4webapi';
import { LoginRequiredError, OuraError } from '../errors.js';
import type { AuthEndpoints } from '../oura/servers.js';
import { validateCallback } from './authorization-request.js';
import {
  InvalidGrantError,
  isClientRejection,
  reason,
  safeUrl,
  TokenEndpointError,
  translateTokenFailure,
} from './oauth-errors.js';
import {
  authorizationServer,
  type ClientCredentials,
  type ProtocolOptions,
  requestOptions,
} from './oauth-request.js';
import { readTokenAnswer, toStoredTokens } from './token-answer.js';
import type { StoredTokens } from './tokens.js';

export {
  type AuthorizationRequestSecrets,
  buildAuthorizeUrl,
  newAuthorizationSecrets,
  validateCallback,
} from './authorization-request.js';
export { InvalidGrantError, TokenEndpointError } from './oauth-errors.js';
export type { ClientCredentials } from './oauth-request.js';
export { revokeToken } from './revoke.js';

/**
 * Trades the authorization code for tokens. Tries the token endpoints in order,
 * moving on only when a server rejects the client itself (`invalid_client`):
 * any other failure may have consumed the single-use code, so it is final.
 */
export async function exchangeCode(params: {
  endpoints: AuthEndpoints;
  client: ClientCredentials;
  callbackParameters: URLSearchParams;
  expectedState: string;
  redirectUri: string;
  codeVerifier: string | undefined;
  options?: ProtocolOptions;
}): Promise<{ tokens: StoredTokens; tokenUrl: string }> {
  const { endpoints, client } = params;
  const callback = validateCallback({
    endpoints,
    clientId: client.clientId,
    callbackParameters: params.callbackParameters,
    expectedState: params.expectedState,
  });
  if ('error' in callback) {
    throw new OuraError(
      'AUTHORIZATION_ERROR',
      `Oura did not authorize the app (${callback.error}${callback.description ? `: ${callback.description}` : ''}).`,
    );
  }
  let lastRejection: unknown;
  for (const tokenUrl of endpoints.tokenUrls) {
    const as = authorizationServer(endpoints.authorizeUrl, tokenUrl);
    try {
      const response = await oauth.authorizationCodeGrantRequest(
        as,
        { client_id: client.clientId },
        oauth.ClientSecretPost(client.clientSecret),
        callback.parameters,
        params.redirectUri,
        params.codeVerifier ?? oauth.nopkce,
        requestOptions(tokenUrl, params.options),
      );
      const body = await oauth.processAuthorizationCodeResponse(
        as,
        { client_id: client.clientId },
        (await readTokenAnswer(response)).response,
      );
      return { tokens: toStoredTokens(body, undefined), tokenUrl };
    } catch (error) {
      if (isClientRejection(error) && tokenUrl !== endpoints.tokenUrls.at(-1)) {
        lastRejection = error;
        continue;
      }
      throw translateTokenFailure(error, tokenUrl, 'code');
    }
  }
  throw translateTokenFailure(lastRejection, endpoints.tokenUrls.at(-1) ?? '', 'code');
}

/**
 * One refresh (RFC 6749 §6). Oura's refresh tokens are single use: the answer
 * carries a new one that replaces the old, which is dead from now on. So a 2xx
 * answer's new refresh token goes to `onRotated` (to be persisted) before
 * anything else in the answer is judged: however odd the rest, the login
 * survives. When the server sends no new refresh token, the old one is kept.
 */
export async function refreshTokens(params: {
  tokenUrl: string;
  authorizeUrl: string;
  client: ClientCredentials;
  refreshToken: string;
  onRotated: (refreshToken: string) => Promise<void>;
  options?: ProtocolOptions;
}): Promise<StoredTokens> {
  const as = authorizationServer(params.authorizeUrl, params.tokenUrl);
  let rotated = false;
  try {
    const raw = await oauth.refreshTokenGrantRequest(
      as,
      { client_id: params.client.clientId },
      oauth.ClientSecretPost(params.client.clientSecret),
      params.refreshToken,
      requestOptions(params.tokenUrl, params.options),
    );
    const { response, body } = await readTokenAnswer(raw);
    const next = body?.refresh_token;
    if (response.ok && typeof next === 'string' && next !== '' && next !== params.refreshToken) {
      await params.onRotated(next);
      rotated = true;
    }
    const processed = await oauth.processRefreshTokenResponse(
      as,
      { client_id: params.client.clientId },
      response,
    );
    return toStoredTokens(processed, params.refreshToken);
  } catch (error) {
    // A failure to persist the rotated token is already ours and already explained.
    if (error instanceof OuraError) throw error;
    if (rotated) {
      // No `cause`: it would hold the answer's body, tokens included.
      throw new TokenEndpointError(
        `${safeUrl(params.tokenUrl)} renewed the login but sent no access token we can use (${reason(error)}). The new refresh token is saved.`,
        false,
        { hint: 'Run the command again: it will refresh with the saved token.' },
      );
    }
    const translated = translateTokenFailure(error, params.tokenUrl, 'refresh');
    if (translated instanceof InvalidGrantError) {
      throw new LoginRequiredError(translated.message, { cause: translated });
    }
    throw translated;
  }
}
