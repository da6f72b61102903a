/**
 * The history file as one object, in the spirit of Datasette's `Database`:
 * it owns the sync lock, the one connection that writes (the writer thread of
 * `window-writer.ts`) and the read-only connection the readers share.
 * Nothing is opened, and better-sqlite3 is not even loaded, until a method
 * needs it; `close()` lets go of what is open.
 */
import { dirname } from 'node:path';
import type { Db } from './database.js';
import type { HistoryReader } from './history-reader.js';
import type { HistorySource } from './history-source.js';
import type { SyncStateReader } from './store-contract.js';
import type { SyncOptions, SyncResult } from './sync.js';
import type { WebhookStore } from './webhook-store.js';

export type { HistoryReader, Row } from './history-reader.js';
export type { Coverage, LocalListOptions } from './reader.js';
export type { SyncProgress, SyncResult } from './sync.js';
export type { Applied, WebhookStore } from './webhook-store.js';

export interface HistorySyncOptions extends Omit<SyncOptions, 'writer'> {
  /** Delete the file first and sync it anew (`oura sync --rebuild`). */
  rebuild?: boolean;
  /** Called once if another sync of this file holds the lock; the sync then waits for it. */
  onWait?: () => void;
  /** Called once the lock is held, before the file is opened: from here on, windows get committed. */
  onLocked?: () => void;
}

export interface History {
  readonly path: string;
  /**
   * Takes the sync lock, opens (creating or migrating) the file in the writer
   * thread, syncs through it, and closes what it opened. Every write of the
   * sync, the `meta` and `sync_state` rows included, goes through that writer.
   */
  sync(source: HistorySource, options: HistorySyncOptions): Promise<SyncResult>;
  /**
   * The shared read-only connection's reading surface; undefined before the
   * first sync. Re-opened when `oura sync --rebuild` replaced the file.
   */
  reader(): Promise<HistoryReader | undefined>;
  /** The same for commands that cannot answer without a history: NoHistoryError before the first sync. */
  open(): Promise<HistoryReader>;
  /**
   * The webhook listener's queue and documents: its writes go through a
   * writer thread of its own (which creates and migrates the file if needed),
   * its reads on a read-only connection, until its `close()`. A write waits
   * at most `busyTimeoutMs` for a sync's commit: Oura wants its answer within 10 s.
   */
  openWebhookStore(options: { busyTimeoutMs: number }): Promise<WebhookStore>;
  /** Closes the reader; harmless when nothing is open or it was closed already. */
  close(): void;
}

/** The state of a file that does not exist yet: nothing synced. */
const NOTHING_SYNCED: SyncStateReader = {
  meta: async () => undefined,
  typeProgress: async () => undefined,
};

/** The history at `path`; nothing is opened until a method needs it. */
export function openHistory(path: string): History {
  type Opened = { db: Db; reader: HistoryReader; inode: number };
  let open: Opened | undefined;
  // The connection being opened: callers that arrive meanwhile (MCP tools run
  // side by side) share it rather than each opening one and leaking all but the last.
  let opening: { inode: number; done: Promise<Opened | undefined> } | undefined;

  const closeReader = () => {
    open?.db.close();
    open = undefined;
  };

  async function openAt(inode: number): Promise<Opened | undefined> {
    const [{ openForRead }, { historyReader }] = await Promise.all([
      import('./database.js'),
      import('./history-reader.js'),
    ]);
    try {
      const db = await openForRead(path);
      return { db, reader: historyReader(db), inode };
    } catch (error) {
      if ((error as { code?: string }).code === 'NO_HISTORY') return undefined;
      throw error;
    }
  }

  async function reader(): Promise<HistoryReader | undefined> {
    // node:fs is imported here and in sync(), not at the top: an ES import of
    // it reads every export, and its stream classes load Node's streams (27
    // internal modules), which importing the library would otherwise pay for.
    const { statSync } = await import('node:fs');
    let inode: number;
    try {
      inode = statSync(path).ino;
    } catch {
      closeReader();
      return undefined;
    }
    if (open && open.inode === inode) return open.reader;
    if (opening?.inode === inode) return (await opening.done)?.reader;
    closeReader();
    const done = openAt(inode);
    opening = { inode, done };
    try {
      open = await done;
      return open?.reader;
    } finally {
      if (opening?.done === done) opening = undefined;
    }
  }

  return {
    path,
    reader,
    async open() {
      const opened = await reader();
      if (opened) return opened;
      const { NoHistoryError } = await import('./errors.js');
      throw new NoHistoryError(path);
    },
    async sync(source, options) {
      const [
        { mkdir, stat },
        { holdsCurrentSchema, openReadOnly, removeHistory },
        { sqliteSyncState, syncStore },
        { withSyncLock },
        { workerWriter, writerOnceOpen },
      ] = await Promise.all([
        import('node:fs/promises'),
        import('./database.js'),
        import('./sync.js'),
        import('./sync-lock.js'),
        import('./window-writer.js'),
      ]);
      const { rebuild = false, onWait = () => {}, onLocked, ...syncOptions } = options;
      // The lock file sits beside the history.
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      return withSyncLock(path, onWait, async () => {
        onLocked?.();
        if (rebuild) {
          closeReader();
          await removeHistory(path);
        }
        // The writer thread opens the file (creating or migrating it) while this
        // thread begins the sync: a worker takes ~100 ms to start on Node 20,
        // which every sync used to wait out before its first request.
        const opening = workerWriter(path);
        // Its failure is thrown by the first write, or below if nothing was written.
        opening.catch(() => {});
        const writer = writerOnceOpen(opening);
        let db: Db | undefined;
        try {
          // The sync reads its state on a read-only connection of its own, closed
          // below; a file not there yet holds nothing synced.
          let state: SyncStateReader = NOTHING_SYNCED;
          if (
            await stat(path).then(
              () => true,
              () => false,
            )
          ) {
            db = await openReadOnly(path);
            if (!holdsCurrentSchema(db)) {
              // Read once the writer has brought the file to this build's shape.
              db.close();
              await opening;
              db = await openReadOnly(path);
            }
            state = sqliteSyncState(db);
          }
          const result = await syncStore(state, writer, source, syncOptions);
          await opening;
          return result;
        } finally {
          await writer.close();
          db?.close();
        }
      });
    },
    async openWebhookStore({ busyTimeoutMs }) {
      const [{ openReadOnly }, { workerWriter }, { webhookStore }] = await Promise.all([
        import('./database.js'),
        import('./window-writer.js'),
        import('./webhook-store.js'),
      ]);
      const writer = await workerWriter(path, { busyTimeoutMs });
      try {
        return webhookStore(await openReadOnly(path), writer);
      } catch (error) {
        await writer.close();
        throw error;
      }
    },
    close: closeReader,
  };
}
