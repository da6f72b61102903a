/**
 * Prepared statements kept per connection and SQL text. better-sqlite3
 * compiles the SQL on every `db.prepare`, which was a tenth of the bearer
 * check that every `/mcp` request passes. A statement here is only ever run
 * with `get`, `all` or `run` (each binds its own parameters and finishes),
 * never iterated, so one statement can serve every caller in turn.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { StateDb } from './state-db.js';

const byConnection = new WeakMap<StateDb, Map<string, BetterSqlite3.Statement>>();

/** `db.prepare(sql)`, compiled once per connection. */
export function prepared(db: StateDb, sql: string): BetterSqlite3.Statement {
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
