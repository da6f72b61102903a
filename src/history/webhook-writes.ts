/**
 * The writes of `oura webhook listen`, by name, so that they run where the
 * history's one writer runs (its worker thread, see `write-worker.ts`) and
 * cross to it as a name and plain arguments.
 */
import type { Db } from './connection.js';
import { removeDocument, storeDocument } from './webhook-documents.js';
import { enqueue, forgetOld, markDone, markRefused, retryLater } from './webhook-queue.js';

export const WEBHOOK_WRITES = {
  enqueue,
  markDone,
  markRefused,
  retryLater,
  forgetOld,
  storeDocument,
  removeDocument,
} as const;

export type WebhookWrite = keyof typeof WEBHOOK_WRITES;

/** A write's arguments after the connection. */
export type WebhookWriteArgs<K extends WebhookWrite> =
  Parameters<(typeof WEBHOOK_WRITES)[K]> extends [Db, ...infer Rest] ? Rest : never;

export type WebhookWriteResult<K extends WebhookWrite> = ReturnType<(typeof WEBHOOK_WRITES)[K]>;

/** Runs the write `name` on `db` (in the writer's thread). */
export function runWebhookWrite<K extends WebhookWrite>(
  db: Db,
  name: K,
  args: WebhookWriteArgs<K>,
): WebhookWriteResult<K> {
  const write = WEBHOOK_WRITES[name] as (db: Db, ...args: unknown[]) => WebhookWriteResult<K>;
  return write(db, ...(args as unknown[]));
}
