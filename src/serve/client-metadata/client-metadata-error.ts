import { OuraError } from '../../errors.js';

/**
 * A client's URL `client_id` was refused: the URL itself, the fetch of its
 * metadata document, or the document. The message names the URL's origin and
 * what was wrong, never the document's body, so the server can hand it to the
 * client as the `error_description` of an `invalid_client` answer.
 *
 * @see https://datatracker.ietf.org/doc/draft-ietf-oauth-client-id-metadata-document/
 */
export class ClientMetadataError extends OuraError {
  override readonly name = 'ClientMetadataError';
  /** The OAuth error the authorization server answers with (RFC 6749 §5.2). */
  readonly oauthError = 'invalid_client';

  constructor(message: string, options: { cause?: unknown } = {}) {
    super('CLIENT_METADATA_REFUSED', message, options);
  }
}
