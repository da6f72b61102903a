import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SCOPES } from '../oura/data-types.js';
import { renderConsentPage, renderErrorPage } from './consent-page.js';
import type { Faults } from './faults.js';
import { readForm, redirect, sendHtml, sendJson } from './http-util.js';
import { type AuthServerKind, bareScope, canonicalScope, grantedScopeString } from './scopes.js';
import { randomToken, type TokenStore } from './token-store.js';

/**
 * The authorization server, both path sets:
 * - current ("moi"): `/oauth/v2/ext/oauth-authorize|oauth-token|oauth-revoke`,
 *   scopes spelled `extapi:daily`, revoke by form `token=` (RFC 7009), plus
 *   OIDC-style discovery;
 * - legacy: `/oauth/authorize|token|revoke`, bare scopes, revoke by
 *   `?access_token=` (GET or POST).
 *
 * Follows RFC 6749 (authorization code, refresh), RFC 7636 (PKCE S256/plain)
 * and RFC 7009 (revocation). Refresh tokens are single use and rotate.
 */

/** A registered application. */
export interface RegisteredClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** Bare scopes ticked for the app on the portal; asking for others is `invalid_scope`. Default: all. */
  scopes?: string[];
}

export interface AuthStats {
  authorizationCodeGrants: number;
  refreshGrants: number;
  revocations: number;
}

export interface AuthServerDeps {
  baseUrl: () => string;
  clients: RegisteredClient[];
  store: TokenStore;
  faults: Faults;
  stats: AuthStats;
  codeLifetimeSeconds: number;
  /** `expires_in` per token endpoint: Oura's legacy endpoint answers about 30 days, moi a day. */
  accessTokenLifetimeSeconds: Record<AuthServerKind, number>;
  userEmail: string;
  now: () => number;
}

/** The paths of each server. */
export const AUTH_PATHS = {
  moi: {
    authorize: '/oauth/v2/ext/oauth-authorize',
    token: '/oauth/v2/ext/oauth-token',
    revoke: '/oauth/v2/ext/oauth-revoke',
  },
  legacy: { authorize: '/oauth/authorize', token: '/oauth/token', revoke: '/oauth/revoke' },
  /** The issuer path: callbacks from both authorize paths name it in `iss`, as Oura's do. */
  issuer: '/oauth/v2/ext/oauth-anonymous',
  discovery: '/oauth/v2/ext/oauth-anonymous/.well-known/openid-configuration',
} as const;

const CONSENT_LIFETIME_MS = 10 * 60 * 1000;
const PKCE_RE = /^[A-Za-z0-9._~-]{43,128}$/;

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function oauthError(
  res: ServerResponse,
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
): void {
  sendJson(
    res,
    status,
    { error, error_description: description },
    { 'cache-control': 'no-store', ...headers },
  );
}

function withParams(base: string, params: Record<string, string | undefined>): string {
  const url = new URL(base);
  for (const [key, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.append(key, value);
  return url.toString();
}

/** Routes auth requests; returns false when the path is not an auth path. */
export function createAuthHandler(deps: AuthServerDeps) {
  const hung: ServerResponse[] = [];

  /**
   * A redirect back to the client. Like Oura's, it carries `iss` first, naming
   * the moi issuer whichever authorize path was used (RFC 9207).
   */
  function callbackUrl(redirectUri: string, params: Record<string, string | undefined>): string {
    return withParams(redirectUri, { iss: `${deps.baseUrl()}${AUTH_PATHS.issuer}`, ...params });
  }

  function findClient(clientId: string | null): RegisteredClient | undefined {
    return deps.clients.find((client) => client.clientId === clientId);
  }

  async function authorizeGet(
    res: ServerResponse,
    url: URL,
    server: AuthServerKind,
  ): Promise<void> {
    const q = url.searchParams;
    const client = findClient(q.get('client_id'));
    if (!client) {
      sendHtml(
        res,
        400,
        renderErrorPage('Invalid client', 'The client_id is not a registered application.'),
      );
      return;
    }
    const asked = q.get('redirect_uri');
    let redirectUri: string | undefined;
    if (asked !== null) redirectUri = client.redirectUris.find((uri) => uri === asked);
    else if (client.redirectUris.length === 1) redirectUri = client.redirectUris[0];
    if (!redirectUri) {
      sendHtml(
        res,
        400,
        renderErrorPage(
          'Invalid redirect URI',
          'The redirect_uri does not exactly match a redirect URI registered for this application.',
        ),
      );
      return;
    }
    const state = q.get('state') ?? undefined;
    const fail = (error: string, description: string) =>
      redirect(res, callbackUrl(redirectUri, { error, error_description: description, state }));
    if (q.get('response_type') !== 'code') {
      fail('unsupported_response_type', 'Only response_type=code is supported.');
      return;
    }
    const askedScopes = (q.get('scope') ?? '').split(/[\s+]+/).filter(Boolean);
    if (askedScopes.length === 0) {
      askedScopes.push(...SCOPES.map((scope) => (server === 'moi' ? `extapi:${scope}` : scope)));
    }
    const bare: string[] = [];
    for (const scope of askedScopes) {
      const known = bareScope(scope, server);
      if (!known) {
        fail('invalid_scope', `Unknown scope: ${scope}`);
        return;
      }
      if (client.scopes && !client.scopes.includes(canonicalScope(known) ?? known)) {
        fail('invalid_scope', `The application is not allowed the scope ${scope}.`);
        return;
      }
      bare.push(known);
    }
    const challenge = q.get('code_challenge') ?? undefined;
    const method = q.get('code_challenge_method') ?? undefined;
    let challengeMethod: 'S256' | 'plain' | undefined;
    if (challenge !== undefined) {
      challengeMethod =
        method === undefined
          ? 'plain'
          : method === 'S256' || method === 'plain'
            ? method
            : undefined;
      if (!challengeMethod) {
        fail('invalid_request', 'code_challenge_method must be S256 or plain.');
        return;
      }
      if (!PKCE_RE.test(challenge)) {
        fail('invalid_request', 'code_challenge is malformed.');
        return;
      }
    } else if (method !== undefined) {
      fail('invalid_request', 'code_challenge_method without code_challenge.');
      return;
    }
    deps.store.sweep();
    const requestId = randomToken(24);
    deps.store.pending.set(requestId, {
      server,
      clientId: client.clientId,
      redirectUri,
      redirectUriSent: asked !== null,
      state,
      scopes: bare,
      askedScopes,
      codeChallenge: challenge,
      codeChallengeMethod: challengeMethod,
      expiresAt: deps.now() + CONSENT_LIFETIME_MS,
    });
    sendHtml(
      res,
      200,
      renderConsentPage({
        action: url.pathname,
        requestId,
        clientId: client.clientId,
        askedScopes,
        bareScopes: bare,
        userEmail: deps.userEmail,
      }),
    );
  }

  async function authorizePost(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    const requestId = form.get('request_id') ?? '';
    const pending = deps.store.pending.get(requestId);
    if (!pending || deps.now() >= pending.expiresAt) {
      sendHtml(
        res,
        400,
        renderErrorPage(
          'Request expired',
          'This consent request is unknown or has expired. Start the login again.',
        ),
      );
      return;
    }
    // One answer per consent page: a double submit must not mint two codes.
    deps.store.pending.delete(requestId);
    const { state, redirectUri } = pending;
    const ticked = new Set(form.getAll('scope'));
    const granted = pending.scopes.filter((_, i) => ticked.has(pending.askedScopes[i] ?? ''));
    if (form.get('decision') !== 'allow') {
      redirect(
        res,
        callbackUrl(redirectUri, {
          error: 'access_denied',
          error_description: 'The user denied access.',
          state,
        }),
      );
      return;
    }
    if (granted.length === 0) {
      redirect(
        res,
        callbackUrl(redirectUri, {
          error: 'access_denied',
          error_description: 'No scopes were granted.',
          state,
        }),
      );
      return;
    }
    const code = randomToken(32, 'code');
    deps.store.codes.set(code, {
      server: pending.server,
      clientId: pending.clientId,
      redirectUri,
      redirectUriSent: pending.redirectUriSent,
      scopes: granted,
      codeChallenge: pending.codeChallenge,
      codeChallengeMethod: pending.codeChallengeMethod,
      expiresAt: deps.now() + deps.codeLifetimeSeconds * 1000,
      used: false,
      grantId: randomToken(12),
    });
    redirect(res, callbackUrl(redirectUri, { code, state }));
  }

  /** Client authentication: HTTP Basic (RFC 6749 2.3.1, form-encoded parts) or form fields. */
  function authenticate(
    req: IncomingMessage,
    form: URLSearchParams,
  ): RegisteredClient | 'none' | 'bad' {
    const header = req.headers.authorization;
    let id: string | null = null;
    let secret: string | null = null;
    if (header?.toLowerCase().startsWith('basic ')) {
      const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return 'bad';
      try {
        id = decodeURIComponent(decoded.slice(0, colon).replaceAll('+', ' '));
        secret = decodeURIComponent(decoded.slice(colon + 1).replaceAll('+', ' '));
      } catch {
        return 'bad';
      }
    } else {
      id = form.get('client_id');
      secret = form.get('client_secret');
    }
    if (id === null && secret === null) return 'none';
    const client = findClient(id);
    if (!client || secret === null || !safeEqual(client.clientSecret, secret)) return 'bad';
    return client;
  }

  /**
   * A token answer in the shape Oura really sends: lower-case `bearer`,
   * `extapi:` scopes whichever endpoint answered, and `"id_token": null`.
   */
  function tokenResponse(
    res: ServerResponse,
    pair: { accessToken: string; refreshToken: string },
    scopes: string[],
    server: AuthServerKind,
  ): void {
    sendJson(
      res,
      200,
      {
        token_type: 'bearer',
        access_token: pair.accessToken,
        expires_in: deps.accessTokenLifetimeSeconds[server],
        refresh_token: pair.refreshToken,
        scope: grantedScopeString(scopes),
        id_token: null,
      },
      { 'cache-control': 'no-store', pragma: 'no-cache' },
    );
  }

  async function token(
    req: IncomingMessage,
    res: ServerResponse,
    server: AuthServerKind,
  ): Promise<void> {
    const fault = deps.faults.state.token;
    if (fault === '500') {
      oauthError(res, 500, 'server_error', 'Injected fault.');
      return;
    }
    if (fault === 'malformed-json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end('{"access_token": "tru');
      return;
    }
    if (fault === 'hang') {
      // Never answer; the socket is destroyed when the client gives up or the emulator closes.
      hung.push(res);
      return;
    }
    const form = await readForm(req);
    const client = authenticate(req, form);
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
    if (grantType === 'authorization_code') {
      const code = form.get('code') ?? '';
      const record = deps.store.codes.get(code);
      if (!record) {
        oauthError(res, 400, 'invalid_grant', 'The authorization code is invalid.');
        return;
      }
      if (record.used) {
        // RFC 6749 4.1.2: a replayed code revokes what it issued.
        deps.store.revokeGrant(record.grantId);
        oauthError(res, 400, 'invalid_grant', 'The authorization code was already used.');
        return;
      }
      record.used = true;
      if (deps.now() >= record.expiresAt) {
        oauthError(res, 400, 'invalid_grant', 'The authorization code has expired.');
        return;
      }
      if (record.clientId !== client.clientId) {
        oauthError(
          res,
          400,
          'invalid_grant',
          'The authorization code was issued to another client.',
        );
        return;
      }
      const redirectUri = form.get('redirect_uri');
      if (
        record.redirectUriSent
          ? redirectUri !== record.redirectUri
          : redirectUri !== null && redirectUri !== record.redirectUri
      ) {
        oauthError(
          res,
          400,
          'invalid_grant',
          'redirect_uri does not match the authorization request.',
        );
        return;
      }
      if (record.codeChallenge !== undefined) {
        const verifier = form.get('code_verifier');
        if (verifier === null) {
          oauthError(res, 400, 'invalid_grant', 'code_verifier is required.');
          return;
        }
        const computed =
          record.codeChallengeMethod === 'S256'
            ? createHash('sha256').update(verifier).digest('base64url')
            : verifier;
        if (!PKCE_RE.test(verifier) || !safeEqual(computed, record.codeChallenge)) {
          oauthError(res, 400, 'invalid_grant', 'PKCE verification failed.');
          return;
        }
      }
      // The grant belongs to the server whose token endpoint issued it: refreshes go there.
      const pair = deps.store.issue(
        { clientId: client.clientId, scopes: record.scopes, server, grantId: record.grantId },
        deps.accessTokenLifetimeSeconds[server],
      );
      deps.stats.authorizationCodeGrants++;
      tokenResponse(res, pair, record.scopes, server);
      return;
    }
    if (grantType === 'refresh_token') {
      const old = deps.store.refresh.get(form.get('refresh_token') ?? '');
      if (!old || old.used) {
        oauthError(
          res,
          400,
          'invalid_grant',
          'The refresh token is invalid, expired or already used.',
        );
        return;
      }
      if (old.clientId !== client.clientId) {
        oauthError(res, 400, 'invalid_grant', 'The refresh token was issued to another client.');
        return;
      }
      if (old.server !== 'any' && old.server !== server) {
        oauthError(res, 400, 'invalid_grant', 'The refresh token was issued by another server.');
        return;
      }
      old.used = true;
      const pair = deps.store.issue(
        { clientId: old.clientId, scopes: old.scopes, server: old.server, grantId: old.grantId },
        deps.accessTokenLifetimeSeconds[server],
      );
      deps.stats.refreshGrants++;
      if (deps.faults.state.token === 'rotate-without-access-token') {
        // The chain has moved on, but the answer is unusable: a client must keep the new refresh token.
        sendJson(
          res,
          200,
          { token_type: 'bearer', refresh_token: pair.refreshToken, id_token: null },
          { 'cache-control': 'no-store' },
        );
        return;
      }
      tokenResponse(res, pair, old.scopes, server);
      return;
    }
    oauthError(
      res,
      400,
      grantType ? 'unsupported_grant_type' : 'invalid_request',
      grantType ? `Unsupported grant_type: ${grantType}` : 'grant_type is required.',
    );
  }

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
      if (authenticate(req, form) === 'bad') {
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

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const path = url.pathname;
    if (path === AUTH_PATHS.discovery) {
      discovery(res);
      return true;
    }
    for (const server of ['moi', 'legacy'] as const) {
      const paths = AUTH_PATHS[server];
      if (path === paths.authorize) {
        if (req.method === 'GET') await authorizeGet(res, url, server);
        else if (req.method === 'POST') await authorizePost(req, res);
        else oauthError(res, 405, 'invalid_request', 'Use GET or POST.', { allow: 'GET, POST' });
        return true;
      }
      if (path === paths.token) {
        if (req.method === 'POST') await token(req, res, server);
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

  return {
    handle,
    /** Ends hung token requests (on close, or when the fault is cleared). */
    releaseHung(): void {
      for (const res of hung.splice(0)) res.destroy();
    },
  };
}
