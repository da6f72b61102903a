/**
 * What oauth4webapi needs to send a request to Oura's auth server: the
 * server's description, and per-request options (timeout, fetch, and plain
 * HTTP allowed only for loopback peers).
 */
import * as oauth from 'oauth4webapi';
import { isLoopbackHttpUrl } from '../secure-url.js';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export interface ProtocolOptions {
  fetch?: typeof fetch;
  /** Per request; the token endpoint should answer in well under this. */
  timeoutMs?: number;
}

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
