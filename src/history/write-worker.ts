/**
 * The worker thread of {@link workerWriter}: the one connection that writes
 * the history file, writing each window (and meta row) it is handed, in order.
 *
 * Protocol: first, unasked, {opened: true} once the file is open and
 * migrated, or {opened: false, error} and the thread ends;
 * {id, write, state} → {id, counts} or {id, error: {message, code}};
 * {id, meta: {key, value}} and {id, synced: {type, at}} → {id} or {id, error};
 * {id, check: true} → {id} or {id, error: {message, code, damage}}, and after
 * a check that found damage every write is answered with that error;
 * {close: true} closes the file and ends the thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { DataType } from '../oura/data-types.js';
import type { Db } from './database.js';
import { checkHistory, openForWrite } from './database.js';
import { HistoryError, isCorruption } from './errors.js';
import { runWebhookWrite, type WebhookWrite, type WebhookWriteArgs } from './webhook-writes.js';
import type { OpenReply, WriteFault, WriteReply } from './window-writer.js';
import {
  markSynced,
  type StateAdvance,
  type WindowWrite,
  writeMeta,
  writeWindow,
} from './writer.js';

type Request =
  | { id: number; write: WindowWrite; state: StateAdvance }
  | { id: number; meta: { key: string; value: string } }
  | { id: number; synced: { type: DataType; at: string } }
  | { id: number; webhook: { name: WebhookWrite; args: WebhookWriteArgs<WebhookWrite> } }
  | { id: number; check: true }
  | { close: true };

const port = parentPort;
if (!port) throw new Error('write-worker runs as a worker thread.');
/** What a failed check found: nothing more is written into a damaged file. */
let damaged: WriteFault | undefined;

function faultOf(error: unknown): WriteFault {
  const { message = String(error), code } = error as { message?: string; code?: string };
  if (error instanceof HistoryError && isCorruption(error.cause)) {
    // The finding travels without the file name: the other side names the file again.
    const cause = error.cause as Error & { code?: string };
    return { message, damage: cause.message, ...(cause.code ? { code: cause.code } : {}) };
  }
  if (error instanceof HistoryError && error.hint !== undefined)
    return { message, hint: error.hint };
  return { message, ...(code ? { code } : {}) };
}

/**
 * The writer's page cache, in KiB: SQLite's own default, not better-sqlite3's
 * 16 MB. Set once the file is open and migrated (a migration rebuilds with the
 * larger cache), for every writer thread: sync, webhook listener, serve. The
 * writer appends windows and reads back only the window it replaces, so a
 * larger cache mostly holds pages it will not read again. A two-year sync ran
 * as fast with 2 MB as with 16 or 32 MB (alternating runs), and its peak RSS
 * at 40 ms fell from 136 to 119-120 MB on Node 20 and from 144-147 to 129-131
 * MB on Node 24, which had reached the 150 MB goal.
 */
const WRITER_CACHE_KIB = 2000;

/** The file, open and migrated; or undefined, and the other side told why. */
async function open(path: string, busyTimeoutMs?: number): Promise<Db | undefined> {
  try {
    const db = await openForWrite(path);
    db.pragma(`cache_size = -${WRITER_CACHE_KIB}`);
    if (busyTimeoutMs !== undefined) db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    port?.postMessage({ opened: true } satisfies OpenReply);
    return db;
  } catch (error) {
    port?.postMessage({ opened: false, error: faultOf(error) } satisfies OpenReply);
    return undefined;
  }
}

function answer(db: Db, request: Exclude<Request, { close: true }>): WriteReply {
  if ('check' in request) {
    try {
      checkHistory(db);
      return { id: request.id };
    } catch (error) {
      const fault = faultOf(error);
      if (fault.damage !== undefined) damaged = fault;
      return { id: request.id, error: fault };
    }
  }
  if (damaged) return { id: request.id, error: damaged };
  try {
    if ('meta' in request) writeMeta(db, request.meta.key, request.meta.value);
    else if ('synced' in request) markSynced(db, request.synced.type, request.synced.at);
    else if ('webhook' in request) {
      const { name, args } = request.webhook;
      return { id: request.id, result: runWebhookWrite(db, name, args) };
    } else return { id: request.id, counts: writeWindow(db, request.write, request.state) };
    return { id: request.id };
  } catch (error) {
    return { id: request.id, error: faultOf(error) };
  }
}

const { path, busyTimeoutMs } = workerData as { path: string; busyTimeoutMs?: number };
const db = await open(path, busyTimeoutMs);
// Without the file there is nothing to answer: closing the port ends the thread.
if (!db) port.close();
else {
  port.on('message', (request: Request) => {
    if ('close' in request) {
      db.close();
      port.close();
      return;
    }
    port.postMessage(answer(db, request));
  });
}
