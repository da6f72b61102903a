/**
 * Where a sync's windows are written. In this thread, or in a worker thread
 * with its own connection to the file: there the SQLite work of a long
 * backfill (inserts, hashing, JSONB, commits) runs beside the fetching and
 * parsing instead of between them. Windows are
 * written in the order they are handed over, each in one transaction, so a
 * killed sync leaves the same history either way.
 */
import type { Db } from './database.js';
import { buffersOf } from './sample-columns.js';
import { type StateAdvance, type WindowCounts, type WindowWrite, writeWindow } from './writer.js';

export interface WindowWriter {
  write(write: WindowWrite, state: StateAdvance): Promise<WindowCounts>;
  /** Waits for the writes handed over, then lets go of the file. */
  close(): Promise<void>;
}

/** Writes on `db`, in this thread. */
export function inThreadWriter(db: Db): WindowWriter {
  return {
    write: async (write, state) => writeWindow(db, write, state),
    close: async () => {},
  };
}

/** What the worker answers for one write. */
export type WriteReply =
  | { id: number; counts: WindowCounts }
  | { id: number; error: { message: string; code?: string } };

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
    { resolve: (c: WindowCounts) => void; reject: (e: Error) => void }
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
    if ('counts' in reply) waiting?.resolve(reply.counts);
    else waiting?.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
  });
  worker.on('error', failAll);
  const exited = new Promise<void>((resolve) => {
    worker.on('exit', () => {
      failAll(new Error('the history writer stopped unexpectedly.'));
      resolve();
    });
  });
  return {
    write(write, state) {
      if (failure) return Promise.reject(failure);
      const id = next++;
      return new Promise<WindowCounts>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        // A heart-rate window's columns move to the worker rather than being copied.
        const transfer = write.type === 'heartrate' ? buffersOf(write.samples) : [];
        worker.postMessage({ id, write, state }, transfer);
      });
    },
    async close() {
      failure ??= new Error('the history writer is closed.');
      worker.postMessage({ close: true });
      await exited;
    },
  };
}
