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
import type { StateDb } from './state-db.js';

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
    private readonly db: StateDb,
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
    const row = this.db.prepare('SELECT info FROM clients WHERE client_id = ?').get(clientId) as
      | { info: string }
      | undefined;
    return row ? (JSON.parse(row.info) as OAuthClientInformationFull) : undefined;
  }

  registerClient(
    client: Omit<OAuthClientInformationFull, 'client_id' | 'client_id_issued_at'>,
  ): OAuthClientInformationFull {
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
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO clients (client_id, info, created_at) VALUES (?, ?, ?)')
        .run(full.client_id, JSON.stringify(full), issuedAt);
      // A registration flood past the rate limit still cannot grow the file without end.
      this.db
        .prepare(
          `DELETE FROM clients WHERE client_id IN (
             SELECT c.client_id FROM clients c
             WHERE NOT EXISTS (SELECT 1 FROM grants g WHERE g.client_id = c.client_id)
             ORDER BY c.created_at LIMIT max(0, (SELECT count(*) FROM clients) - ?))`,
        )
        .run(MAX_CLIENTS);
    })();
    return full;
  }
}
