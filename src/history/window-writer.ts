/**
 * Where a sync's windows are written. In this thread, or in a worker thread
 * with its own connection to the file: there the SQLite work of a long
 * backfill (inserts, hashing, typed columns, commits) runs beside the fetching and
 * parsing instead of between them. Windows are
 * written in the order they are handed over, each in one transaction, so a
 * killed sync leaves the same history either way. The sync's other writes
 * (`meta`, the time a type was synced) go the same way, in order with the
 * windows: one connection writes the file.
 */
import { checkHistory, type Db } from './database.js';
import { damagedHistory, HistoryError } from './errors.js';
import { buffersOf } from './sample-columns.js';
import { loadSqlite } from './sqlite-module.js';
import type { HistoryWriter } from './store-contract.js';
import {
  runWebhookWrite,
  type WebhookWrite,
  type WebhookWriteArgs,
  type WebhookWriteResult,
} from './webhook-writes.js';
import { markSynced, type WindowCounts, writeMeta, writeWindow, zeroCounts } from './writer.js';

/** A SQLite writer: the sync's writes, and the webhook listener's. */
export interface WindowWriter extends HistoryWriter {
  /** One of the webhook listener's writes (see `webhook-writes.ts`), in order with the rest. */
  webhook<K extends WebhookWrite>(
    name: K,
    ...args: WebhookWriteArgs<K>
  ): Promise<WebhookWriteResult<K>>;
}

/** Writes on `db`, in this thread. */
export function inThreadWriter(db: Db): WindowWriter {
  let damaged: unknown;
  const refuseIfDamaged = () => {
    if (damaged) throw damaged;
  };
  return {
    check: async () => {
      try {
        checkHistory(db);
      } catch (error) {
        damaged = error;
        throw error;
      }
    },
    write: async (write, state) => {
      refuseIfDamaged();
      return writeWindow(db, write, state);
    },
    setMeta: async (key, value) => {
      refuseIfDamaged();
      writeMeta(db, key, value);
    },
    markSynced: async (type, at) => {
      refuseIfDamaged();
      markSynced(db, type, at);
    },
    webhook: async (name, ...args) => {
      refuseIfDamaged();
      return runWebhookWrite(db, name, args);
    },
    close: async () => {},
  };
}

/** What the worker answers for one write or check (`counts` is absent for a check). */
export type WriteReply =
  | { id: number; counts?: WindowCounts; result?: unknown }
  | { id: number; error: WriteFault };

/** The worker's first message: the file is open and migrated, or why it could not be. */
export type OpenReply = { opened: true } | { opened: false; error: WriteFault };

/** An error that crossed from the worker: its message, its code, and for a damaged file what was found. */
export interface WriteFault {
  message: string;
  code?: string;
  /** Set when the check found the file damaged: the finding, without the file name. */
  damage?: string;
  /** The way out of a history error that is not damage (a file from a newer version). */
  hint?: string;
}

/**
 * The semi-space (half the young generation, in MB) writer threads start
 * with, when the process asks for one (`oura sync` does: see
 * cli/sync-heap.ts); else V8's first semi-space of 1 MB within a 2 MB young
 * generation. A window's documents live while it is written, so in 1 MB each
 * scavenge copied them: a two-year sync's writer spent ~300 ms in ~255
 * scavenges, and ~60 ms in ~27 at 8 MB. On Node 20, raising the limit alone
 * did not let it grow (the CLI holds every young generation at its first
 * size: cli/v8-flags.ts), so the thread starts at the size. V8's flag for that
 * is process-wide, as are the CLI's others: set by the process, not the library.
 */
let writerSemiSpaceMb: number | undefined;

/** Writer threads started from now on start with a `mb` semi-space. */
export function setWriterSemiSpace(mb: number): void {
  writerSemiSpaceMb = mb;
}

/**
 * Writes on the history file at `path` from a worker thread, the one
 * connection that writes it: the worker opens the file (creating and
 * migrating it if needed) and this resolves once it has.
 */
export async function workerWriter(
  path: string,
  options: { busyTimeoutMs?: number } = {},
): Promise<WindowWriter> {
  const [{ Worker }, { setFlagsFromString }] = await Promise.all([
    import('node:worker_threads'),
    import('node:v8'),
    // Here, not first in the thread: a module that does not load is then said with its way out.
    loadSqlite(),
  ]);
  const semiSpaceMb = writerSemiSpaceMb;
  // The new thread's heap is laid out from the flags as they are when it starts;
  // once it runs (or failed to start) threads started later get V8's default again.
  let flagSet = semiSpaceMb !== undefined;
  const unsetFlag = () => {
    if (flagSet) setFlagsFromString('--min-semi-space-size=0');
    flagSet = false;
  };
  if (flagSet) setFlagsFromString(`--min-semi-space-size=${semiSpaceMb}`);
  let worker: InstanceType<typeof Worker>;
  try {
    worker = new Worker(new URL('./write-worker.js', import.meta.url), {
      workerData: { path, busyTimeoutMs: options.busyTimeoutMs },
      // Two semi-spaces and the space for large objects.
      resourceLimits: { maxYoungGenerationSizeMb: semiSpaceMb ? 3 * semiSpaceMb : 2 },
    });
  } catch (error) {
    unsetFlag();
    throw error;
  }
  worker.once('online', unsetFlag);
  worker.once('exit', unsetFlag);
  const pending = new Map<
    number,
    {
      resolve: (reply: { counts?: WindowCounts; result?: unknown }) => void;
      reject: (e: Error) => void;
    }
  >();
  let next = 0;
  let failure: Error | undefined;
  const failAll = (error: Error) => {
    failure ??= error;
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  let opened: (reply: OpenReply) => void = () => {};
  const opening = new Promise<OpenReply>((resolve) => {
    opened = resolve;
  });
  worker.on('message', (reply: WriteReply | OpenReply) => {
    if ('opened' in reply) return opened(reply);
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (!('error' in reply)) waiting?.resolve(reply);
    else waiting?.reject(faultError(path, reply.error));
  });
  worker.on('error', failAll);
  const exited = new Promise<void>((resolve) => {
    worker.on('exit', () => {
      const stopped = new Error('the history writer stopped unexpectedly.');
      failAll(stopped);
      // Before the file was open: the worker's own error (it failed to start) if there was one.
      opened({ opened: false, error: { message: (failure ?? stopped).message } });
      resolve();
    });
  });
  const open = await opening;
  if (!open.opened) {
    await exited;
    throw faultError(path, open.error);
  }
  const send = (message: object, transfer: ArrayBuffer[] = []) => {
    if (failure) return Promise.reject(failure);
    const id = next++;
    return new Promise<{ counts?: WindowCounts; result?: unknown }>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...message }, transfer);
    });
  };
  return {
    async check() {
      await send({ check: true });
    },
    async write(write, state) {
      // A heart-rate window's columns move to the worker rather than being copied.
      const transfer = write.type === 'heartrate' ? buffersOf(write.samples) : [];
      return (await send({ write, state }, transfer)).counts ?? zeroCounts();
    },
    async setMeta(key, value) {
      await send({ meta: { key, value } });
    },
    async markSynced(type, at) {
      await send({ synced: { type, at } });
    },
    async webhook(name, ...args) {
      return (await send({ webhook: { name, args } })).result as never;
    },
    async close() {
      failure ??= new Error('the history writer is closed.');
      worker.postMessage({ close: true });
      await exited;
    },
  };
}

/**
 * The writer `opening` will be, usable at once: each call waits for it and
 * then runs, in the order made. If it fails to open, every call rejects with
 * that error, and `close()` has nothing to close.
 */
export function writerOnceOpen(opening: Promise<WindowWriter>): WindowWriter {
  const open = () => opening;
  return {
    check: () => open().then((writer) => writer.check()),
    write: (write, state) => open().then((writer) => writer.write(write, state)),
    setMeta: (key, value) => open().then((writer) => writer.setMeta(key, value)),
    markSynced: (type, at) => open().then((writer) => writer.markSynced(type, at)),
    webhook: (name, ...args) => open().then((writer) => writer.webhook(name, ...args)),
    close: () =>
      opening.then(
        (writer) => writer.close(),
        () => {},
      ),
  };
}

/** The worker's error as one of this thread: a damaged file is named again, with the way out. */
function faultError(path: string, fault: WriteFault): Error {
  if (fault.hint !== undefined) return new HistoryError(fault.message, { hint: fault.hint });
  const error = Object.assign(new Error(fault.message), fault.code ? { code: fault.code } : {});
  if (fault.damage === undefined) return error;
  return damagedHistory(path, Object.assign(new Error(fault.damage), { code: fault.code }));
}
