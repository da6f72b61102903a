import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readForm, safeEqual, sendJson } from '../http-util.js';
import { type AuthServerKind, grantedScopeString } from '../scopes.js';
import { authenticateClient } from './client-auth.js';
import type { AuthServerDeps, RegisteredClient } from './deps.js';
import { oauthError, PKCE_RE } from './oauth-answers.js';

/** A refused grant: the token endpoint answers it as an OAuth error (RFC 6749 §5.2). */
class GrantRefused extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

/** What a successful grant hands out. */
interface Grant {
  pair: { accessToken: string; refreshToken: string };
  scopes: string[];
}

/**
 * The token endpoint (RFC 6749 §3.2): injected faults first, then client
 * authentication, then the authorization-code grant (with PKCE, RFC 7636) or
 * the refresh grant (single use, rotating).
 */
export function createTokenEndpoint(deps: AuthServerDeps) {
  const hung: ServerResponse[] = [];

  /** Answers as the configured fault says; false when the endpoint is healthy. */
  function answeredByFault(res: ServerResponse): boolean {
    const fault = deps.faults.state.token;
    if (fault === '500') {
      oauthError(res, 500, 'server_error', 'Injected fault.');
      return true;
    }
    if (fault === 'malformed-json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end('{"access_token": "tru');
      return true;
    }
    if (fault === 'hang') {
      // Never answer; the socket is destroyed when the client gives up or the emulator closes.
      hung.push(res);
      return true;
    }
    return false;
  }

  function authorizationCodeGrant(
    form: URLSearchParams,
    client: RegisteredClient,
    server: AuthServerKind,
  ): Grant {
    const record = deps.store.codes.get(form.get('code') ?? '');
    if (!record) throw new GrantRefused('invalid_grant', 'The authorization code is invalid.');
    if (record.used) {
      // RFC 6749 §4.1.2: a replayed code revokes what it issued.
      deps.store.revokeGrant(record.grantId);
      throw new GrantRefused('invalid_grant', 'The authorization code was already used.');
    }
    record.used = true;
    if (deps.now() >= record.expiresAt) {
      throw new GrantRefused('invalid_grant', 'The authorization code has expired.');
    }
    if (record.clientId !== client.clientId) {
      throw new GrantRefused(
        'invalid_grant',
        'The authorization code was issued to another client.',
      );
    }
    const redirectUri = form.get('redirect_uri');
    if (
      record.redirectUriSent
        ? redirectUri !== record.redirectUri
        : redirectUri !== null && redirectUri !== record.redirectUri
    ) {
      throw new GrantRefused(
        'invalid_grant',
        'redirect_uri does not match the authorization request.',
      );
    }
    if (record.codeChallenge !== undefined) {
      const verifier = form.get('code_verifier');
      if (verifier === null) throw new GrantRefused('invalid_grant', 'code_verifier is required.');
      const computed =
        record.codeChallengeMethod === 'S256'
          ? createHash('sha256').update(verifier).digest('base64url')
          : verifier;
      if (!PKCE_RE.test(verifier) || !safeEqual(computed, record.codeChallenge)) {
        throw new GrantRefused('invalid_grant', 'PKCE verification failed.');
      }
    }
    // The grant belongs to the server whose token endpoint issued it: refreshes go there.
    const pair = deps.store.issue(
      {
        clientId: client.clientId,
        userId: record.userId,
        scopes: record.scopes,
        server,
        grantId: record.grantId,
      },
      deps.accessTokenLifetimeSeconds[server],
    );
    deps.stats.authorizationCodeGrants++;
    return { pair, scopes: record.scopes };
  }

  function refreshGrant(
    form: URLSearchParams,
    client: RegisteredClient,
    server: AuthServerKind,
  ): Grant {
    const old = deps.store.refresh.get(form.get('refresh_token') ?? '');
    if (!old || old.used) {
      throw new GrantRefused(
        'invalid_grant',
        'The refresh token is invalid, expired or already used.',
      );
    }
    if (old.clientId !== client.clientId) {
      throw new GrantRefused('invalid_grant', 'The refresh token was issued to another client.');
    }
    if (old.server !== 'any' && old.server !== server) {
      throw new GrantRefused('invalid_grant', 'The refresh token was issued by another server.');
    }
    old.used = true;
    const pair = deps.store.issue(
      {
        clientId: old.clientId,
        userId: old.userId,
        scopes: old.scopes,
        server: old.server,
        grantId: old.grantId,
      },
      deps.accessTokenLifetimeSeconds[server],
    );
    deps.stats.refreshGrants++;
    return { pair, scopes: old.scopes };
  }

  /**
   * A token answer in the shape Oura really sends: lower-case `bearer`,
   * `extapi:` scopes whichever endpoint answered, and `"id_token": null`.
   */
  function tokenAnswer(res: ServerResponse, grant: Grant, server: AuthServerKind): void {
    sendJson(
      res,
      200,
      {
        token_type: 'bearer',
        access_token: grant.pair.accessToken,
        expires_in: deps.accessTokenLifetimeSeconds[server],
        refresh_token: grant.pair.refreshToken,
        scope: grantedScopeString(grant.scopes),
        id_token: null,
      },
      { 'cache-control': 'no-store', pragma: 'no-cache' },
    );
  }

  /** The injected odd refresh answer: the chain has moved on, but there is no access token. */
  function rotatedWithoutAccessToken(res: ServerResponse, grant: Grant): void {
    sendJson(
      res,
      200,
      { token_type: 'bearer', refresh_token: grant.pair.refreshToken, id_token: null },
      { 'cache-control': 'no-store' },
    );
  }

  async function token(req: IncomingMessage, res: ServerResponse, server: AuthServerKind) {
    if (answeredByFault(res)) return;
    const form = await readForm(req);
    const client = authenticateClient(deps.clients, req, form);
    if (client === 'none' || client === 'bad') {
      const basic = req.headers.authorization?.toLowerCase().startsWith('basic ');
      oauthError(
        res,
        401,
        'invalid_client',
        'Client authentication failed.',
        basic ? { 'www-authenticate': 'Basic realm="oura"' } : {},
      );
      return;
    }
    const grantType = form.get('grant_type');
    try {
      if (grantType === 'authorization_code') {
        tokenAnswer(res, authorizationCodeGrant(form, client, server), server);
      } else if (grantType === 'refresh_token') {
        const grant = refreshGrant(form, client, server);
        if (deps.faults.state.token === 'rotate-without-access-token') {
          rotatedWithoutAccessToken(res, grant);
        } else tokenAnswer(res, grant, server);
      } else if (grantType) {
        oauthError(res, 400, 'unsupported_grant_type', `Unsupported grant_type: ${grantType}`);
      } else {
        oauthError(res, 400, 'invalid_request', 'grant_type is required.');
      }
    } catch (error) {
      if (!(error instanceof GrantRefused)) throw error;
      oauthError(res, 400, error.error, error.description);
    }
  }

  return {
    handle: token,
    /** Ends hung token requests (on close, or when the fault is cleared). */
    releaseHung(): void {
      for (const res of hung.splice(0)) res.destroy();
    },
  };
}
