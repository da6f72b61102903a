/**
 * The type of an open history connection, in a file of its own so the schema
 * (migrations take a connection) and the opener (database.ts runs them) do
 * not import each other.
 */
import type BetterSqlite3 from 'better-sqlite3';

export type Db = BetterSqlite3.Database;
