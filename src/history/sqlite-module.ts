/**
 * better-sqlite3, loaded once per process and checked before any file is
 * opened. Its native part is built for one Node.js: under another (a Node
 * upgrade after `npm install`), or when its build failed, every open throws,
 * and that must not read as a damaged file. So the check opens an in-memory
 * database, which no file can spoil: a failure there is the module's.
 */
import { createRequire } from 'node:module';
import { sep } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { SqliteModuleError } from './errors.js';

let loading: Promise<typeof BetterSqlite3> | undefined;

/**
 * The better-sqlite3 constructor; rejects with {@link SqliteModuleError} when
 * it cannot open anything. A failure is not kept: after `npm rebuild` a
 * long-running `oura sync --every` or `oura serve` loads it at the next try.
 */
export function loadSqlite(): Promise<typeof BetterSqlite3> {
  if (!loading) {
    loading = load();
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}

async function load(): Promise<typeof BetterSqlite3> {
  try {
    const Database = (await import('better-sqlite3')).default;
    new Database(':memory:').close();
    return Database;
  } catch (error) {
    throw new SqliteModuleError(error, packageRoot());
  }
}

/** Where `npm rebuild better-sqlite3` is to be run: the folder holding its node_modules. */
function packageRoot(): string | undefined {
  try {
    const entry = createRequire(import.meta.url).resolve('better-sqlite3');
    const at = entry.lastIndexOf(`${sep}node_modules${sep}better-sqlite3${sep}`);
    return at < 0 ? undefined : entry.slice(0, at);
  } catch {
    return undefined;
  }
}
