/**
 * One read-only statement over the history, for `oura sql` and the MCP
 * `oura_query` tool. The connection is opened read-only (SQLite refuses any
 * write), and the statement is checked before it runs: exactly one, one that
 * reads (SQLite's own verdict, `sqlite3_stmt_readonly`) and returns rows, that
 * sets no PRAGMA and has no parameters. An error SQLite meets while running it
 * is the statement's fault (a usage error) unless it is the file's or the
 * machine's (busy, corrupt, out of memory).
 */
import type BetterSqlite3 from 'better-sqlite3';
import { OuraError, UsageError } from '../errors.js';
import type { Db } from './database.js';
import { isCorruption } from './errors.js';
import { pragmaSetting } from './sql-text.js';

const SCHEMA_HINT = 'Run `oura sql --schema` for the views and their columns.';

/** Prepares `sql`, or throws a UsageError naming why it cannot run. */
export function prepareReadOnly(db: Db, sql: string): BetterSqlite3.Statement<unknown[]> {
  let statement: BetterSqlite3.Statement<unknown[]>;
  try {
    statement = db.prepare<unknown[]>(sql);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`the query was refused: ${message}`, { hint: SCHEMA_HINT });
  }
  if (!statement.readonly || !statement.reader) {
    throw new UsageError(
      'only one read-only query that returns rows can run here (SELECT, WITH …, or a PRAGMA that reads); the history is changed by `oura sync` alone.',
    );
  }
  const pragma = pragmaSetting(sql);
  if (pragma !== undefined) {
    throw new UsageError(
      `the query was refused: PRAGMA ${pragma} with a value changes a setting, and only reading is allowed here (PRAGMA ${pragma} without a value shows it).`,
    );
  }
  try {
    // Binding nothing fails exactly when the statement has parameters.
    statement.bind();
  } catch {
    throw new UsageError(
      'the query was refused: it has parameters (?, :name, @name or $name), and nothing here can give them values. Write the values into the statement.',
    );
  }
  return statement;
}

/**
 * What an error met while running a statement means, as one of our errors:
 * the statement's fault (SQLite's message, exit 2), or the machine's (exit 1).
 * Anything else is returned as it is: a damaged file is named by the caller,
 * which knows its path (`asHistoryError`).
 */
export function queryFailure(error: unknown): unknown {
  if (!(error instanceof Error) || error.name !== 'SqliteError') return error;
  if (isCorruption(error)) return error;
  const code = String((error as { code?: unknown }).code ?? '');
  const message = error.message;
  const options = { cause: error };
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new OuraError('QUERY', `the history is locked by another process (${message}).`, {
      ...options,
      hint: 'Try again in a moment.',
    });
  }
  if (code === 'SQLITE_TOOBIG') {
    return new UsageError(`the query was refused: ${message}.`, {
      ...options,
      hint: 'A value would be longer than SQLite or JavaScript can hold; select length(x) or substr(x, 1, n) instead.',
    });
  }
  if (code === 'SQLITE_READONLY') {
    return new UsageError(
      `the query was refused: ${message}; the history is changed by \`oura sync\` alone.`,
      options,
    );
  }
  if (code === 'SQLITE_ERROR' && message === 'not authorized') {
    return new UsageError('the query was refused: not authorized.', {
      ...options,
      hint: 'Loading SQLite extensions (load_extension) is turned off.',
    });
  }
  if (
    code === 'SQLITE_ERROR' ||
    code === 'SQLITE_AUTH' ||
    code === 'SQLITE_RANGE' ||
    code === 'SQLITE_MISMATCH' ||
    code.startsWith('SQLITE_CONSTRAINT')
  ) {
    return new UsageError(`the query failed: ${message}.`, options);
  }
  return new OuraError('QUERY', `the query failed: ${message} (${code}).`, options);
}

/** Runs one read-only query, streaming its rows. */
export function streamQuery(
  db: Db,
  sql: string,
): { columns: string[]; rows: Iterable<Record<string, unknown>> } {
  const statement = prepareReadOnly(db, sql);
  const columns = statement.columns().map((column) => column.name);
  return {
    columns,
    rows: (function* () {
      const iterator = (statement.iterate() as Iterable<Record<string, unknown>>)[
        Symbol.iterator
      ]();
      try {
        while (true) {
          let next: IteratorResult<Record<string, unknown>>;
          // Only SQLite's errors are translated; a reader's own (a closed pipe) pass as they are.
          try {
            next = iterator.next();
          } catch (error) {
            throw queryFailure(error);
          }
          if (next.done) return;
          yield normalise(next.value);
        }
      } finally {
        iterator.return?.();
      }
    })(),
  };
}

/** BigInt and Buffer cells as JSON can carry them. */
export function normalise(row: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === 'bigint') row[key] = Number(value);
    else if (Buffer.isBuffer(value)) row[key] = value.toString('base64');
  }
  return row;
}
