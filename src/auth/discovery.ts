/**
 * OpenID discovery (OIDC Discovery 1.0 §4, RFC 8414) of Oura's moi server:
 * at login its published endpoints win over the built-in ones, so a move of
 * an endpoint on Oura's side does not break logins. Discovery is a courtesy,
 * never a gate: a document that is slow, missing or odd leaves the built-in
 * endpoints in place.
 */
import * as oauth from 'oauth4webapi';
import type { AuthEndpoints } from '../oura/servers.js';
import { isLoopbackHttpUrl } from '../secure-url.js';

/** A login waits at most this long for the document before using the built-in endpoints. */
const DISCOVERY_TIMEOUT_MS = 2_000;

export interface DiscoveryOptions {
  timeoutMs?: number;
}

/**
 * `endpoints` with the authorize, token and revocation endpoints that the
 * issuer's discovery document names, or undefined when it gives none usable.
 * The discovered token endpoint is tried first; the built-in fallbacks follow.
 */
export async function discoverEndpoints(
  endpoints: AuthEndpoints,
  options: DiscoveryOptions = {},
): Promise<AuthEndpoints | undefined> {
  const issuer = new URL(endpoints.issuer);
  let server: oauth.AuthorizationServer;
  try {
    const response = await oauth.discoveryRequest(issuer, {
      algorithm: 'oidc',
      signal: AbortSignal.timeout(options.timeoutMs ?? DISCOVERY_TIMEOUT_MS),
      [oauth.allowInsecureRequests]: isLoopbackHttpUrl(issuer),
    });
    // Also checks that the document names the issuer it was asked for.
    server = await oauth.processDiscoveryResponse(issuer, response);
  } catch {
    return undefined;
  }
  const { authorization_endpoint: authorize, token_endpoint: token } = server;
  const revoke = server.revocation_endpoint;
  if (!authorize || !token || ![authorize, token, revoke ?? token].every(isTrustworthy)) {
    return undefined;
  }
  return {
    ...endpoints,
    issuer: server.issuer,
    authorizeUrl: authorize,
    tokenUrls: [token, ...endpoints.tokenUrls.filter((url) => url !== token)],
    revokeUrl: revoke ?? endpoints.revokeUrl,
  };
}

/** Tokens only travel encrypted, or on loopback (the emulator). */
function isTrustworthy(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:' || isLoopbackHttpUrl(url);
  } catch {
    return false;
  }
}
