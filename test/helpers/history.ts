/** Reading a history file the way an outside program would: a real SQLite connection, read-only. */
import Database from 'better-sqlite3';

/** Every stored document and sample, in a stable order: equal dumps mean equal histories. */
export function dumpHistory(path: string): { documents: unknown[]; samples: unknown[] } {
  const db = new Database(path, { readonly: true });
  try {
    return {
      documents: db
        .prepare('SELECT type, id, day, ord, hash, doc FROM documents ORDER BY type, id')
        .all(),
      samples: db.prepare('SELECT * FROM heartrate_samples ORDER BY ts, source').all(),
    };
  } finally {
    db.close();
  }
}

/** Runs one read-only query on the file. */
export function queryHistory<T = Record<string, unknown>>(
  path: string,
  sql: string,
  ...params: unknown[]
): T[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export function integrityCheck(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}
