/**
 * What oauth4webapi needs to send a request to Oura's auth server: the
 * server's description, and per-request options (timeout, fetch, and plain
 * HTTP allowed only for loopback peers).
 */
import * as oauth from 'oauth4webapi';
import { isLoopbackHttpUrl } from '../secure-url.js';

/** The app's credentials from Oura's developer portal, sent with `client_secret_post`. */
export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** What a protocol step may be given: its `fetch` and its timeout. */
export interface ProtocolOptions {
  fetch?: typeof fetch;
  /** Per request; the token endpoint should answer in well under this. */
  timeoutMs?: number;
}

/** The auth server as oauth4webapi describes it, from the endpoints we were given (no discovery: Oura publishes none). */
export function authorizationServer(
  authorizeUrl: string,
  tokenUrl: string,
  revokeUrl?: string,
): oauth.AuthorizationServer {
  return {
    // Only the callback's `iss` check reads this (readTokenAnswer drops any ID
    // token before oauth4webapi sees it), and exchangeCode sets the real issuer there.
    issuer: new URL(authorizeUrl).origin,
    authorization_endpoint: authorizeUrl,
    token_endpoint: tokenUrl,
    ...(revokeUrl ? { revocation_endpoint: revokeUrl } : {}),
  };
}

/** oauth4webapi's options for one request to `url`. */
export function requestOptions(
  url: string,
  options: ProtocolOptions | undefined,
): oauth.TokenEndpointRequestOptions {
  return {
    signal: AbortSignal.timeout(options?.timeoutMs ?? 30_000),
    // Plain HTTP only for loopback peers (the emulator, tests); oauth4webapi refuses it otherwise.
    [oauth.allowInsecureRequests]: isLoopbackHttpUrl(url),
    ...(options?.fetch ? { [oauth.customFetch]: options.fetch } : {}),
  };
}
