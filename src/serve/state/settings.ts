/**
 * The server's few named values (its owner, the claim code's hash, its
 * sealed Oura application and webhook token, its public URL): a `settings`
 * table in the SQLite state or in the shared PostgreSQL database
 * (`state-pg/pg-settings.ts`).
 */
import { readSetting, type StateDb, writeSetting } from './state-db.js';

export interface Settings {
  read(key: string): Promise<string | undefined>;
  /** Sets the value, or removes it when undefined. */
  write(key: string, value: string | undefined): Promise<void>;
  /** Sets the value only if none is set; whether this call set it (two processes may race). */
  claim(key: string, value: string): Promise<boolean>;
}

export function sqliteSettings(db: StateDb): Settings {
  return {
    read: async (key) => readSetting(db, key),
    write: async (key, value) => writeSetting(db, key, value),
    claim: async (key, value) =>
      db
        .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING')
        .run(key, value).changes === 1,
  };
}
