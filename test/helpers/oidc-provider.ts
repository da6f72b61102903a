import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onCleanup } from './processes.js';

/**
 * panva's oidc-provider (OpenID certified) as an independent, standards-strict
 * OAuth 2.0 authorization server, configured to look like Oura's legacy
 * server: `/oauth/authorize`, `/oauth/token`, `/oauth/revoke`, bare scope
 * names, a confidential client using `client_secret_post`, PKCE S256
 * required, refresh tokens always issued and rotated on every use. Its own
 * development login and consent pages stand in for Oura's (they need a real
 * browser: they work through cookies).
 */

/** The part of oidc-provider's API these tests use (the package ships no types). */
interface TokenModel {
  find(
    value: string,
  ): Promise<{ scope?: string; accountId?: string; consumed?: unknown } | undefined>;
}
export interface OidcProvider {
  callback(): (request: IncomingMessage, response: ServerResponse) => void;
  on(event: string, listener: (...args: unknown[]) => void): void;
  AccessToken: TokenModel;
  RefreshToken: TokenModel;
}
type ProviderConstructor = new (
  issuer: string,
  configuration: Record<string, unknown>,
) => OidcProvider;

export interface OidcPeer {
  /** `http://localhost:PORT`: also the origin of the authorize URL, so RFC 9207 `iss` checks pass. */
  issuer: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  provider: OidcProvider;
  /** Server-side errors oidc-provider reported (grant errors, server errors), for failure messages. */
  errors: string[];
  close(): Promise<void>;
}

export async function startOidcProvider(options: {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scopes: readonly string[];
}): Promise<OidcPeer> {
  // A non-literal specifier: oidc-provider has no type declarations, and the
  // tiny surface used here is typed above instead.
  const specifier = 'oidc-provider';
  const { default: Provider } = (await import(specifier)) as { default: ProviderConstructor };

  const servers = await listenOnLoopback();
  const issuer = `http://localhost:${servers.port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    scopes: [...options.scopes],
    routes: {
      authorization: '/oauth/authorize',
      token: '/oauth/token',
      revocation: '/oauth/revoke',
    },
    features: { devInteractions: { enabled: true }, revocation: { enabled: true } },
    pkce: { required: () => true },
    issueRefreshToken: async () => true,
    rotateRefreshToken: true,
    // Codes live a minute: the client must exchange at once. The rest only silences "default ttl" notices.
    ttl: {
      AuthorizationCode: 60,
      AccessToken: 3600,
      RefreshToken: 86_400,
      Grant: 86_400,
      Interaction: 600,
      Session: 3600,
    },
    findAccount: async (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: async () => ({ sub }),
    }),
    cookies: { keys: ['oura-connect-test-cookie-key'] },
  });
  const errors: string[] = [];
  for (const event of ['grant.error', 'server_error', 'authorization.error', 'revocation.error']) {
    provider.on(event, (_ctx, error) => {
      errors.push(
        `${event}: ${error instanceof Error ? `${error.message} ${(error as { error_description?: string }).error_description ?? ''}` : String(error)}`,
      );
    });
  }
  servers.setHandler(provider.callback());
  return {
    issuer,
    authorizeUrl: `${issuer}/oauth/authorize`,
    tokenUrl: `${issuer}/oauth/token`,
    revokeUrl: `${issuer}/oauth/revoke`,
    provider,
    errors,
    close: servers.close,
  };
}

/**
 * A stand-in for Oura's data API that knows only the connection test's route:
 * `GET /v2/usercollection/personal_info` answers `{id, email}` to any Bearer
 * token, and records the tokens it was shown.
 */
export async function startPersonalInfoApi(user: { id: string; email: string }): Promise<{
  url: string;
  bearerTokens: string[];
  close(): Promise<void>;
}> {
  const bearerTokens: string[] = [];
  const servers = await listenOnLoopback();
  servers.setHandler((request, response) => {
    const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method !== 'GET' || path !== '/v2/usercollection/personal_info') {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}');
    } else if (!token) {
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"detail":"no token"}');
    } else {
      bearerTokens.push(token);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(user));
    }
  });
  return { url: `http://127.0.0.1:${servers.port}`, bearerTokens, close: servers.close };
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Listens on 127.0.0.1 on a free port and, where the system has IPv6, on ::1
 * with the same port (Chromium may resolve `localhost` to either). The
 * handler is set afterwards, because the issuer must name the port.
 */
async function listenOnLoopback(): Promise<{
  port: number;
  setHandler(handler: Handler): void;
  close(): Promise<void>;
}> {
  let handler: Handler = (_request, response) => response.writeHead(503).end();
  const make = () => createServer((request, response) => handler(request, response));
  const listen = (server: Server, host: string, port: number) =>
    new Promise<Server>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port, exclusive: true }, () => resolve(server));
    });
  const v4 = await listen(make(), '127.0.0.1', 0);
  const port = (v4.address() as AddressInfo).port;
  const servers = [v4];
  const v6 = await listen(make(), '::1', port).catch(() => undefined);
  if (v6) servers.push(v6);
  // Closed by the caller, or else when the test or file ends (a second close is harmless).
  const close = async () => {
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  };
  onCleanup(close);
  return {
    port,
    setHandler: (next) => {
      handler = next;
    },
    close,
  };
}
