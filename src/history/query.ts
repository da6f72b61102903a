/**
 * One read-only statement over the history, for `oura sql` and the MCP
 * `oura_query` tool. The connection is opened read-only (SQLite refuses any
 * write), and the statement is checked before it runs: exactly one, and one
 * that reads (SQLite's own verdict, `sqlite3_stmt_readonly`) and returns rows.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { UsageError } from '../errors.js';
import type { Db } from './database.js';

export interface QueryResult {
  columns: string[];
  rows: Record<string, unknown>[];
  /** True when more rows existed than `limit`. */
  capped: boolean;
}

/** Prepares `sql`, or throws a UsageError with SQLite's message. */
export function prepareReadOnly(db: Db, sql: string): BetterSqlite3.Statement<unknown[]> {
  let statement: BetterSqlite3.Statement<unknown[]>;
  try {
    statement = db.prepare<unknown[]>(sql);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`the query was refused: ${message}`, {
      hint: 'Run `oura sql --schema` for the views and their columns.',
    });
  }
  if (!statement.readonly || !statement.reader) {
    throw new UsageError(
      'only one read-only query that returns rows can run here (SELECT, WITH …, or a PRAGMA that reads); the history is changed by `oura sync` alone.',
    );
  }
  return statement;
}

/** Runs one read-only query, streaming its rows. */
export function streamQuery(
  db: Db,
  sql: string,
): { columns: string[]; rows: Iterable<Record<string, unknown>> } {
  const statement = prepareReadOnly(db, sql);
  const columns = statement.columns().map((column) => column.name);
  const iterate = statement.iterate() as Iterable<Record<string, unknown>>;
  return {
    columns,
    rows: (function* () {
      for (const row of iterate) yield normalise(row);
    })(),
  };
}

/** Runs one read-only query; at most `limit` rows are kept. */
export function runQuery(db: Db, sql: string, limit = Number.POSITIVE_INFINITY): QueryResult {
  const { columns, rows: all } = streamQuery(db, sql);
  const rows: Record<string, unknown>[] = [];
  let capped = false;
  for (const row of all) {
    if (rows.length >= limit) {
      capped = true;
      break;
    }
    rows.push(row);
  }
  return { columns, rows, capped };
}

/** BigInt and Buffer cells as JSON can carry them. */
export function normalise(row: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === 'bigint') row[key] = Number(value);
    else if (Buffer.isBuffer(value)) row[key] = value.toString('base64');
  }
  return row;
}
