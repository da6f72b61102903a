/**
 * A person's history in PostgreSQL: one schema per person, holding the same
 * tables as the SQLite file (documents, heart-rate samples, sync state, meta,
 * webhook events) and the same public views, one per data type, named as
 * the type. Documents are `json`, which keeps the text exactly as Oura sent
 * it (key order and all); the views read the typed columns out of it.
 * Text columns compare bytewise (COLLATE "C"), as SQLite's do, so days,
 * ids and sources sort the same in both stores.
 */
import { createHash } from 'node:crypto';
import { DATA_TYPES, type DataType } from '../../oura/data-types.js';
import { quote, TYPED_COLUMNS, type ViewColumn } from '../schema.js';

/** A schema name this store accepts: a plain lower-case identifier, never quoted input. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Each entry brings a schema from version i to i + 1; never edit one that has shipped. */
export const PG_MIGRATIONS: readonly string[] = [
  `CREATE TABLE documents (
  type text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  day text COLLATE "C",
  ts bigint,
  ord integer NOT NULL,
  hash text NOT NULL,
  doc json NOT NULL,
  PRIMARY KEY (type, id)
);
CREATE INDEX documents_type_day ON documents (type, day, ord);
CREATE INDEX documents_type_ts ON documents (type, ts) WHERE ts IS NOT NULL;
CREATE TABLE heartrate_samples (
  ts bigint NOT NULL,
  source text COLLATE "C" NOT NULL,
  bpm integer NOT NULL,
  shape smallint NOT NULL,
  raw text,
  PRIMARY KEY (ts, source)
);
CREATE TABLE sync_state (
  type text COLLATE "C" PRIMARY KEY,
  start_day text COLLATE "C",
  through_day text COLLATE "C",
  synced_at text
);
CREATE TABLE meta (key text COLLATE "C" PRIMARY KEY, value text NOT NULL);
CREATE TABLE webhook_events (
  key text PRIMARY KEY,
  event_type text NOT NULL,
  data_type text NOT NULL,
  object_id text COLLATE "C" NOT NULL,
  event_time text,
  received_at bigint NOT NULL,
  done_at bigint,
  attempts integer NOT NULL DEFAULT 0,
  next_at bigint NOT NULL,
  last_error text
);
CREATE INDEX webhook_events_due ON webhook_events (next_at) WHERE done_at IS NULL;`,
];

/** A JSON path of a typed column as PostgreSQL's text array (`{contributors,deep_sleep}`). */
const pathOf = (column: ViewColumn) =>
  `'{${(column.path ?? `$.${column.name}`).slice(2).split('.').join(',')}}'`;

/**
 * A typed column read out of `doc` with the value SQLite's view gives: text
 * as text, numbers as numbers, booleans as 1 and 0, anything else null.
 */
function typedValue(column: ViewColumn): string {
  const path = pathOf(column);
  switch (column.type) {
    case 'TEXT':
      return `doc #>> ${path}`;
    case 'BOOLEAN':
      return `CASE json_typeof(doc #> ${path}) WHEN 'boolean' THEN (doc #>> ${path})::boolean::integer END`;
    default:
      return `CASE json_typeof(doc #> ${path}) WHEN 'number' THEN (doc #>> ${path})::float8 END`;
  }
}

/** A heart-rate sample's timestamp as Oura writes it (see `utcTimestamp`), or its own text. */
const HR_TIMESTAMP = `CASE WHEN shape = 2 THEN raw::json ->> 'timestamp' ELSE to_char(to_timestamp(ts) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"') END`;

/** The `CREATE VIEW` statement of `type`'s view. */
export function pgViewSql(type: DataType): string {
  if (type === 'heartrate') {
    // day: local to the session's TimeZone, which the store sets to the process's zone.
    return `CREATE VIEW heartrate AS SELECT
  ${HR_TIMESTAMP} || '|' || source AS id,
  to_char(to_timestamp(ts), 'YYYY-MM-DD') AS day,
  ${HR_TIMESTAMP} AS timestamp,
  bpm,
  source,
  CASE shape
    WHEN 0 THEN json_build_object('timestamp', ${HR_TIMESTAMP}, 'timestamp_unix', ts, 'bpm', bpm, 'source', source)::text
    WHEN 1 THEN json_build_object('bpm', bpm, 'source', source, 'timestamp', ${HR_TIMESTAMP})::text
    ELSE raw
  END AS doc
FROM heartrate_samples`;
  }
  const typed = TYPED_COLUMNS[type].map(
    (column) => `, ${typedValue(column)} AS ${quote(column.name)}`,
  );
  return `CREATE VIEW ${quote(type)} AS SELECT id, day, doc::text AS doc${typed.join('')}
FROM documents WHERE type = '${type}'`;
}

/** The views as this build defines them; a schema laid out for another is given them anew. */
export function pgViewsSql(): string {
  return DATA_TYPES.map((type) => `DROP VIEW IF EXISTS ${quote(type)};\n${pgViewSql(type)};`).join(
    '\n',
  );
}

/** What the views are made of in this build (meta `layout`). */
export const pgLayout = (): string => createHash('sha256').update(pgViewsSql()).digest('base64url');
