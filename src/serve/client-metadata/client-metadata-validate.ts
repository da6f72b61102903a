/**
 * The checks on a fetched client metadata document (draft §4 and §4.1), before
 * the server trusts a word of it: it names itself with the URL it was fetched
 * from, holds no shared secret, authenticates as a public client, and lists
 * where codes may be sent.
 *
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-client-id-metadata-document#section-4
 */
import {
  type OAuthClientInformationFull,
  OAuthClientInformationFullSchema,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { isLoopbackHttpUrl } from '../../secure-url.js';
import { ClientMetadataError } from './client-metadata-error.js';

/** What the server learns from a client's metadata document, in the MCP SDK's shape. */
export type ClientMetadata = OAuthClientInformationFull;

const SHARED_SECRET_METHODS = new Set([
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
]);
const SCRIPT_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:']);

/**
 * Why a redirect URI is unusable, or undefined when it is fine: the same rule
 * for a fetched document and a dynamic registration (RFC 6749 §3.1.2, OAuth 2.1
 * §2.3.1; MCP authorization: redirect URIs are localhost or https).
 *
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#communication-security
 */
export function redirectUriProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || !URL.canParse(value)) return 'is not an absolute URL';
  const url = new URL(value);
  if (value.includes('#')) return 'has a fragment';
  if (SCRIPT_SCHEMES.has(url.protocol)) return `uses the ${url.protocol} scheme`;
  if (url.protocol === 'http:' && !isLoopbackHttpUrl(url)) {
    return 'uses plain http to a host other than localhost, 127.0.0.1 or [::1]';
  }
  return undefined;
}

/**
 * Checks a parsed document fetched from `clientIdUrl` and returns the client
 * it describes, or throws {@link ClientMetadataError} naming the first rule it
 * broke. An absent `token_endpoint_auth_method` comes back as `none`: RFC 7591
 * would read it as `client_secret_basic`, but a document cannot carry a secret,
 * so the client is public.
 */
export function validateClientMetadataDocument(
  document: unknown,
  clientIdUrl: URL,
): ClientMetadata {
  const where = `The client metadata document at ${clientIdUrl.origin}`;
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new ClientMetadataError(`${where} is not a JSON object.`);
  }
  const fields = document as Record<string, unknown>;
  if (fields.client_id !== clientIdUrl.href) {
    throw new ClientMetadataError(
      `${where} names another client_id than the URL it was fetched from (they must be equal, character for character).`,
    );
  }
  if ('client_secret' in fields || 'client_secret_expires_at' in fields) {
    throw new ClientMetadataError(
      `${where} holds a client_secret, which a public document must not.`,
    );
  }
  const method = fields.token_endpoint_auth_method;
  if (method === 'private_key_jwt') {
    throw new ClientMetadataError(
      `${where} asks for private_key_jwt client authentication, which this server does not support; use "none" (a public client with PKCE).`,
    );
  }
  if (typeof method === 'string' && SHARED_SECRET_METHODS.has(method)) {
    throw new ClientMetadataError(
      `${where} asks for ${method}, a shared-secret method a document cannot use.`,
    );
  }
  if (method !== undefined && method !== 'none') {
    throw new ClientMetadataError(
      `${where} has an unsupported token_endpoint_auth_method (only "none" is).`,
    );
  }
  const redirectUris = fields.redirect_uris;
  if (!Array.isArray(redirectUris) || redirectUris.length === 0) {
    throw new ClientMetadataError(`${where} has no redirect_uris (a non-empty array of URLs).`);
  }
  for (const [index, uri] of redirectUris.entries()) {
    const problem = redirectUriProblem(uri);
    if (problem) throw new ClientMetadataError(`${where}: redirect_uris[${index}] ${problem}.`);
  }
  const parsed = OAuthClientInformationFullSchema.safeParse(fields);
  if (!parsed.success) {
    // The path and the rule only: the values are the client's text, not ours to echo.
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') || 'the document';
    throw new ClientMetadataError(
      `${where} is not valid client metadata: ${path}: ${issue?.message}.`,
    );
  }
  // `issuer` is the SDK's own bookkeeping for stored registrations, not something a client may claim.
  const { issuer: _issuer, ...client } = parsed.data;
  return { ...client, client_id: clientIdUrl.href, token_endpoint_auth_method: 'none' };
}
