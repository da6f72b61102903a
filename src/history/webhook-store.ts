/**
 * What `oura webhook listen` does to the history: the queue of events
 * (`webhook-queue.ts`) and the documents they bring (`webhook-documents.ts`).
 * Every write goes through the history's writer (in `History.openWebhookStore`,
 * its worker thread); the queue is read on a read-only connection. The
 * listener holds no connection itself.
 */
import type { DataType } from '../oura/data-types.js';
import type { Db } from './connection.js';
import { checkDocument, DocumentRefusedError } from './document-check.js';
import type { Applied } from './webhook-documents.js';
import { dueEvents, nextDue, pendingCount, type QueuedEvent } from './webhook-queue.js';
import type { WindowWriter } from './window-writer.js';

export type { Applied } from './webhook-documents.js';

export interface WebhookStore {
  /** Commits an event; 'duplicate' when this event was accepted before (applied or not). */
  enqueue(
    event: Omit<QueuedEvent, 'attempts' | 'received_at'>,
    now: number,
  ): Promise<'queued' | 'duplicate'>;
  /** Events due now, oldest first. */
  dueEvents(now: number, limit: number): QueuedEvent[];
  /** When the next pending event falls due (epoch ms), or undefined when none is pending. */
  nextDue(): number | undefined;
  /** Events not yet applied. */
  pendingCount(): number;
  markDone(keys: readonly string[], now: number): Promise<void>;
  /** Ends events whose document the history refused (not retried), keeping the reason. */
  markRefused(keys: readonly string[], now: number, reason: string): Promise<void>;
  retryLater(keys: readonly string[], at: number, error: string): Promise<void>;
  /** Forgets applied events older than a day; pending ones are never removed. */
  forgetOld(now: number): Promise<void>;
  /** Stores the document an event announced, checked as a sync checks it (DocumentRefusedError if not). */
  storeDocument(type: DataType, id: string, doc: unknown): Promise<Applied>;
  /** Deletes a document by its id ('absent' when the history never had it). */
  removeDocument(type: DataType, id: string): Promise<Applied>;
  /** Waits for the writes handed over, then lets go of the file. */
  close(): Promise<void>;
}

/** The webhook store reading on `reader` and writing through `writer`. */
export function webhookStore(reader: Db, writer: WindowWriter): WebhookStore {
  return {
    enqueue: (event, now) => writer.webhook('enqueue', event, now),
    dueEvents: (now, limit) => dueEvents(reader, now, limit),
    nextDue: () => nextDue(reader),
    pendingCount: () => pendingCount(reader),
    markDone: (keys, now) => writer.webhook('markDone', keys, now),
    markRefused: (keys, now, reason) => writer.webhook('markRefused', keys, now, reason),
    retryLater: (keys, at, error) => writer.webhook('retryLater', keys, at, error),
    forgetOld: (now) => writer.webhook('forgetOld', now),
    storeDocument: async (type, id, doc) => {
      // Checked here too: the refusal, a class of its own, does not cross to the writer's thread and back.
      if (type !== 'heartrate') {
        const checked = checkDocument(type, doc, id);
        if (!checked.ok) throw new DocumentRefusedError(type, checked);
      }
      return writer.webhook('storeDocument', type, id, doc);
    },
    removeDocument: (type, id) => writer.webhook('removeDocument', type, id),
    async close() {
      await writer.close();
      reader.close();
    },
  };
}
