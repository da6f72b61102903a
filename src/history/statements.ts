/**
 * Statements prepared once per connection. Preparing costs more than running
 * the small reads an MCP tool makes on every call (a check-in makes ten), and
 * a long-lived server asks the same ones again and again.
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
