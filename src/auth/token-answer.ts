/**
 * Reading a token endpoint's answer: what Oura really sends made acceptable
 * to oauth4webapi, and the processed answer turned into our stored tokens.
 */
import type * as oauth from 'oauth4webapi';
import { nowMs } from '../clock.js';
import type { StoredTokens } from './tokens.js';

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
export async function readTokenAnswer(
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

/** The tokens we keep from a processed answer; a refresh that sends no new refresh token keeps the old one. */
export function toStoredTokens(
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
