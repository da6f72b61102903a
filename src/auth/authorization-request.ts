/**
 * The front channel of the authorization code grant (RFC 6749 §4.1): the URL
 * the person opens, with `state` and PKCE (RFC 7636), and the check of the
 * callback that comes back (RFC 9207 `iss` included).
 */
import * as oauth from 'oauth4webapi';
import { OuraError } from '../errors.js';
import type { AuthEndpoints } from '../oura/servers.js';
import { authorizationServer } from './oauth-request.js';

/** PKCE pair and `state` for one authorization request. */
export interface AuthorizationRequestSecrets {
  state: string;
  codeVerifier: string | undefined;
}

export function newAuthorizationSecrets(pkce: boolean): AuthorizationRequestSecrets {
  return {
    state: oauth.generateRandomState(),
    codeVerifier: pkce ? oauth.generateRandomCodeVerifier() : undefined,
  };
}

/** The URL the person opens to log in and consent (RFC 6749 §4.1.1, RFC 7636 §4.3). */
export async function buildAuthorizeUrl(params: {
  authorizeUrl: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  secrets: AuthorizationRequestSecrets;
}): Promise<URL> {
  const url = new URL(params.authorizeUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', params.clientId);
  url.searchParams.set('redirect_uri', params.redirectUri);
  url.searchParams.set('scope', params.scope);
  url.searchParams.set('state', params.secrets.state);
  if (params.secrets.codeVerifier) {
    url.searchParams.set(
      'code_challenge',
      await oauth.calculatePKCECodeChallenge(params.secrets.codeVerifier),
    );
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return url;
}

/** A callback that came from the server asked, as its parameters or the error it reports. */
export type CheckedCallback =
  | { parameters: URLSearchParams }
  | { error: string; description: string | undefined };

/**
 * Checks that a callback belongs to this login before anything in it is
 * believed, an error included: `state` must match, and an `iss` (RFC 9207)
 * must name the server asked, which defeats mix-up attacks. Throws
 * `CALLBACK_REJECTED` otherwise; the code it may carry is then never used.
 */
export function validateCallback(params: {
  endpoints: AuthEndpoints;
  clientId: string;
  callbackParameters: URLSearchParams;
  expectedState: string;
}): CheckedCallback {
  const { endpoints } = params;
  try {
    const parameters = oauth.validateAuthResponse(
      {
        ...authorizationServer(endpoints.authorizeUrl, endpoints.tokenUrls[0] ?? ''),
        issuer: endpoints.issuer,
      },
      { client_id: params.clientId },
      params.callbackParameters,
      params.expectedState,
    );
    return { parameters };
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError) {
      return { error: error.error, description: error.error_description };
    }
    // No `cause`: oauth4webapi keeps the callback's parameters there, code and state included.
    throw new OuraError(
      'CALLBACK_REJECTED',
      `The login callback was not accepted: ${error instanceof Error ? error.message : String(error)}. The code was not used.`,
      {
        hint: 'An "iss" mismatch means another authorization server answered than the one asked: check --auth-server, OURA_AUTHORIZE_URL and OURA_ISSUER, then run `oura auth login` again.',
      },
    );
  }
}
