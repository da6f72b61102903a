/**
 * The authorization server for MCP clients, as the MCP SDK's
 * `OAuthServerProvider`: the SDK's handlers parse and check the requests
 * (client authentication, PKCE S256, redirect URI, rate limits) and call in
 * here for what is ours: the consent and sign-in (./sign-in.ts), codes and
 * tokens bound to this server's `/mcp` (RFC 8707), rotating refresh tokens
 * with reuse detection, revocation (RFC 7009).
 *
 * https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization
 */

import {
  InvalidGrantError,
  InvalidScopeError,
  InvalidTargetError,
  InvalidTokenError,
} from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type {
  AuthorizationParams,
  OAuthServerProvider,
} from '@modelcontextprotocol/sdk/server/auth/provider.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type {
  OAuthClientInformationFull,
  OAuthTokenRevocationRequest,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import type { Response } from 'express';
import type { SignInFlow } from '../sign-in.js';
import type { ClientStore } from '../state/client-store.js';
import { GrantRefused, type GrantStore, type IssuedTokens } from '../state/grant-store.js';

/** The one scope: read this person's Oura data through this server. */
export const SERVE_SCOPES = ['oura'] as const;

export class ServeOAuthProvider implements OAuthServerProvider {
  constructor(
    private readonly clients: ClientStore,
    private readonly grants: GrantStore,
    private readonly signIn: SignInFlow,
    /** This server's `/mcp`: every token is bound to it. */
    private readonly resource: URL,
  ) {}

  get clientsStore(): ClientStore {
    return this.clients;
  }

  async authorize(
    client: OAuthClientInformationFull,
    params: AuthorizationParams,
    res: Response,
  ): Promise<void> {
    if (params.resource && params.resource.href !== this.resource.href) {
      throw new InvalidTargetError(`This server issues tokens for ${this.resource.href} only.`);
    }
    const scopes = params.scopes?.length ? params.scopes : [...SERVE_SCOPES];
    const unknown = scopes.filter((scope) => !(SERVE_SCOPES as readonly string[]).includes(scope));
    if (unknown.length > 0) throw new InvalidScopeError(`Unknown scope: ${unknown.join(' ')}.`);
    await this.signIn.showConsent(
      client,
      { ...params, scopes, resource: this.resource.href },
      res.req,
      res,
    );
  }

  async challengeForAuthorizationCode(
    client: OAuthClientInformationFull,
    code: string,
  ): Promise<string> {
    return refusedAsOAuth(() => this.grants.challengeFor(client.client_id, code));
  }

  async exchangeAuthorizationCode(
    client: OAuthClientInformationFull,
    code: string,
    _verifier?: string,
    redirectUri?: string,
    resource?: URL,
  ): Promise<OAuthTokens> {
    // The SDK's token handler has checked the PKCE verifier against challengeForAuthorizationCode.
    return answer(
      await refusedAsOAuth(() =>
        this.grants.exchangeCode({
          clientId: client.client_id,
          code,
          redirectUri,
          resource: resource?.href,
        }),
      ),
    );
  }

  async exchangeRefreshToken(
    client: OAuthClientInformationFull,
    refreshToken: string,
    scopes?: string[],
    resource?: URL,
  ): Promise<OAuthTokens> {
    const unknown = (scopes ?? []).filter(
      (scope) => !(SERVE_SCOPES as readonly string[]).includes(scope),
    );
    if (unknown.length > 0) throw new InvalidScopeError(`Unknown scope: ${unknown.join(' ')}.`);
    return answer(
      await refusedAsOAuth(() =>
        this.grants.refresh({ clientId: client.client_id, refreshToken, resource: resource?.href }),
      ),
    );
  }

  async verifyAccessToken(token: string): Promise<AuthInfo> {
    let verified: Awaited<ReturnType<GrantStore['verifyAccessToken']>>;
    try {
      verified = await this.grants.verifyAccessToken(token);
    } catch (error) {
      if (error instanceof GrantRefused)
        throw new InvalidTokenError(`The access token is ${error.refusal}.`);
      throw error;
    }
    const { grant, expiresAt } = verified;
    return {
      token,
      clientId: grant.clientId,
      scopes: grant.scopes,
      expiresAt,
      resource: new URL(grant.resource),
      extra: { userId: grant.userId, grantId: grant.id },
    };
  }

  async revokeToken(
    client: OAuthClientInformationFull,
    request: OAuthTokenRevocationRequest,
  ): Promise<void> {
    await this.grants.revokeToken(client.client_id, request.token);
  }
}

async function refusedAsOAuth<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof GrantRefused) {
      throw new InvalidGrantError(error.message);
    }
    throw error;
  }
}

function answer(issued: IssuedTokens): OAuthTokens {
  return {
    access_token: issued.accessToken,
    token_type: 'Bearer',
    expires_in: issued.expiresIn,
    refresh_token: issued.refreshToken,
    scope: issued.grant.scopes.join(' '),
  };
}
