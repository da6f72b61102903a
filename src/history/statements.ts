/**
 * Prepared statements kept per connection, SQL text and row mode.
 * better-sqlite3 compiles the SQL on every `db.prepare`: for the small fixed
 * reads that every `oura serve` request and MCP tool makes (its bearer check,
 * the person's row, the history's sync state, a check-in's ten reads) the
 * compiling cost more than the reading. Only for statements run with `get`,
 * `all` or `run` (each binds its own parameters and finishes), never iterated,
 * so one statement serves every caller in turn; and only for SQL written in
 * the code, never a user's (it would keep every text it was given).
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './connection.js';

const byConnection = new WeakMap<Db, Map<string, Statement>>();

/**
 * `sql` prepared on `db`, the same statement each time: rows as objects, or as
 * arrays of their values (`raw`). Shared by every caller of that text and mode,
 * so no caller may change its mode (`raw`, `pluck`, `expand`).
 */
export function prepared(db: Db, sql: string, mode: 'objects' | 'raw' = 'objects'): Statement {
  let statements = byConnection.get(db);
  if (!statements) {
    statements = new Map();
    byConnection.set(db, statements);
  }
  const key = `${mode}:${sql}`;
  let statement = statements.get(key);
  if (!statement) {
    statement = db.prepare(sql);
    if (mode === 'raw') statement.raw(true);
    statements.set(key, statement);
  }
  return statement;
}
