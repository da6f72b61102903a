/**
 * The MCP clients this server knows: those registered dynamically (RFC 7591)
 * and kept in the state file, and, when a client ID is an https URL, its
 * client ID metadata document fetched on demand (MCP authorization,
 * 2025-11-25). Registration is open by design (an assistant registers itself
 * before its user signs in); what a registered client may reach is decided at
 * sign-in, by the person.
 */
import { randomUUID } from 'node:crypto';
import type { OAuthRegisteredClientsStore } from '@modelcontextprotocol/sdk/server/auth/clients.js';
import { InvalidClientError, OAuthError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { OAuthClientInformationFull } from '@modelcontextprotocol/sdk/shared/auth.js';
import { ClientMetadataError } from '../client-metadata/client-metadata-error.js';
import { redirectUriProblem } from '../client-metadata/client-metadata-validate.js';
import type { ClientRecords } from './client-records.js';

/** Fetches a client ID metadata document; undefined when none is configured. */
export type MetadataDocumentFetch = (url: string) => Promise<OAuthClientInformationFull>;

/** RFC 7591 §3.2.2: a registration whose redirect URIs this server will not send codes to. */
export class InvalidRedirectUriError extends OAuthError {
  static override errorCode = 'invalid_redirect_uri';
}

/** Registrations kept at most; beyond it the oldest never used goes first. */
const MAX_CLIENTS = 10_000;

export class ClientStore implements OAuthRegisteredClientsStore {
  constructor(
    private readonly records: ClientRecords,
    private readonly now: () => number,
    private readonly fetchMetadataDocument?: MetadataDocumentFetch,
  ) {}

  async getClient(clientId: string): Promise<OAuthClientInformationFull | undefined> {
    if (this.fetchMetadataDocument && clientId.startsWith('https://')) {
      try {
        return await this.fetchMetadataDocument(clientId);
      } catch (error) {
        // The reason names the document's origin and what was wrong with it, never its body.
        if (error instanceof ClientMetadataError) throw new InvalidClientError(error.message);
        throw error;
      }
    }
    const info = await this.records.find(clientId);
    return info ? (JSON.parse(info) as OAuthClientInformationFull) : undefined;
  }

  async registerClient(
    client: Omit<OAuthClientInformationFull, 'client_id' | 'client_id_issued_at'>,
  ): Promise<OAuthClientInformationFull> {
    // The SDK refuses script schemes only; a code sent over plain http to another host travels in clear (RFC 7591 §3.2.2).
    client.redirect_uris.forEach((uri, index) => {
      const problem = redirectUriProblem(uri);
      if (problem) throw new InvalidRedirectUriError(`redirect_uris[${index}] ${problem}.`);
    });
    const issuedAt = Math.floor(this.now() / 1000);
    const full: OAuthClientInformationFull = {
      ...client,
      client_id: randomUUID(),
      client_id_issued_at: issuedAt,
    };
    // A registration flood past the rate limit still cannot grow the store without end.
    await this.records.add(full.client_id, JSON.stringify(full), issuedAt, MAX_CLIENTS);
    return full;
  }
}
