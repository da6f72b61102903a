import type { IncomingMessage, ServerResponse } from 'node:http';
import { SCOPES } from '../../oura/data-types.js';
import { renderConsentPage, renderErrorPage } from '../consent-page.js';
import { readForm, redirect, sendHtml } from '../http-util.js';
import { type AuthServerKind, bareScope, canonicalScope } from '../scopes.js';
import { randomToken } from '../token-store.js';
import { findClient } from './client-auth.js';
import { AUTH_PATHS, type AuthServerDeps } from './deps.js';
import { PKCE_RE, withParams } from './oauth-answers.js';

/** How long a consent page may wait for its answer. */
const CONSENT_LIFETIME_MS = 10 * 60 * 1000;

/**
 * The authorization endpoint (RFC 6749 §4.1.1): GET checks the request and
 * shows the consent page, POST takes the person's answer and redirects back
 * with a code or an error.
 */
export function createAuthorizeEndpoint(deps: AuthServerDeps) {
  /**
   * A redirect back to the client. Like Oura's, it carries `iss` first, naming
   * the moi issuer whichever authorize path was used (RFC 9207).
   */
  function callbackUrl(redirectUri: string, params: Record<string, string | undefined>): string {
    return withParams(redirectUri, { iss: `${deps.baseUrl()}${AUTH_PATHS.issuer}`, ...params });
  }

  async function authorizeGet(
    res: ServerResponse,
    url: URL,
    server: AuthServerKind,
  ): Promise<void> {
    const q = url.searchParams;
    const client = findClient(deps.clients, q.get('client_id'));
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
        accounts: deps.accounts.list,
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
    // A form without the field comes from a page that offered one account: the first.
    const chosen = form.get('account');
    const account = chosen === null ? 0 : deps.accounts.indexOf(chosen);
    const userId = account === undefined ? undefined : deps.accounts.list[account]?.userId;
    if (userId === undefined) {
      sendHtml(
        res,
        400,
        renderErrorPage('Unknown account', 'The chosen account is not one this server holds.'),
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
      userId,
    });
    redirect(res, callbackUrl(redirectUri, { code, state }));
  }

  return { get: authorizeGet, post: authorizePost };
}
