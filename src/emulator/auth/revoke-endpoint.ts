import type { IncomingMessage, ServerResponse } from 'node:http';
import { readForm } from '../http-util.js';
import type { AuthServerKind } from '../scopes.js';
import { authenticateClient } from './client-auth.js';
import type { AuthServerDeps } from './deps.js';
import { oauthError } from './oauth-answers.js';

/**
 * The revocation endpoint: RFC 7009 (form `token=`, client authentication)
 * on moi; `?access_token=` (GET or POST) on the legacy server.
 */
export function createRevokeEndpoint(deps: AuthServerDeps) {
  function revokeToken(value: string): void {
    const access = deps.store.access.get(value);
    const refresh = deps.store.refresh.get(value);
    const grantId = access?.grantId ?? refresh?.grantId;
    // Logging out ends the whole grant: RFC 7009 allows revoking related tokens.
    if (grantId) deps.store.revokeGrant(grantId);
  }

  async function revoke(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    server: AuthServerKind,
  ): Promise<void> {
    const form = req.method === 'POST' ? await readForm(req) : new URLSearchParams();
    let value: string | null;
    if (server === 'legacy') {
      value = url.searchParams.get('access_token') ?? form.get('access_token') ?? form.get('token');
    } else {
      if (req.method !== 'POST') {
        oauthError(res, 405, 'invalid_request', 'Use POST.', { allow: 'POST' });
        return;
      }
      if (authenticateClient(deps.clients, req, form) === 'bad') {
        oauthError(res, 401, 'invalid_client', 'Client authentication failed.');
        return;
      }
      value = form.get('token');
    }
    if (!value) {
      oauthError(
        res,
        400,
        'invalid_request',
        server === 'legacy' ? 'access_token is required.' : 'token is required.',
      );
      return;
    }
    revokeToken(value);
    deps.stats.revocations++;
    res.writeHead(200, { 'cache-control': 'no-store', 'content-length': '0' });
    res.end();
  }

  return revoke;
}
