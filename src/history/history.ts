/**
 * The history file as one object, in the spirit of Datasette's `Database`:
 * it owns the sync lock, the one connection that writes (the writer thread of
 * `window-writer.ts`) and the read-only connection the readers share.
 * Nothing is opened, and better-sqlite3 is not even loaded, until a method
 * needs it; `close()` lets go of what is open.
 */
import { statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DayRange } from '../calendar/days.js';
import type { DataType, Endpoint } from '../oura/data-types.js';
import type { Db } from './database.js';
import type { HistorySource } from './history-source.js';
import type { Coverage, LocalListOptions } from './reader.js';
import type { SyncOptions, SyncResult } from './sync.js';

export type { Coverage, LocalListOptions } from './reader.js';
export type { SyncProgress, SyncResult } from './sync.js';

export interface HistorySyncOptions extends Omit<SyncOptions, 'writer'> {
  /** Delete the file first and sync it anew (`oura sync --rebuild`). */
  rebuild?: boolean;
  /** Called once if another sync of this file holds the lock; the sync then waits for it. */
  onWait?: () => void;
}

export interface History {
  readonly path: string;
  /**
   * Takes the sync lock, opens (creating or migrating) the file in the writer
   * thread, syncs through it, and closes what it opened. Every write, the
   * `meta` and `sync_state` rows included, goes through that one writer.
   */
  sync(source: HistorySource, options: HistorySyncOptions): Promise<SyncResult>;
  /** Whether there is a history to read (false before the first sync). */
  exists(): Promise<boolean>;
  /** Opens the reader now: NoHistoryError before the first sync, a HistoryError for a damaged file. */
  open(): Promise<void>;
  /** The documents of a type as a live list yields them; throws NoHistoryError before the first sync. */
  documents(
    endpoint: Endpoint,
    range: DayRange | undefined,
    options?: LocalListOptions,
  ): Promise<Iterable<unknown>>;
  /** One document by id, or undefined. */
  document(type: DataType, id: string): Promise<unknown>;
  /** What the history covers for a type, if anything. */
  coverage(type: DataType): Promise<Coverage | undefined>;
  /** When the last complete sync finished (ISO 8601), if any. */
  lastSyncedAt(): Promise<string | undefined>;
  /** The account's first day with data, as the first sync found it. */
  firstDay(): Promise<string | undefined>;
  /** One read-only statement (`oura sql`), its rows streamed; NoHistoryError before the first sync. */
  streamQuery(sql: string): Promise<{ columns: string[]; rows: Iterable<Record<string, unknown>> }>;
  /** Writes `type`'s view as Parquet to `fd` (export); returns the row count. */
  writeParquet(type: DataType, range: DayRange | undefined, fd: number): Promise<number>;
  /** The oldest last-sync of `types` if the history answers for them over `range` (see freshness.ts). */
  freshSyncedAt(
    types: readonly DataType[],
    range: DayRange | undefined,
    now: Date,
  ): Promise<string | undefined>;
  /**
   * The shared read-only connection, for the history's own reading modules
   * (query, report, trends); undefined before the first sync. Re-opened when
   * `oura sync --rebuild` replaced the file.
   */
  reader(): Promise<Db | undefined>;
  /** Closes the reader; harmless when nothing is open or it was closed already. */
  close(): void;
}

/** The history at `path`; nothing is opened until a method needs it. */
export function openHistory(path: string): History {
  let open: { db: Db; inode: number } | undefined;

  const closeReader = () => {
    open?.db.close();
    open = undefined;
  };

  async function reader(): Promise<Db | undefined> {
    let inode: number;
    try {
      inode = statSync(path).ino;
    } catch {
      closeReader();
      return undefined;
    }
    if (open && open.inode === inode) return open.db;
    closeReader();
    const { openForRead } = await import('./database.js');
    try {
      open = { db: await openForRead(path), inode };
    } catch (error) {
      if ((error as { code?: string }).code === 'NO_HISTORY') return undefined;
      throw error;
    }
    return open.db;
  }

  /** The reader, or NoHistoryError: for commands that cannot answer without a history. */
  async function mustRead(): Promise<Db> {
    const db = await reader();
    if (db) return db;
    const { NoHistoryError } = await import('./errors.js');
    throw new NoHistoryError(path);
  }

  const readerModule = () => import('./reader.js');

  return {
    path,
    reader,
    async sync(source, options) {
      const [{ openReadOnly, removeHistory }, { syncHistory }, { withSyncLock }, { workerWriter }] =
        await Promise.all([
          import('./database.js'),
          import('./sync.js'),
          import('./sync-lock.js'),
          import('./window-writer.js'),
        ]);
      const { rebuild = false, onWait = () => {}, ...syncOptions } = options;
      // The lock file sits beside the history.
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      return withSyncLock(path, onWait, async () => {
        if (rebuild) {
          closeReader();
          await removeHistory(path);
        }
        // The writer opens the file first: it creates and migrates it.
        const writer = await workerWriter(path);
        let db: Db | undefined;
        try {
          // The sync reads its state on a read-only connection of its own, closed below.
          db = await openReadOnly(path);
          return await syncHistory(db, source, { ...syncOptions, writer });
        } finally {
          await writer.close();
          db?.close();
        }
      });
    },
    async exists() {
      return (await reader()) !== undefined;
    },
    async open() {
      await mustRead();
    },
    async documents(endpoint, range, options) {
      const [db, { listLocal }] = await Promise.all([mustRead(), readerModule()]);
      return listLocal(db, endpoint, range, options);
    },
    async document(type, id) {
      const [db, { getLocal }] = await Promise.all([mustRead(), readerModule()]);
      return getLocal(db, type, id);
    },
    async coverage(type) {
      const db = await reader();
      return db && (await readerModule()).coverageOf(db, type);
    },
    async lastSyncedAt() {
      const db = await reader();
      return db && (await readerModule()).lastSyncedAt(db);
    },
    async firstDay() {
      const db = await reader();
      return db && (await readerModule()).accountFirstDay(db);
    },
    async streamQuery(sql) {
      const [db, { streamQuery }] = await Promise.all([mustRead(), import('./query.js')]);
      return streamQuery(db, sql);
    },
    async writeParquet(type, range, fd) {
      const [db, { writeParquet }] = await Promise.all([mustRead(), import('./parquet.js')]);
      return writeParquet(db, type, range, fd);
    },
    async freshSyncedAt(types, range, now) {
      const db = await reader();
      if (!db) return undefined;
      return (await import('./freshness.js')).freshSyncedAt(db, types, range, now);
    },
    close: closeReader,
  };
}
