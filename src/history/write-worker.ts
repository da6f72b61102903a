/**
 * The worker thread of {@link workerWriter}: its own connection to the
 * history file, writing each window it is handed, in order.
 *
 * Protocol: {id, write, state} → {id, counts} or {id, error: {message, code}};
 * {close: true} closes the file and ends the thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openForWrite } from './database.js';
import type { WriteReply } from './window-writer.js';
import { type StateAdvance, type WindowWrite, writeWindow } from './writer.js';

type Request = { id: number; write: WindowWrite; state: StateAdvance } | { close: true };

const port = parentPort;
if (!port) throw new Error('write-worker runs as a worker thread.');
const db = await openForWrite((workerData as { path: string }).path);

port.on('message', (request: Request) => {
  if ('close' in request) {
    db.close();
    port.close();
    return;
  }
  let reply: WriteReply;
  try {
    reply = { id: request.id, counts: writeWindow(db, request.write, request.state) };
  } catch (error) {
    const { message = String(error), code } = error as { message?: string; code?: string };
    reply = { id: request.id, error: { message, ...(code ? { code } : {}) } };
  }
  port.postMessage(reply);
});
