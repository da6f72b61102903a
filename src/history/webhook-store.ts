/**
 * What `oura webhook listen` does to the history, as methods on its one
 * write connection: the queue of events (`webhook-queue.ts`) and the
 * documents they bring (`webhook-documents.ts`). The listener holds no
 * connection itself; get one from `History.openWebhookStore()`.
 */
import type { DataType } from '../oura/data-types.js';
import type { Db } from './database.js';
import { type Applied, removeDocument, storeDocument } from './webhook-documents.js';
import {
  dueEvents,
  enqueue,
  forgetOld,
  markDone,
  markRefused,
  nextDue,
  pendingCount,
  type QueuedEvent,
  retryLater,
} from './webhook-queue.js';

export type { Applied } from './webhook-documents.js';

export interface WebhookStore {
  /** Commits an event; 'duplicate' when this event was accepted before (applied or not). */
  enqueue(
    event: Omit<QueuedEvent, 'attempts' | 'received_at'>,
    now: number,
  ): 'queued' | 'duplicate';
  /** Events due now, oldest first. */
  dueEvents(now: number, limit: number): QueuedEvent[];
  /** When the next pending event falls due (epoch ms), or undefined when none is pending. */
  nextDue(): number | undefined;
  /** Events not yet applied. */
  pendingCount(): number;
  markDone(keys: readonly string[], now: number): void;
  /** Ends events whose document the history refused (not retried), keeping the reason. */
  markRefused(keys: readonly string[], now: number, reason: string): void;
  retryLater(keys: readonly string[], at: number, error: string): void;
  /** Forgets applied events older than a day; pending ones are never removed. */
  forgetOld(now: number): void;
  /** Stores the document an event announced, checked as a sync checks it (DocumentRefusedError if not). */
  storeDocument(type: DataType, id: string, doc: unknown): Applied;
  /** Deletes a document by its id ('absent' when the history never had it). */
  removeDocument(type: DataType, id: string): Applied;
  close(): void;
}

/** The webhook store on `db`, a connection open for writing. */
export function webhookStore(db: Db): WebhookStore {
  return {
    enqueue: (event, now) => enqueue(db, event, now),
    dueEvents: (now, limit) => dueEvents(db, now, limit),
    nextDue: () => nextDue(db),
    pendingCount: () => pendingCount(db),
    markDone: (keys, now) => markDone(db, keys, now),
    markRefused: (keys, now, reason) => markRefused(db, keys, now, reason),
    retryLater: (keys, at, error) => retryLater(db, keys, at, error),
    forgetOld: (now) => forgetOld(db, now),
    storeDocument: (type, id, doc) => storeDocument(db, type, id, doc),
    removeDocument: (type, id) => removeDocument(db, type, id),
    close: () => db.close(),
  };
}
