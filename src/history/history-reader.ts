/**
 * What the history's readers (the CLI's reading commands, the MCP tools, the
 * report) may do with the open read-only connection, as methods: the SQL
 * stays in src/history, and no consumer holds the connection itself.
 * Synchronous, like better-sqlite3 under it: a report or a trend runs many
 * small queries. Get one from `History.reader()`.
 */
import type { DayRange } from '../calendar/days.js';
import type { DataType, Endpoint } from '../oura/data-types.js';
import type { Db } from './database.js';
import { daysWithData } from './days-with-data.js';
import { FIELD_PATH } from './field-path.js';
import { freshSyncedAt } from './freshness.js';
import { documentsLayout, storedLayout } from './layout.js';
import { streamQuery } from './query.js';
import {
  accountFirstDay,
  type Coverage,
  coverageOf,
  getLocal,
  historyChangedAt,
  type LocalListOptions,
  lastSyncedAt,
  listLocal,
} from './reader.js';
import { type DocumentType, storedColumn, TYPED_COLUMNS } from './schema.js';
import { prepared } from './statements.js';

export type Row = Record<string, unknown>;

export interface HistoryReader {
  /**
   * The rows of one statement on the public views (`oura sql --schema`), for
   * modules that read them as `oura sql` would (the report, trends). The
   * connection is read-only: SQLite refuses any write.
   */
  all<T = Row>(sql: string, ...params: unknown[]): T[];
  /** The same rows as arrays of their values, streamed: for the large reads (heart rate). */
  rawRows<T extends unknown[]>(sql: string, ...params: unknown[]): IterableIterator<T>;
  /** The documents of a type as a live list yields them (see `listLocal`). */
  documents(
    endpoint: Endpoint,
    range: DayRange | undefined,
    options?: LocalListOptions,
  ): Iterable<unknown>;
  /** One document by id, or undefined. */
  document(type: DataType, id: string): unknown;
  /**
   * `type`'s documents in `range` with the typed `columns` (view column
   * names), each row with its `day`: by day, then in Oura's order. Read from
   * the stored columns, without parsing any document.
   */
  columns(type: DocumentType, columns: readonly string[], range: DayRange): Row[];
  /**
   * `type`'s documents in `range` cut to the `fields` (top-level, or dotted paths), each row with
   * its `day`, in the order of `columns`: a field from its typed column when it
   * has one, else read out of the JSON by SQLite. For readers of a few fields of
   * many documents (insights): a sleep document is mostly its 5-minute and
   * 30-second series, and parsing them whole in JavaScript was most of the time.
   * A field the document lacks is null. Until a file's typed columns are this
   * build's (`typedColumnsCurrent`), every field is read from the JSON.
   */
  fields(type: DocumentType, fields: readonly string[], range: DayRange): Row[];
  /** The local days of `range` with a document of any of `types` (see the store contract). */
  daysWithData(types: readonly DataType[], range: DayRange): string[];
  /** Whether the typed columns are laid out for this build (an older file's are, after its next sync). */
  typedColumnsCurrent(): boolean;
  coverage(type: DataType): Coverage | undefined;
  firstDay(): string | undefined;
  lastSyncedAt(): string | undefined;
  changedAt(): string | null;
  freshSyncedAt(
    types: readonly DataType[],
    range: DayRange | undefined,
    now: Date,
  ): string | undefined;
  /** One checked read-only statement (`oura sql`), its rows streamed. */
  streamQuery(sql: string): { columns: string[]; rows: Iterable<Row> };
  /** Writes `type`'s view as Parquet to `fd` (export); returns the row count. */
  writeParquet(type: DataType, range: DayRange | undefined, fd: number): Promise<number>;
}

/** The reading surface of an open, read-only connection. */
export function historyReader(db: Db): HistoryReader {
  return {
    all: <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[],
    rawRows: <T extends unknown[]>(sql: string, ...params: unknown[]) =>
      db
        .prepare(sql)
        .raw()
        .iterate(...params) as IterableIterator<T>,
    documents: (endpoint, range, options) => listLocal(db, endpoint, range, options),
    document: (type, id) => getLocal(db, type, id),
    columns(type, columns, range) {
      const select = columns.map((name) => `${storedColumn(type, name)} AS "${name}"`).join(', ');
      const values = prepared(
        db,
        `SELECT day, ${select} FROM documents WHERE type = ? AND day BETWEEN ? AND ? ORDER BY day, ord`,
        'raw',
      ).all(type, range.start, range.end) as unknown[][];
      // Rows as arrays, made objects here: better-sqlite3 makes objects ~4× slower (a
      // year of the check-in's four types: ~0.45 ms against ~0.1 ms).
      return values.map((value) => {
        const row: Row = { day: value[0] };
        for (let i = 0; i < columns.length; i++) row[columns[i] as string] = value[i + 1];
        return row;
      });
    },
    fields(type, fields, range) {
      const typed = storedLayout(db) === documentsLayout();
      const select = fields.map((name) => {
        if (!FIELD_PATH.test(name)) throw new Error(`not a field name: ${name}`);
        const column = TYPED_COLUMNS[type].find((c) => c.name === name && c.path === undefined);
        return typed && column
          ? `${storedColumn(type, name)} AS "${name}"`
          : `json_extract(doc, '$.${name}') AS "${name}"`;
      });
      return db
        .prepare(
          `SELECT day, ${select.join(', ')} FROM documents WHERE type = ? AND day BETWEEN ? AND ? ORDER BY day, ord`,
        )
        .all(type, range.start, range.end) as Row[];
    },
    daysWithData: (types, range) => daysWithData(db, types, range),
    typedColumnsCurrent: () => storedLayout(db) === documentsLayout(),
    coverage: (type) => coverageOf(db, type),
    firstDay: () => accountFirstDay(db),
    lastSyncedAt: () => lastSyncedAt(db),
    changedAt: () => historyChangedAt(db),
    freshSyncedAt: (types, range, now) => freshSyncedAt(db, types, range, now),
    streamQuery: (sql) => streamQuery(db, sql),
    async writeParquet(type, range, fd) {
      const { writeParquet } = await import('./parquet.js');
      return writeParquet(db, type, range, fd);
    },
  };
}
