/** The history's versioned migrations: what a file of an older version needs to become this one. */
import type { Db } from './connection.js';
import { layOutDocuments } from './layout.js';

/** A migration: SQL, or a function of the open file for what SQL alone cannot say. */
export type Migration = string | ((db: Db) => void);

/**
 * Migrations, applied in order inside one transaction; `user_version` records
 * how many ran. Append only: a released migration never changes what it does
 * to the tables. The views are not theirs: they follow the code (see
 * {@link layOutDocuments}), and the first migration no longer creates them.
 */
export const MIGRATIONS: readonly Migration[] = [
  // Its documents table is rebuilt by the third (documentsTableSql is the layout since).
  `CREATE TABLE documents (
  type TEXT NOT NULL,
  id TEXT NOT NULL,
  -- The local day the document belongs to (its day key), or null.
  day TEXT,
  -- Series samples only: the instant in epoch milliseconds, for window deletes.
  ts INTEGER,
  -- Position among the documents of its day as Oura listed them, so local reads keep Oura's order.
  ord INTEGER NOT NULL,
  -- sha256 of the document's JSON text: a re-read that changed nothing writes nothing.
  hash TEXT NOT NULL,
  -- The document in SQLite's binary JSON (JSONB): fields are read without parsing it
  -- (a year of check-in fields 4x faster), and json(doc) gives back the exact text.
  doc BLOB NOT NULL,
  UNIQUE (type, id)
);
CREATE INDEX documents_type_day ON documents (type, day, ord);
CREATE INDEX documents_type_ts ON documents (type, ts) WHERE ts IS NOT NULL;
-- Heart rate is by far the largest series (288 samples a day): one compact row per sample.
CREATE TABLE heartrate_samples (
  ts INTEGER NOT NULL,
  source TEXT NOT NULL,
  bpm INTEGER NOT NULL,
  -- 0: {timestamp, timestamp_unix, bpm, source}; 1: {bpm, source, timestamp}; 2: as sent, in raw.
  shape INTEGER NOT NULL,
  raw TEXT,
  PRIMARY KEY (ts, source)
) WITHOUT ROWID;
CREATE TABLE sync_state (
  type TEXT PRIMARY KEY,
  -- First day this history covers for the type.
  start_day TEXT,
  -- Last day whose window is committed; windows commit in day order.
  through_day TEXT,
  -- When the last run that reached today finished (ISO 8601).
  synced_at TEXT
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  // Webhook events accepted by `oura webhook listen`, written before the
  // delivery is acknowledged so none is lost (src/webhook/queue.ts).
  `CREATE TABLE webhook_events (
  -- sha256 of the event's fields: Oura's redelivery of the same event has the same key.
  key TEXT PRIMARY KEY,
  event_type TEXT NOT NULL,
  -- The REST name of the data type (vO2_max, not the webhook's vo2_max).
  data_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  event_time TEXT,
  received_at INTEGER NOT NULL,
  -- Epoch ms when applied; applied rows stay a while to recognise redeliveries.
  done_at INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL,
  last_error TEXT
);
CREATE INDEX webhook_events_due ON webhook_events (next_at) WHERE done_at IS NULL;
CREATE INDEX webhook_events_done ON webhook_events (done_at) WHERE done_at IS NOT NULL;`,
  // Documents as JSON text instead of JSONB, which SQLite before 3.45 cannot
  // read, and the views' typed columns stored instead of read from JSON.
  layOutDocuments,
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;
