/**
 * Fetching and checking an OAuth Client ID Metadata Document: an MCP client
 * may use an https URL as its `client_id`, and the authorization server reads
 * the client's name and redirect URIs from the JSON document at that URL.
 * The URL is the client's choice, so the fetch follows the SSRF rules of
 * public-https-get.ts.
 *
 * @see https://datatracker.ietf.org/doc/draft-ietf-oauth-client-id-metadata-document/
 * @see https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#client-id-metadata-documents
 */
import { parseClientIdUrl } from './client-id-url.js';
import { ClientMetadataError } from './client-metadata-error.js';
import { type ClientMetadata, validateClientMetadataDocument } from './client-metadata-validate.js';
import { type PublicHttpsGetOptions, publicHttpsGet } from './public-https-get.js';

export type { ClientMetadata } from './client-metadata-validate.js';
export type { PublicHttpsGetOptions as ClientMetadataFetchOptions } from './public-https-get.js';

/** A checked client, with the answer's `cache-control` for whoever keeps it. */
export interface FetchedClientMetadata {
  metadata: ClientMetadata;
  cacheControl: string | undefined;
}

/**
 * {@link fetchClientMetadataDocument}, also handing back the answer's
 * `cache-control` header (the cache in client-metadata-cache.ts reads it).
 */
export async function fetchClientMetadataWithCaching(
  clientIdUrl: string,
  options: PublicHttpsGetOptions = {},
): Promise<FetchedClientMetadata> {
  const url = parseClientIdUrl(clientIdUrl);
  const { body, headers } = await publicHttpsGet(url, options);
  let document: unknown;
  try {
    document = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (error) {
    throw new ClientMetadataError(
      `The client metadata document at ${url.origin} is not valid JSON.`,
      {
        cause: error,
      },
    );
  }
  const cacheControl = headers['cache-control'];
  return { metadata: validateClientMetadataDocument(document, url), cacheControl };
}

/**
 * Fetches the metadata document a URL `client_id` points to and returns the
 * client it describes (`client_id` is the URL), or throws
 * {@link ClientMetadataError} (for an `invalid_client` answer) saying what was
 * wrong. The URL must be https with a path and no fragment or credentials; its
 * host must resolve to public addresses only; the answer must be a 200 with a
 * JSON document within the size cap and the deadline; redirects are refused.
 */
export async function fetchClientMetadataDocument(
  clientIdUrl: string,
  options: PublicHttpsGetOptions = {},
): Promise<ClientMetadata> {
  return (await fetchClientMetadataWithCaching(clientIdUrl, options)).metadata;
}
