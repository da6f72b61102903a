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
  // The web side's state: who people are, sessions, clients, sign-ins, invites, settings.
  `ALTER TABLE people
     ADD COLUMN email text,
     ADD COLUMN role text NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'member')),
     ADD COLUMN joined_at bigint NOT NULL DEFAULT extract(epoch FROM now())::bigint,
     ADD COLUMN last_sync_at bigint;
   CREATE TABLE sessions (
     id_hash text PRIMARY KEY,
     user_id text NOT NULL REFERENCES people(person) ON DELETE CASCADE,
     expires_at bigint NOT NULL
   );
   CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL);
   CREATE TABLE clients (
     client_id text PRIMARY KEY,
     info text NOT NULL,
     created_at bigint NOT NULL
   );
   CREATE INDEX clients_by_age ON clients(created_at);
   CREATE TABLE invites (
     code_hash text PRIMARY KEY,
     created_at bigint NOT NULL,
     expires_at bigint NOT NULL,
     used_by text REFERENCES people(person) ON DELETE SET NULL,
     used_at bigint
   );
   CREATE TABLE sign_ins (
     id text PRIMARY KEY,
     browser_hash text NOT NULL,
     client_id text NOT NULL,
     redirect_uri text NOT NULL,
     code_challenge text NOT NULL,
     client_state text,
     scopes text NOT NULL,
     resource text NOT NULL,
     purpose text NOT NULL DEFAULT 'mcp',
     oura_state_hash text UNIQUE,
     oura_verifier text,
     admission text,
     expires_at bigint NOT NULL
   )`,
  // Cohorts' audit log, append-only (serve/cohort-data/audit-log.ts): the database
  // refuses an update, a delete or a truncate, whatever code asks. No key to the
  // people: a participant's withdrawal deletes their data, never the record of who read it.
  `CREATE TABLE audit_log (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     at bigint NOT NULL,
     actor text NOT NULL,
     action text NOT NULL,
     participant text NOT NULL,
     cohort text NOT NULL,
     detail text
   );
   CREATE INDEX audit_by_cohort ON audit_log(cohort, id);
   CREATE INDEX audit_by_participant ON audit_log(participant, id);
   CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql
     AS $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
   CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
     FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,
  // Cohorts: enrollment links (hashed, one-time), participants (pseudonymous, kept after they withdraw).
  `CREATE TABLE cohorts (name text PRIMARY KEY, created_at bigint NOT NULL);
   CREATE TABLE enrollment_links (
     code_hash text PRIMARY KEY,
     cohort text NOT NULL REFERENCES cohorts(name),
     created_at bigint NOT NULL,
     expires_at bigint NOT NULL,
     used_at bigint
   );
   CREATE TABLE participants (
     id text PRIMARY KEY,
     cohort text NOT NULL REFERENCES cohorts(name),
     person text REFERENCES people(person) ON DELETE SET NULL,
     withdraw_hash text NOT NULL UNIQUE,
     joined_at bigint NOT NULL,
     consented_at bigint NOT NULL,
     withdrawn_at bigint
   );
   CREATE UNIQUE INDEX participants_once ON participants(cohort, person)`,
  // The keys each running process holds (`pg-process-keys.ts`); seen_at by the database's
  // clock, so machines whose clocks differ agree on who is live.
  `CREATE TABLE processes (
     id text PRIMARY KEY,
     role text NOT NULL,
     host text NOT NULL,
     pid integer NOT NULL,
     key_ids text[] NOT NULL,
     current_key text NOT NULL,
     seen_at timestamptz NOT NULL
   )`,
];

const migrated = new WeakMap<Pool, Map<string, Promise<void>>>();

/**
 * Creates or migrates the service's schema, once per pool (every store asks
 * as it opens); returns its quoted name for queries.
 */
export async function openServiceSchema(pool: Pool, schema = SERVICE_SCHEMA): Promise<string> {
  let schemas = migrated.get(pool);
  if (!schemas) {
    schemas = new Map();
    migrated.set(pool, schemas);
  }
  let done = schemas.get(schema);
  if (!done) {
    done = migrateVersioned(pool, schema, {
      lockName: `oura-service:${schema}`,
      migrations: MIGRATIONS,
      holds: "service's state",
    });
    // A failed attempt (the database was down) is tried again by the next caller.
    done.catch(() => schemas?.delete(schema));
    schemas.set(schema, done);
  }
  await done;
  return schemaIdentifier(schema);
}
