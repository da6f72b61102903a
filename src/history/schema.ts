/**
 * The history's schema: the private tables sync writes, and the public views
 * (one per data type, named as the type) that `oura sql`, export and the MCP
 * tools read. Views expose the document as Oura sent it (`doc`, JSON text)
 * plus typed columns for the fields people ask about, so queries need no JSON
 * paths.
 *
 * The file must read in any SQLite people have (3.37 and later: Debian 12's
 * sqlite3, Python's module, macOS's, Datasette), not only the one this package
 * bundles. So documents are stored as JSON text, never SQLite's JSONB (3.45+),
 * and the typed columns are extracted once, when a document is written, into
 * columns of `documents` (f1, f2, …): the views of documents select and name
 * plain columns and call no JSON function at all.
 */
import { createHash } from 'node:crypto';
import { DATA_TYPES, type DataType } from '../oura/data-types.js';
import type { Db } from './connection.js';

/** SQLite column affinity of a view column, for `oura sql --schema` and Parquet. */
export type ColumnType = 'TEXT' | 'INTEGER' | 'REAL' | 'BOOLEAN';

export interface ViewColumn {
  name: string;
  type: ColumnType;
  /** JSON path inside `doc`; defaults to `$.name`. */
  path?: string;
}

const t = (name: string, path?: string): ViewColumn => ({
  name,
  type: 'TEXT',
  ...(path ? { path } : {}),
});
const i = (name: string, path?: string): ViewColumn => ({
  name,
  type: 'INTEGER',
  ...(path ? { path } : {}),
});
const r = (name: string, path?: string): ViewColumn => ({
  name,
  type: 'REAL',
  ...(path ? { path } : {}),
});
const b = (name: string): ViewColumn => ({ name, type: 'BOOLEAN' });

/** Typed columns of each view besides `id`, `day` and `doc` (heartrate is built separately). */
export const TYPED_COLUMNS: { readonly [T in DataType]: readonly ViewColumn[] } = {
  daily_activity: [
    i('score'),
    i('steps'),
    i('active_calories'),
    i('total_calories'),
    i('equivalent_walking_distance'),
    i('high_activity_time'),
    i('medium_activity_time'),
    i('low_activity_time'),
    i('sedentary_time'),
    i('resting_time'),
    i('non_wear_time'),
    r('average_met_minutes'),
    t('timestamp'),
  ],
  daily_cardiovascular_age: [i('vascular_age'), r('pulse_wave_velocity')],
  daily_readiness: [
    i('score'),
    r('temperature_deviation'),
    r('temperature_trend_deviation'),
    i('hrv_balance', '$.contributors.hrv_balance'),
    i('resting_heart_rate_contributor', '$.contributors.resting_heart_rate'),
    t('timestamp'),
  ],
  daily_resilience: [t('level')],
  daily_sleep: [
    i('score'),
    i('deep_sleep', '$.contributors.deep_sleep'),
    i('efficiency', '$.contributors.efficiency'),
    i('rem_sleep', '$.contributors.rem_sleep'),
    i('total_sleep', '$.contributors.total_sleep'),
    t('timestamp'),
  ],
  daily_spo2: [r('spo2_average', '$.spo2_percentage.average'), r('breathing_disturbance_index')],
  daily_stress: [i('stress_high'), i('recovery_high'), t('day_summary')],
  enhanced_tag: [
    t('tag_type_code'),
    t('start_time'),
    t('end_time'),
    t('start_day'),
    t('end_day'),
    t('comment'),
    t('custom_name'),
  ],
  heartrate: [],
  personal_info: [i('age'), r('weight'), r('height'), t('biological_sex'), t('email')],
  rest_mode_period: [t('start_day'), t('end_day'), t('start_time'), t('end_time')],
  ring_battery_level: [t('timestamp'), i('level'), b('charging'), b('in_charger')],
  ring_configuration: [
    t('color'),
    t('design'),
    t('firmware_version'),
    t('hardware_type'),
    t('set_up_at'),
    i('size'),
  ],
  session: [t('type'), t('start_datetime'), t('end_datetime'), t('mood')],
  sleep: [
    t('type'),
    t('bedtime_start'),
    t('bedtime_end'),
    i('total_sleep_duration'),
    i('time_in_bed'),
    i('deep_sleep_duration'),
    i('rem_sleep_duration'),
    i('light_sleep_duration'),
    i('awake_time'),
    i('latency'),
    i('efficiency'),
    r('average_heart_rate'),
    i('lowest_heart_rate'),
    r('average_hrv'),
    r('average_breath'),
  ],
  sleep_time: [t('status'), t('recommendation')],
  tag: [t('text'), t('timestamp'), t('tags')],
  vO2_max: [r('vo2_max'), t('timestamp')],
  workout: [
    t('activity'),
    t('intensity'),
    r('calories'),
    r('distance'),
    t('start_datetime'),
    t('end_datetime'),
    t('label'),
    t('source'),
  ],
};

/** Every type but heart rate is stored as documents. */
export type DocumentType = Exclude<DataType, 'heartrate'>;

export const DOCUMENT_TYPES = DATA_TYPES.filter(
  (type): type is DocumentType => type !== 'heartrate',
);

/** The columns of a view, in order, as `oura sql --schema` prints them. */
export function viewColumns(type: DataType): ViewColumn[] {
  if (type === 'heartrate') {
    return [t('id'), t('day'), t('timestamp'), i('bpm'), t('source'), t('doc')];
  }
  return [t('id'), t('day'), t('doc'), ...TYPED_COLUMNS[type]];
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The column of `documents` holding `type`'s typed column `name`: the n-th
 * typed column of every type is stored in `f<n>`. Columns by position, not by
 * name, keep the table narrow (15 columns, not the 77 names of all types): a
 * NULL still costs each row a byte, and most rows are ring battery levels.
 */
export function storedColumn(type: DocumentType, name: string): string {
  const index = TYPED_COLUMNS[type].findIndex((column) => column.name === name);
  if (index < 0) throw new Error(`${type} has no typed column ${name}`);
  return `f${index + 1}`;
}

/** The typed-column slots of `documents`, in table order: as many as the type with the most. */
export function storedColumns(): string[] {
  const most = Math.max(...DOCUMENT_TYPES.map((type) => TYPED_COLUMNS[type].length));
  return Array.from({ length: most }, (_, index) => `f${index + 1}`);
}

/**
 * `type`'s stored columns and the SQL that extracts each from the JSON in
 * `doc` (an SQL expression), with SQLite's json_extract: how the views read
 * the typed columns before they were stored, and how a file is laid out anew.
 */
export function storedFields(type: DocumentType, doc: string): { column: string; value: string }[] {
  return TYPED_COLUMNS[type].map((c) => ({
    column: quote(storedColumn(type, c.name)),
    value: `json_extract(${doc}, '${pathOf(c)}')`,
  }));
}

const pathOf = (column: ViewColumn) => column.path ?? `$.${column.name}`;

/**
 * `type`'s typed values from the parsed document, in column order, exactly as
 * json_extract reads them from its JSON text (`JSON.stringify(doc)`, which is
 * what is stored): the writer gets them without SQLite parsing the document
 * again. Strings as they are; integers as integers (BigInt binds them so),
 * other numbers as reals; true and false as 1 and 0; objects and arrays as
 * their JSON text; a missing field as null. The paths are plain `$.a.b`.
 * test/history-portable.test.ts holds them to json_extract, odd values too.
 */
export function storedValues(type: DocumentType, doc: unknown): unknown[] {
  let paths = keyPaths.get(type);
  if (!paths) {
    paths = TYPED_COLUMNS[type].map((column) => pathOf(column).slice(2).split('.'));
    keyPaths.set(type, paths);
  }
  return paths.map((keys) => {
    let value: unknown = doc;
    for (const key of keys) {
      value =
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? (value as Record<string, unknown>)[key]
          : undefined;
    }
    return sqlValue(value);
  });
}
const keyPaths = new Map<DocumentType, string[][]>();

function sqlValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return BigInt(value);
    if (!Number.isInteger(value) || Math.abs(value) >= 1e21) return value;
    // What JSON.stringify wrote is an integer literal of the shortest digits
    // (2^62 as 4611686018427388000): json_extract reads that literal, as
    // INTEGER while it fits 64 bits, else as REAL (the number itself).
    const literal = BigInt(JSON.stringify(value));
    return literal >= -(2n ** 63n) && literal < 2n ** 63n ? literal : value;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * A heart-rate sample's timestamp rendered from its epoch seconds in the
 * shape Oura sends; samples that do not match it keep their own text in `raw`.
 */
const HR_TIMESTAMP = `CASE WHEN shape = 2 THEN json_extract(raw, '$.timestamp') ELSE strftime('%Y-%m-%dT%H:%M:%S+00:00', ts, 'unixepoch') END`;

/** The `CREATE VIEW` statement of `type`'s view. */
export function viewSql(type: DataType): string {
  if (type === 'heartrate') {
    return `CREATE VIEW heartrate AS SELECT
  ${HR_TIMESTAMP} || '|' || source AS id,
  date(ts, 'unixepoch', 'localtime') AS day,
  ${HR_TIMESTAMP} AS timestamp,
  bpm,
  source,
  CASE shape
    WHEN 0 THEN json_object('timestamp', ${HR_TIMESTAMP}, 'timestamp_unix', ts, 'bpm', bpm, 'source', source)
    WHEN 1 THEN json_object('bpm', bpm, 'source', source, 'timestamp', ${HR_TIMESTAMP})
    ELSE raw
  END AS doc
FROM heartrate_samples`;
  }
  const typed = TYPED_COLUMNS[type].map(
    (column) => `, ${quote(storedColumn(type, column.name))} AS ${quote(column.name)}`,
  );
  return `CREATE VIEW ${quote(type)} AS SELECT id, day, doc${typed.join('')}
FROM documents WHERE type = '${type}'`;
}

/**
 * The documents table as this build lays it out. Documents are JSON text:
 * SQLite's JSONB (3.45+) would make the file unreadable to the SQLite of
 * Debian 12, Python or macOS ("malformed JSON").
 */
function documentsTableSql(name: string): string {
  return `CREATE TABLE ${name} (
  type TEXT NOT NULL,
  id TEXT NOT NULL,
  -- The local day the document belongs to (its day key), or null.
  day TEXT,
  -- Series samples only: the instant in epoch milliseconds, for window deletes.
  ts INTEGER,
  -- Position among the documents of its day as Oura listed them, so local reads keep Oura's order.
  ord INTEGER NOT NULL,
  -- sha256 of doc: a re-read that changed nothing writes nothing.
  hash TEXT NOT NULL,
  -- The document exactly as Oura sent it, JSON text.
  doc TEXT NOT NULL,
  -- The views' typed columns (storedFields), extracted from doc when it is written. No
  -- declared type: a value keeps the type json_extract gives it, as the views always had.
  ${storedColumns().map(quote).join(', ')},
  UNIQUE (type, id)
)`;
}

/**
 * What the views and the typed columns are made of in this build. A file
 * whose documents were laid out for another (meta `layout`) is rebuilt
 * on open for writing; see {@link layOutDocuments}.
 */
export function documentsLayout(): string {
  layout ??= createHash('sha256').update(layoutDefinition()).digest('base64url');
  return layout;
}
let layout: string | undefined;

function layoutDefinition(): string {
  return [
    documentsTableSql('documents'),
    ...DOCUMENT_TYPES.map((type) => JSON.stringify(storedFields(type, 'doc'))),
    ...DATA_TYPES.map(viewSql),
  ].join('\n');
}

/**
 * Rebuilds `documents` in this build's layout, in the caller's transaction:
 * each document as JSON text (converting any JSONB), its typed columns
 * extracted afresh, then the indexes and every view. The views and the typed
 * columns are derived from the code (TYPED_COLUMNS), so they are rebuilt
 * whenever it changes them, not by a migration of their own.
 */
export function layOutDocuments(db: Db): void {
  for (const type of DATA_TYPES) db.exec(`DROP VIEW IF EXISTS ${quote(type)}`);
  db.exec(documentsTableSql('documents_next'));
  const known = DOCUMENT_TYPES.map((type) => `'${type}'`).join(', ');
  const text = "CASE typeof(doc) WHEN 'blob' THEN json(doc) ELSE doc END";
  for (const type of DOCUMENT_TYPES) {
    // On the stored document, JSONB or text: json_extract reads both.
    const fields = storedFields(type, 'doc');
    db.prepare(
      `INSERT INTO documents_next (type, id, day, ts, ord, hash, doc${fields.map((f) => `, ${f.column}`).join('')})
      SELECT type, id, day, ts, ord, hash, ${text}${fields.map((f) => `, ${f.value}`).join('')}
      FROM documents WHERE type = ?`,
    ).run(type);
  }
  // Types this build does not know (written by a newer one) keep their documents.
  db.exec(`INSERT INTO documents_next (type, id, day, ts, ord, hash, doc)
    SELECT type, id, day, ts, ord, hash, ${text} FROM documents WHERE type NOT IN (${known});
DROP TABLE documents;`);
  // Views someone made in the file (sqlite3, Datasette) may read `documents`: the rename
  // must neither check nor rewrite them (SQLite's 12-step ALTER TABLE procedure), so they
  // read the new table once it has the name.
  db.pragma('legacy_alter_table = ON');
  try {
    db.exec('ALTER TABLE documents_next RENAME TO documents');
  } finally {
    db.pragma('legacy_alter_table = OFF');
  }
  db.exec(`CREATE INDEX documents_type_day ON documents (type, day, ord);
CREATE INDEX documents_type_ts ON documents (type, ts) WHERE ts IS NOT NULL;
${DATA_TYPES.map((type) => `${viewSql(type)};`).join('\n')}`);
  db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('layout', ?)").run(
    documentsLayout(),
  );
}

/** The layout the file's documents and views were built for, if any. */
export function storedLayout(db: Db): string | undefined {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'layout'").get() as
    | { value: string }
    | undefined;
  return row?.value;
}

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
