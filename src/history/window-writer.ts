/**
 * Where a sync's windows are written. In this thread, or in a worker thread
 * with its own connection to the file: there the SQLite work of a long
 * backfill (inserts, hashing, typed columns, commits) runs beside the fetching and
 * parsing instead of between them. Windows are
 * written in the order they are handed over, each in one transaction, so a
 * killed sync leaves the same history either way.
 */
import { checkHistory, type Db } from './database.js';
import { damagedHistory } from './errors.js';
import { buffersOf } from './sample-columns.js';
import {
  type StateAdvance,
  type WindowCounts,
  type WindowWrite,
  writeWindow,
  zeroCounts,
} from './writer.js';

export interface WindowWriter {
  /**
   * Checks the whole file (`checkHistory`) before any write handed over
   * after this call; once it failed, every write is refused with its error.
   */
  check(): Promise<void>;
  write(write: WindowWrite, state: StateAdvance): Promise<WindowCounts>;
  /** Waits for the writes handed over, then lets go of the file. */
  close(): Promise<void>;
}

/** Writes on `db`, in this thread. */
export function inThreadWriter(db: Db): WindowWriter {
  let damaged: unknown;
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
      if (damaged) throw damaged;
      return writeWindow(db, write, state);
    },
    close: async () => {},
  };
}

/** What the worker answers for one write or check (`counts` is absent for a check). */
export type WriteReply = { id: number; counts?: WindowCounts } | { id: number; error: WriteFault };

/** An error that crossed from the worker: its message, its code, and for a damaged file what was found. */
export interface WriteFault {
  message: string;
  code?: string;
  /** Set when the check found the file damaged: the finding, without the file name. */
  damage?: string;
}

/** Writes on the history file at `path` (already opened and migrated) from a worker thread. */
export async function workerWriter(path: string): Promise<WindowWriter> {
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(new URL('./write-worker.js', import.meta.url), {
    workerData: { path },
    // A small young generation: the worker's objects are a window's rows, short-lived.
    resourceLimits: { maxYoungGenerationSizeMb: 2 },
  });
  const pending = new Map<
    number,
    { resolve: (c: WindowCounts | undefined) => void; reject: (e: Error) => void }
  >();
  let next = 0;
  let failure: Error | undefined;
  const failAll = (error: Error) => {
    failure ??= error;
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  worker.on('message', (reply: WriteReply) => {
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (!('error' in reply)) waiting?.resolve(reply.counts);
    else waiting?.reject(faultError(path, reply.error));
  });
  worker.on('error', failAll);
  const exited = new Promise<void>((resolve) => {
    worker.on('exit', () => {
      failAll(new Error('the history writer stopped unexpectedly.'));
      resolve();
    });
  });
  const send = (message: object, transfer: ArrayBuffer[] = []) => {
    if (failure) return Promise.reject(failure);
    const id = next++;
    return new Promise<WindowCounts | undefined>((resolve, reject) => {
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
      return (await send({ write, state }, transfer)) ?? zeroCounts();
    },
    async close() {
      failure ??= new Error('the history writer is closed.');
      worker.postMessage({ close: true });
      await exited;
    },
  };
}

/** The worker's error as one of this thread: a damaged file is named again, with the way out. */
function faultError(path: string, fault: WriteFault): Error {
  const error = Object.assign(new Error(fault.message), fault.code ? { code: fault.code } : {});
  if (fault.damage === undefined) return error;
  return damagedHistory(path, Object.assign(new Error(fault.damage), { code: fault.code }));
}
