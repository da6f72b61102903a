/**
 * The shape a URL `client_id` must have before anything is fetched from it,
 * per the Client ID Metadata Document draft §3: https, a path, no dot
 * segments, no fragment, no user name or password.
 *
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-client-id-metadata-document#section-3
 */
import { ClientMetadataError } from './client-metadata-error.js';

/** Longer URLs are refused unread: a real client's identifier is short, and it is echoed in logs and pages. */
export const MAX_CLIENT_ID_URL_LENGTH = 1024;

/**
 * Parses a URL `client_id`, or throws {@link ClientMetadataError} saying
 * which rule it broke. The string must already be in the URL parser's
 * canonical form: the document's `client_id` is compared with it as a plain
 * string (draft §4), and a non-canonical spelling (dot segments, upper-case
 * host, `:443`) would be fetched from one URL while naming another.
 */
export function parseClientIdUrl(clientId: string): URL {
  if (clientId.length > MAX_CLIENT_ID_URL_LENGTH) {
    throw new ClientMetadataError(
      `The client_id URL is longer than ${MAX_CLIENT_ID_URL_LENGTH} characters.`,
    );
  }
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    throw new ClientMetadataError('The client_id is not a valid URL.');
  }
  // Messages name the origin only: the path and query may carry anything.
  const origin = url.origin;
  if (url.protocol !== 'https:') {
    throw new ClientMetadataError(`The client_id URL must use https (got ${url.protocol}).`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ClientMetadataError(
      `The client_id URL on ${origin} must not carry a user name or password.`,
    );
  }
  if (clientId.includes('#')) {
    throw new ClientMetadataError(`The client_id URL on ${origin} must not have a fragment.`);
  }
  if (url.pathname === '/') {
    throw new ClientMetadataError(`The client_id URL on ${origin} must have a path.`);
  }
  if (url.href !== clientId) {
    throw new ClientMetadataError(
      `The client_id URL on ${origin} is not in canonical form (dot segments, letter case, a default port or unescaped characters).`,
    );
  }
  return url;
}
