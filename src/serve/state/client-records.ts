/**
 * Where registered MCP clients are kept (the rules for them are in
 * `client-store.ts`): the SQLite state, or the shared PostgreSQL database
 * (`state-pg/pg-client-records.ts`).
 */
import { prepared } from '../../history/statements.js';
import type { StateDb } from './state-db.js';

export interface ClientRecords {
  /** The registration's JSON, or undefined. */
  find(clientId: string): Promise<string | undefined>;
  /**
   * Keeps a registration, then trims the store to `keepAtMost`: the oldest
   * registrations no grant uses go first.
   */
  add(clientId: string, info: string, createdAt: number, keepAtMost: number): Promise<void>;
}

export function sqliteClientRecords(db: StateDb): ClientRecords {
  return {
    async find(clientId) {
      const row = prepared(db, 'SELECT info FROM clients WHERE client_id = ?').get(clientId) as
        | { info: string }
        | undefined;
      return row?.info;
    },
    async add(clientId, info, createdAt, keepAtMost) {
      db.transaction(() => {
        prepared(db, 'INSERT INTO clients (client_id, info, created_at) VALUES (?, ?, ?)').run(
          clientId,
          info,
          createdAt,
        );
        prepared(
          db,
          `DELETE FROM clients WHERE client_id IN (
             SELECT c.client_id FROM clients c
             WHERE NOT EXISTS (SELECT 1 FROM grants g WHERE g.client_id = c.client_id)
             ORDER BY c.created_at LIMIT max(0, (SELECT count(*) FROM clients) - ?))`,
        ).run(keepAtMost);
      })();
    },
  };
}
