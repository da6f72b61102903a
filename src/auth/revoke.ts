/** Revocation of a token at Oura's auth server (RFC 7009, or the legacy server's own form). */
import * as oauth from 'oauth4webapi';
import type { AuthEndpoints } from '../oura/servers.js';
import { reason, safeUrl, TokenEndpointError } from './oauth-errors.js';
import {
  authorizationServer,
  type ClientCredentials,
  type ProtocolOptions,
  requestOptions,
} from './oauth-request.js';

/**
 * Revokes a token at the server. The current server takes RFC 7009
 * (`token=` in a form); the legacy one takes `?access_token=`.
 */
export async function revokeToken(params: {
  endpoints: AuthEndpoints;
  client: ClientCredentials;
  token: string;
  options?: ProtocolOptions;
}): Promise<void> {
  const { endpoints, client, token } = params;
  const doFetch = params.options?.fetch ?? fetch;
  const signal = AbortSignal.timeout(params.options?.timeoutMs ?? 30_000);
  let response: Response;
  try {
    if (endpoints.scopePrefix === '') {
      const url = new URL(endpoints.revokeUrl);
      url.searchParams.set('access_token', token);
      response = await doFetch(url, { method: 'POST', signal });
    } else {
      const as = authorizationServer(
        endpoints.authorizeUrl,
        endpoints.tokenUrls[0] ?? '',
        endpoints.revokeUrl,
      );
      response = await oauth.revocationRequest(
        as,
        { client_id: client.clientId },
        oauth.ClientSecretPost(client.clientSecret),
        token,
        requestOptions(endpoints.revokeUrl, params.options),
      );
    }
  } catch (error) {
    throw new TokenEndpointError(
      `Could not reach ${safeUrl(endpoints.revokeUrl)}: ${reason(error)}`,
      true,
      {
        cause: error,
      },
    );
  }
  if (!response.ok) {
    throw new TokenEndpointError(
      `${safeUrl(endpoints.revokeUrl)} refused the revocation (HTTP ${response.status}).`,
      response.status >= 500,
    );
  }
}
