/**
 * The documents table and the views as this build lays them out, derived
 * from the typed columns (`schema.ts`): when the code changes them, a file
 * is laid out anew on its next open for writing.
 */
import { createHash } from 'node:crypto';
import { DATA_TYPES, type DataType } from '../oura/data-types.js';
import type { Db } from './connection.js';
import {
  DOCUMENT_TYPES,
  quote,
  storedColumn,
  storedColumns,
  storedFields,
  TYPED_COLUMNS,
} from './schema.js';
import { prepared } from './statements.js';

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
  const row = prepared(db, "SELECT value FROM meta WHERE key = 'layout'").get() as
    | { value: string }
    | undefined;
  return row?.value;
}
