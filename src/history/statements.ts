/**
 * Prepared statements kept per connection and SQL text. better-sqlite3
 * compiles the SQL on every `db.prepare`: for the small fixed reads that
 * every `oura serve` request makes (its bearer check, the person's row, the
 * history's sync state) the compiling cost more than the reading. Only for
 * statements run with `get`, `all` or `run` (each binds its own parameters
 * and finishes), never iterated nor switched to `raw`/`pluck`, so one
 * statement serves every caller in turn; and only for SQL written in the
 * code, never a user's (it would keep every text it was given).
 */
import type BetterSqlite3 from 'better-sqlite3';

const byConnection = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/** `db.prepare(sql)`, compiled once per connection. */
export function prepared(db: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
  let statements = byConnection.get(db);
  if (!statements) {
    statements = new Map();
    byConnection.set(db, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}
