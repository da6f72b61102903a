/**
 * The worker thread of {@link workerWriter}: its own connection to the
 * history file, writing each window it is handed, in order.
 *
 * Protocol: {id, write, state} → {id, counts} or {id, error: {message, code}};
 * {id, check: true} → {id} or {id, error: {message, code, damage}}, and after
 * a check that found damage every write is answered with that error;
 * {close: true} closes the file and ends the thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkHistory, openForWrite } from './database.js';
import { HistoryError } from './errors.js';
import type { WriteFault, WriteReply } from './window-writer.js';
import { type StateAdvance, type WindowWrite, writeWindow } from './writer.js';

type Request =
  | { id: number; write: WindowWrite; state: StateAdvance }
  | { id: number; check: true }
  | { close: true };

const port = parentPort;
if (!port) throw new Error('write-worker runs as a worker thread.');
const db = await openForWrite((workerData as { path: string }).path);
/** What a failed check found: nothing more is written into a damaged file. */
let damaged: WriteFault | undefined;

function faultOf(error: unknown): WriteFault {
  const { message = String(error), code } = error as { message?: string; code?: string };
  if (error instanceof HistoryError && error.cause instanceof Error) {
    // The finding travels without the file name: the other side names the file again.
    const cause = error.cause as Error & { code?: string };
    return { message, damage: cause.message, ...(cause.code ? { code: cause.code } : {}) };
  }
  return { message, ...(code ? { code } : {}) };
}

function answer(request: Exclude<Request, { close: true }>): WriteReply {
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
    return { id: request.id, counts: writeWindow(db, request.write, request.state) };
  } catch (error) {
    return { id: request.id, error: faultOf(error) };
  }
}

port.on('message', (request: Request) => {
  if ('close' in request) {
    db.close();
    port.close();
    return;
  }
  port.postMessage(answer(request));
});
