/**
 * The OAuth 2.0 protocol steps Oura uses (RFC 6749 authorization code grant
 * with PKCE, RFC 7636; refresh; revocation, RFC 7009), on top of oauth4webapi.
 * Each function does one round trip and turns the server's answer into our
 * tokens or a typed error whose message never carries a secret.
 */
import * as oauth from 'oauth4webapi';
import { nowMs } from '../clock.js';
import { LoginRequiredError, OuraError } from '../errors.js';
import type { AuthEndpoints } from '../oura/servers.js';
import { isLoopbackHttpUrl } from '../secure-url.js';
import type { StoredTokens } from './tokens.js';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export interface ProtocolOptions {
  fetch?: typeof fetch;
  /** Per request; the token endpoint should answer in well under this. */
  timeoutMs?: number;
}

/** A token endpoint answer we could not use: HTTP status or transport failure. */
export class TokenEndpointError extends OuraError {
  override readonly name = 'TokenEndpointError';
  /** True when trying again later may work (network failure, 5xx). */
  readonly transient: boolean;
  constructor(
    message: string,
    transient: boolean,
    options: { cause?: unknown; hint?: string } = {},
  ) {
    super('TOKEN_ENDPOINT', message, options);
    this.transient = transient;
  }
}

/** The server refused the grant (`invalid_grant`): a spent code or a dead refresh token. */
export class InvalidGrantError extends OuraError {
  override readonly name = 'InvalidGrantError';
  constructor(message: string, options: { cause?: unknown; hint?: string } = {}) {
    super('INVALID_GRANT', message, options);
  }
}

/** PKCE pair and `state` for one authorization request. */
export interface AuthorizationRequestSecrets {
  state: string;
  codeVerifier: string | undefined;
}

export function newAuthorizationSecrets(pkce: boolean): AuthorizationRequestSecrets {
  return {
    state: oauth.generateRandomState(),
    codeVerifier: pkce ? oauth.generateRandomCodeVerifier() : undefined,
  };
}

/** The URL the person opens to log in and consent (RFC 6749 §4.1.1, RFC 7636 §4.3). */
export async function buildAuthorizeUrl(params: {
  authorizeUrl: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  secrets: AuthorizationRequestSecrets;
}): Promise<URL> {
  const url = new URL(params.authorizeUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', params.clientId);
  url.searchParams.set('redirect_uri', params.redirectUri);
  url.searchParams.set('scope', params.scope);
  url.searchParams.set('state', params.secrets.state);
  if (params.secrets.codeVerifier) {
    url.searchParams.set(
      'code_challenge',
      await oauth.calculatePKCECodeChallenge(params.secrets.codeVerifier),
    );
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return url;
}

/** A callback that came from the server asked, as its parameters or the error it reports. */
export type CheckedCallback =
  | { parameters: URLSearchParams }
  | { error: string; description: string | undefined };

/**
 * Checks that a callback belongs to this login before anything in it is
 * believed, an error included: `state` must match, and an `iss` (RFC 9207)
 * must name the server asked, which defeats mix-up attacks. Throws
 * `CALLBACK_REJECTED` otherwise; the code it may carry is then never used.
 */
export function validateCallback(params: {
  endpoints: AuthEndpoints;
  clientId: string;
  callbackParameters: URLSearchParams;
  expectedState: string;
}): CheckedCallback {
  const { endpoints } = params;
  try {
    const parameters = oauth.validateAuthResponse(
      {
        ...authorizationServer(endpoints.authorizeUrl, endpoints.tokenUrls[0] ?? ''),
        issuer: endpoints.issuer,
      },
      { client_id: params.clientId },
      params.callbackParameters,
      params.expectedState,
    );
    return { parameters };
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError) {
      return { error: error.error, description: error.error_description };
    }
    // No `cause`: oauth4webapi keeps the callback's parameters there, code and state included.
    throw new OuraError(
      'CALLBACK_REJECTED',
      `The login callback was not accepted: ${error instanceof Error ? error.message : String(error)}. The code was not used.`,
      {
        hint: 'An "iss" mismatch means another authorization server answered than the one asked: check --auth-server, OURA_AUTHORIZE_URL and OURA_ISSUER, then run `oura auth login` again.',
      },
    );
  }
}

/**
 * Trades the authorization code for tokens. Tries the token endpoints in order,
 * moving on only when a server rejects the client itself (`invalid_client`):
 * any other failure may have consumed the single-use code, so it is final.
 */
export async function exchangeCode(params: {
  endpoints: AuthEndpoints;
  client: ClientCredentials;
  callbackParameters: URLSearchParams;
  expectedState: string;
  redirectUri: string;
  codeVerifier: string | undefined;
  options?: ProtocolOptions;
}): Promise<{ tokens: StoredTokens; tokenUrl: string }> {
  const { endpoints, client } = params;
  const callback = validateCallback({
    endpoints,
    clientId: client.clientId,
    callbackParameters: params.callbackParameters,
    expectedState: params.expectedState,
  });
  if ('error' in callback) {
    throw new OuraError(
      'AUTHORIZATION_ERROR',
      `Oura did not authorize the app (${callback.error}${callback.description ? `: ${callback.description}` : ''}).`,
    );
  }
  let lastRejection: unknown;
  for (const tokenUrl of endpoints.tokenUrls) {
    const as = authorizationServer(endpoints.authorizeUrl, tokenUrl);
    try {
      const response = await oauth.authorizationCodeGrantRequest(
        as,
        { client_id: client.clientId },
        oauth.ClientSecretPost(client.clientSecret),
        callback.parameters,
        params.redirectUri,
        params.codeVerifier ?? oauth.nopkce,
        requestOptions(tokenUrl, params.options),
      );
      const body = await oauth.processAuthorizationCodeResponse(
        as,
        { client_id: client.clientId },
        (await readTokenAnswer(response)).response,
      );
      return { tokens: toStoredTokens(body, undefined), tokenUrl };
    } catch (error) {
      if (isClientRejection(error) && tokenUrl !== endpoints.tokenUrls.at(-1)) {
        lastRejection = error;
        continue;
      }
      throw translate(error, tokenUrl, 'code');
    }
  }
  throw translate(lastRejection, endpoints.tokenUrls.at(-1) ?? '', 'code');
}

/**
 * One refresh (RFC 6749 §6). Oura's refresh tokens are single use: the answer
 * carries a new one that replaces the old, which is dead from now on. So a 2xx
 * answer's new refresh token goes to `onRotated` (to be persisted) before
 * anything else in the answer is judged: however odd the rest, the login
 * survives. When the server sends no new refresh token, the old one is kept.
 */
export async function refreshTokens(params: {
  tokenUrl: string;
  authorizeUrl: string;
  client: ClientCredentials;
  refreshToken: string;
  onRotated: (refreshToken: string) => Promise<void>;
  options?: ProtocolOptions;
}): Promise<StoredTokens> {
  const as = authorizationServer(params.authorizeUrl, params.tokenUrl);
  let rotated = false;
  try {
    const raw = await oauth.refreshTokenGrantRequest(
      as,
      { client_id: params.client.clientId },
      oauth.ClientSecretPost(params.client.clientSecret),
      params.refreshToken,
      requestOptions(params.tokenUrl, params.options),
    );
    const { response, body } = await readTokenAnswer(raw);
    const next = body?.refresh_token;
    if (response.ok && typeof next === 'string' && next !== '' && next !== params.refreshToken) {
      await params.onRotated(next);
      rotated = true;
    }
    const processed = await oauth.processRefreshTokenResponse(
      as,
      { client_id: params.client.clientId },
      response,
    );
    return toStoredTokens(processed, params.refreshToken);
  } catch (error) {
    // A failure to persist the rotated token is already ours and already explained.
    if (error instanceof OuraError) throw error;
    if (rotated) {
      // No `cause`: it would hold the answer's body, tokens included.
      throw new TokenEndpointError(
        `${safeUrl(params.tokenUrl)} renewed the login but sent no access token we can use (${reason(error)}). The new refresh token is saved.`,
        false,
        { hint: 'Run the command again: it will refresh with the saved token.' },
      );
    }
    const translated = translate(error, params.tokenUrl, 'refresh');
    if (translated instanceof InvalidGrantError) {
      throw new LoginRequiredError(translated.message, { cause: translated });
    }
    throw translated;
  }
}

/** Members of a token answer that may be absent; Oura sends some of them as `null`. */
const OPTIONAL_TOKEN_MEMBERS = ['refresh_token', 'scope', 'expires_in'] as const;

/**
 * Reads a token endpoint's answer once and hands oauth4webapi an equivalent
 * one in the shape it checks, so that what Oura really sends is accepted:
 * - `id_token` is dropped: Oura sends `"id_token": null`, which oauth4webapi
 *   rightly refuses ("id_token must be a string"); we ask for no OpenID scope
 *   and never read an ID token, so none is checked or kept;
 * - optional members sent as `null`, or as a value no one could use (an
 *   `expires_in` that is not a positive number), are dropped; a `scope` sent
 *   as a list is joined; a missing `token_type` means bearer.
 * What we rely on stays strict: an access token must be a string, and a
 * token type other than bearer is refused by oauth4webapi. Error answers and
 * bodies that are not JSON pass through for oauth4webapi to judge; a 401's
 * `WWW-Authenticate` challenge is dropped when the body names the OAuth
 * error, so an `invalid_client` is read as one (and can fall back to the next
 * token endpoint).
 */
async function readTokenAnswer(
  raw: Response,
): Promise<{ response: Response; body: Record<string, unknown> | undefined }> {
  const text = await raw.text();
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      body = parsed as Record<string, unknown>;
    }
  } catch {
    // Not JSON: oauth4webapi reports it.
  }
  let forwarded = text;
  const headers = new Headers(raw.headers);
  if (raw.ok && body) {
    normaliseTokenAnswer(body);
    forwarded = JSON.stringify(body);
  } else if (body && typeof body.error === 'string') {
    headers.delete('www-authenticate');
  }
  const response = new Response(forwarded, {
    status: raw.status,
    statusText: raw.statusText,
    headers,
  });
  return { response, body };
}

function normaliseTokenAnswer(body: Record<string, unknown>): void {
  delete body.id_token;
  for (const member of OPTIONAL_TOKEN_MEMBERS) if (body[member] === null) delete body[member];
  if (Array.isArray(body.scope) && body.scope.every((scope) => typeof scope === 'string')) {
    body.scope = body.scope.join(' ');
  }
  if (body.scope !== undefined && typeof body.scope !== 'string') delete body.scope;
  const expiresIn = Number(body.expires_in);
  if (body.expires_in !== undefined && !(Number.isFinite(expiresIn) && expiresIn > 0)) {
    delete body.expires_in;
  }
  body.token_type ??= 'bearer';
}

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

function authorizationServer(
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

function requestOptions(
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

function toStoredTokens(
  body: oauth.TokenEndpointResponse,
  previousRefreshToken: string | undefined,
): StoredTokens {
  const tokens: StoredTokens = { access_token: body.access_token };
  const refresh = body.refresh_token ?? previousRefreshToken;
  if (refresh) tokens.refresh_token = refresh;
  if (typeof body.expires_in === 'number' && Number.isFinite(body.expires_in)) {
    tokens.issued_at = nowMs();
    tokens.expires_at = tokens.issued_at + body.expires_in * 1000;
  }
  if (typeof body.scope === 'string') tokens.scope = body.scope;
  return tokens;
}

function isClientRejection(error: unknown): boolean {
  return error instanceof oauth.ResponseBodyError && error.error === 'invalid_client';
}

/** Maps oauth4webapi's and fetch's failures to our errors; never includes the response body. */
function translate(error: unknown, tokenUrl: string, grant: 'code' | 'refresh'): OuraError {
  const where = safeUrl(tokenUrl);
  if (error instanceof oauth.ResponseBodyError) {
    const described = error.error_description ? `: ${error.error_description}` : '';
    if (error.error === 'invalid_grant') {
      return new InvalidGrantError(
        grant === 'code'
          ? `The authorization code was rejected (invalid_grant${described}). Codes are single use and short-lived.`
          : `The stored login can no longer be refreshed (invalid_grant${described}).`,
        { cause: error, hint: 'Run `oura auth login`.' },
      );
    }
    if (error.error === 'invalid_client') {
      return new OuraError(
        'INVALID_CLIENT',
        `${where} rejected the client (invalid_client${described}).`,
        {
          cause: error,
          hint: 'Check the client ID and secret (`oura setup`), and the auth server: apps from the older portal need `--auth-server legacy`.',
        },
      );
    }
    return new TokenEndpointError(
      `${where} answered HTTP ${error.status} (${error.error}${described}).`,
      error.status >= 500,
      { cause: error },
    );
  }
  if (isUnusableAnswer(error)) {
    const status =
      error instanceof oauth.WWWAuthenticateChallengeError
        ? error.status
        : error.cause instanceof Response
          ? error.cause.status
          : undefined;
    // A 2xx we could not read may already have rotated the refresh token: a
    // retry would spend the old one again, so only a 5xx counts as transient.
    const transient = status !== undefined && status >= 500;
    // No `cause`: oauth4webapi keeps the answer's body there, tokens included.
    return new TokenEndpointError(
      `${where} gave an unusable answer${status ? ` (HTTP ${status})` : ''}: ${error.message}`,
      transient,
    );
  }
  // Retry only failures that happened before the request left (refused, no
  // route, no DNS): after that, the server may have acted on it.
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  const notSent = typeof code === 'string' && NOT_SENT.has(code);
  return new TokenEndpointError(`Could not reach ${where}: ${reason(error)}`, notSent, {
    cause: error,
    hint: 'Check the network connection and try again.',
  });
}

/** oauth4webapi's verdicts on an answer that arrived but cannot be used. */
function isUnusableAnswer(
  error: unknown,
): error is
  | oauth.OperationProcessingError
  | oauth.UnsupportedOperationError
  | oauth.WWWAuthenticateChallengeError {
  return (
    error instanceof oauth.OperationProcessingError ||
    error instanceof oauth.UnsupportedOperationError ||
    error instanceof oauth.WWWAuthenticateChallengeError
  );
}

const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function reason(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}

/** A URL as printable: origin and path, never a query that could carry a token. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
