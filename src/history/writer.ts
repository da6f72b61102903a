/**
 * Writing one window of documents: in a single transaction, insert what is
 * new, update what changed (by content hash), delete what Oura no longer
 * lists inside the window, and advance the type's sync state. A window is all
 * or nothing, so a killed sync leaves the history as of its last commit.
 */
import type { Statement } from 'better-sqlite3';
import type { DataType } from '../oura/data-types.js';
import { SAMPLE_SOURCES } from '../series/heart-rate-page.js';
import type { Db } from './database.js';
import type { RefusedDocument } from './document-check.js';
import type { SampleRow } from './heartrate-codec.js';
import { isUsualSample, rowAt, type SampleColumns } from './sample-columns.js';
import { type DocumentType, storedFields, storedValues } from './schema.js';
import { prepared } from './statements.js';
import {
  type Counts,
  changeOf,
  type DocumentRow,
  planDocuments,
  planSamples,
  type StoredDocument,
  sampleKey,
  type WindowSpan,
  zeroCounts,
} from './window-plan.js';

export type { DocumentType } from './schema.js';
export type { Counts, DocumentRow, WindowSpan } from './window-plan.js';
export { hashOf, zeroCounts } from './window-plan.js';

/** What a window changed, and the documents it refused (only present when there are some). */
export interface WindowCounts extends Counts {
  refused?: RefusedDocument[];
}

/** One window of a type: its documents, or for heart rate its samples. */
export type WindowWrite =
  | {
      type: 'heartrate';
      span: WindowSpan;
      /** The samples, encoded (see `encodeSample`), in columns. */
      samples: SampleColumns;
    }
  | {
      type: DocumentType;
      span: WindowSpan;
      /** The documents as listed (each passes `checkDocument` before it is written). */
      docs: readonly unknown[];
      /** When the listing of this window began (epoch ms); see {@link touchedByWebhooks}. */
      listedFrom: number;
    };

/** Applies one window and the sync state in one transaction; returns what changed. */
export function writeWindow(db: Db, write: WindowWrite, state: StateAdvance): WindowCounts {
  const run = db.transaction(() => {
    const counts = write.type === 'heartrate' ? writeSamples(db, write) : writeDocuments(db, write);
    advance(db, write.type, state);
    return counts;
  });
  // IMMEDIATE: take the write lock up front, so two writers queue on the busy timeout instead of deadlocking.
  return run.immediate();
}

/** Sets a `meta` row (first_day, synced_at, checked_at): the one writer writes these too. */
export function writeMeta(db: Db, key: string, value: string): void {
  prepared(db, 'INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value);
}

/** Records when a run brought `type` up to today. */
export function markSynced(db: Db, type: DataType, at: string): void {
  prepared(db, 'UPDATE sync_state SET synced_at = ? WHERE type = ?').run(at, type);
}

/** The sync state a window moves forward: the first day covered and the last day committed. */
export interface StateAdvance {
  start: string;
  through: string;
}

function advance(db: Db, type: DataType, state: StateAdvance): void {
  prepared(
    db,
    `INSERT INTO sync_state (type, start_day, through_day) VALUES (?, ?, ?)
     ON CONFLICT (type) DO UPDATE SET
       start_day = min(coalesce(start_day, excluded.start_day), excluded.start_day),
       through_day = max(coalesce(through_day, ''), excluded.through_day)`,
  ).run(type, state.start, state.through);
}

function writeDocuments(db: Db, write: WindowWrite & { type: DocumentType }): WindowCounts {
  const { type, span } = write;
  const stored = new Map<string, StoredDocument>();
  const select =
    span.kind === 'days'
      ? prepared(db, 'SELECT id, hash, ord FROM documents WHERE type = ? AND day BETWEEN ? AND ?')
      : span.kind === 'instants'
        ? prepared(db, 'SELECT id, hash, ord FROM documents WHERE type = ? AND ts >= ? AND ts < ?')
        : prepared(db, 'SELECT id, hash, ord FROM documents WHERE type = ?');
  const params =
    span.kind === 'days'
      ? [type, span.start, span.end]
      : span.kind === 'instants'
        ? [type, span.fromMs, span.toMs]
        : [type];
  for (const row of select.all(...params) as { id: string; hash: string; ord: number }[]) {
    stored.set(row.id, { hash: row.hash, ord: row.ord });
  }
  const plan = planDocuments(
    type,
    span,
    write.docs,
    stored,
    touchedByWebhooks(db, type, write.listedFrom),
  );
  const lookup = prepared(db, 'SELECT hash, ord FROM documents WHERE type = ? AND id = ?');
  const { insert, update } = documentWrites(db, type, { orIgnore: true });
  const reorder = prepared(db, 'UPDATE documents SET ord = ? WHERE type = ? AND id = ?');
  const remove = prepared(db, 'DELETE FROM documents WHERE type = ? AND id = ?');
  const counts: WindowCounts = zeroCounts();
  for (const { row, before } of plan.rows) {
    let known = before;
    if (!known) {
      if (insert(row)) {
        counts.inserted++;
        continue;
      }
      known = lookup.get(type, row.id) as StoredDocument;
    }
    const change = changeOf(known, row);
    if (change === 'update') {
      update(row);
      counts.updated++;
    } else if (change === 'reorder') {
      reorder.run(row.ord, type, row.id);
    }
  }
  for (const id of plan.gone) {
    remove.run(type, id);
    counts.deleted++;
  }
  if (plan.refused.length > 0) counts.refused = plan.refused;
  return counts;
}

export interface DocumentWrites {
  /** Inserts the row; false when it was there already (with `orIgnore`). */
  insert(row: DocumentRow): boolean;
  /** Rewrites the row of the same type and id; `ts` and `ord` stay as they are with `keepOrd`. */
  update(row: Omit<DocumentRow, 'ts' | 'ord'> & Partial<DocumentRow>): void;
}

/**
 * Prepared once per connection: a statement lives until the garbage collector
 * finds it, and a two-year backfill has ~1000 windows.
 */
const writesByConnection = new WeakMap<Db, Map<string, DocumentWrites>>();

/**
 * Writing `type`'s documents (sync's windows and the webhook worker alike):
 * the JSON text, and the typed columns the views select (see `storedValues`).
 */
export function documentWrites(
  db: Db,
  type: DocumentType,
  options: { orIgnore?: boolean; keepOrd?: boolean } = {},
): DocumentWrites {
  const key = `${type} ${options.orIgnore === true} ${options.keepOrd === true}`;
  const statements = writesByConnection.get(db) ?? new Map<string, DocumentWrites>();
  writesByConnection.set(db, statements);
  const known = statements.get(key);
  if (known) return known;
  const columns = storedFields(type, 'doc').map((f) => f.column);
  // OR IGNORE: a document new to a window may exist under another day (it moved); then it is compared.
  const insert = db.prepare(
    `INSERT ${options.orIgnore ? 'OR IGNORE ' : ''}INTO documents (type, id, day, ts, ord, hash, doc${columns.map((c) => `, ${c}`).join('')})
    VALUES (?, ?, ?, ?, ?, ?, ?${', ?'.repeat(columns.length)})`,
  );
  const moved = options.keepOrd ? '' : 'ts = ?, ord = ?, ';
  const update = db.prepare(
    `UPDATE documents SET day = ?, ${moved}hash = ?, doc = ?${columns.map((c) => `, ${c} = ?`).join('')}
    WHERE type = ? AND id = ?`,
  );
  const writes: DocumentWrites = {
    insert: (row) =>
      insert.run(
        row.type,
        row.id,
        row.day,
        row.ts,
        row.ord,
        row.hash,
        row.text,
        ...storedValues(type, row.doc),
      ).changes === 1,
    update: (row) => {
      const place = options.keepOrd ? [] : [row.ts ?? null, row.ord ?? 0];
      update.run(
        row.day,
        ...place,
        row.hash,
        row.text,
        ...storedValues(type, row.doc),
        row.type,
        row.id,
      );
    },
  };
  statements.set(key, writes);
  return writes;
}

/**
 * Documents a webhook has brought in (or removed) since this window's listing
 * began, or is about to: their stored state is at least as new as the
 * listing, so the window leaves them as they are. Otherwise a sync that
 * listed a day just before Oura announced a new workout would delete the
 * workout the webhook had just stored (until the next sync brought it back).
 */
function touchedByWebhooks(db: Db, type: DataType, listedFrom: number): Set<string> {
  const rows = prepared(
    db,
    'SELECT object_id FROM webhook_events WHERE data_type = ? AND (done_at IS NULL OR done_at >= ?)',
  ).all(type, listedFrom) as { object_id: string }[];
  return new Set(rows.map((row) => row.object_id));
}

function writeSamples(db: Db, write: WindowWrite & { type: 'heartrate' }): Counts {
  const { span } = write;
  if (span.kind !== 'instants') throw new Error('heart rate is written by instants');
  const from = Math.floor(span.fromMs / 1000);
  const to = Math.ceil(span.toMs / 1000);
  const stored = new Map<string, SampleRow>();
  for (const row of prepared(
    db,
    'SELECT ts, source, bpm, shape, raw FROM heartrate_samples WHERE ts >= ? AND ts < ?',
  ).all(from, to) as SampleRow[]) {
    stored.set(sampleKey(row), row);
  }
  if (stored.size === 0) return insertSamples(db, write.samples);
  const plan = planSamples(stored, write.samples);
  const upsert = prepared(
    db,
    `INSERT INTO heartrate_samples (ts, source, bpm, shape, raw) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (ts, source) DO UPDATE SET bpm = excluded.bpm, shape = excluded.shape, raw = excluded.raw`,
  );
  const remove = prepared(db, 'DELETE FROM heartrate_samples WHERE ts = ? AND source = ?');
  for (const row of plan.upserts) upsert.run(row.ts, row.source, row.bpm, row.shape, row.raw);
  for (const row of plan.gone) remove.run(row.ts, row.source);
  return plan.counts;
}

/** Rows per insert statement: at most 1000 parameters, far below SQLite's limit of 32766. */
const INSERT_ROWS = 200;

const insertInto = (values: string, rows: number) =>
  `INSERT OR REPLACE INTO heartrate_samples (ts, source, bpm, shape, raw) VALUES ${Array(rows).fill(values).join(', ')}`;

/**
 * A usual sample's row: three numbers bound, the source named by its code.
 * Binding the code costs less than binding the source's text (a string
 * converted and copied for each of half a million rows in a backfill).
 */
const USUAL_ROW = `(?, CASE ?${SAMPLE_SOURCES.map((name, code) => ` WHEN ${code} THEN '${name}'`).join('')} END, ?, 0, NULL)`;

/**
 * Sample inserts kept per connection, by row count (negative: general rows).
 * Not through statements.ts: its key is the SQL text, and hashing 30 kB of it
 * for every 200 rows would cost more than the cache saves.
 */
const sampleInserts = new WeakMap<Db, Map<number, Statement>>();

function sampleInsert(db: Db, usual: boolean, rows: number): Statement {
  let statements = sampleInserts.get(db);
  if (!statements) {
    statements = new Map();
    sampleInserts.set(db, statements);
  }
  const key = usual ? rows : -rows;
  let statement = statements.get(key);
  if (!statement) {
    statement = db.prepare(insertInto(usual ? USUAL_ROW : '(?, ?, ?, ?, ?)', rows));
    statements.set(key, statement);
  }
  return statement;
}

/**
 * A window with nothing stored yet (a backfill): rows go in 200 at a time,
 * instead of 8640 or more calls across the JavaScript/C boundary per window.
 * A run of Oura's usual samples binds three numbers a row (shape 0, no raw
 * text, and the source's text written in the statement): the binding is most
 * of the insert's cost. The statements are kept for the connection (200 rows,
 * and powers of two for a window's last rows): with the CASE, 200 rows are
 * 30 kB of SQL, ~0.8 ms to prepare, which each window paid when it was not kept.
 */
function insertSamples(db: Db, samples: SampleColumns): Counts {
  const params: unknown[] = [];
  let inserted = 0;
  for (let start = 0; start < samples.count; ) {
    const left = samples.count - start;
    const rows = left >= INSERT_ROWS ? INSERT_ROWS : 2 ** Math.floor(Math.log2(left));
    const end = start + rows;
    params.length = 0;
    let allPlain = true;
    for (let i = start; i < end && allPlain; i++) allPlain = isUsualSample(samples, i);
    if (allPlain) {
      for (let i = start; i < end; i++)
        params.push(samples.ts[i], samples.source[i], samples.bpm[i]);
    } else {
      for (let i = start; i < end; i++) {
        const row = rowAt(samples, i);
        params.push(row.ts, row.source, row.bpm, row.shape, row.raw);
      }
    }
    inserted += sampleInsert(db, allPlain, rows).run(params).changes;
    start = end;
  }
  return { inserted, updated: 0, deleted: 0 };
}
