/**
 * The service's own tables in the shared PostgreSQL database (one schema,
 * `oura_service` unless told otherwise), beside one schema per person's
 * history. Versioned like SQLite's state: each entry takes the schema from
 * version i to i + 1, and one that has shipped is never edited. Times are
 * epoch seconds, as in the SQLite state, so both stores share their rules.
 */
import type { Pool } from 'pg';
import { migrateVersioned, schemaIdentifier } from '../../history/postgres/pg-open.js';

export const SERVICE_SCHEMA = 'oura_service';

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE people (
     person text PRIMARY KEY,
     oura_tokens text,
     oura_problem text,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE grants (
     id text PRIMARY KEY,
     client_id text NOT NULL,
     user_id text NOT NULL REFERENCES people(person) ON DELETE CASCADE,
     scopes text NOT NULL,
     resource text NOT NULL,
     created_at bigint NOT NULL,
     last_used_at bigint,
     revoked_at bigint
   );
   CREATE TABLE codes (
     code_hash text PRIMARY KEY,
     grant_id text NOT NULL REFERENCES grants(id) ON DELETE CASCADE,
     redirect_uri text NOT NULL,
     code_challenge text NOT NULL,
     expires_at bigint NOT NULL,
     used_at bigint
   );
   CREATE TABLE tokens (
     token_hash text PRIMARY KEY,
     grant_id text NOT NULL REFERENCES grants(id) ON DELETE CASCADE,
     kind text NOT NULL CHECK (kind IN ('access', 'refresh')),
     expires_at bigint NOT NULL,
     used_at bigint
   );
   CREATE INDEX tokens_by_grant ON tokens(grant_id);
   CREATE INDEX codes_by_grant ON codes(grant_id);
   CREATE INDEX grants_by_user ON grants(user_id)`,
];

/** Creates or migrates the service's schema; returns its quoted name for queries. */
export async function openServiceSchema(pool: Pool, schema = SERVICE_SCHEMA): Promise<string> {
  await migrateVersioned(pool, schema, {
    lockName: `oura-service:${schema}`,
    migrations: MIGRATIONS,
    holds: "service's state",
  });
  return schemaIdentifier(schema);
}
