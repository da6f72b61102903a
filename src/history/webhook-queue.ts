/**
 * The durable queue of webhook events, a table of the history database
 * (migrations.ts, `webhook_events`). The receiver commits an event here before it
 * answers Oura, so an acknowledged event survives a crash; the worker applies
 * it later. Applied events are kept for a day: a redelivery of the same event
 * (Oura retries for about an hour) finds its key and is not applied again.
 */
import type { DataType } from '../oura/data-types.js';
import type { Db } from './database.js';

export type EventType = 'create' | 'update' | 'delete';

/** One event as the receiver accepted it, with the data type in its REST spelling. */
export interface QueuedEvent {
  key: string;
  event_type: EventType;
  data_type: DataType;
  object_id: string;
  event_time: string | null;
  attempts: number;
  /** Epoch ms the receiver committed it. */
  received_at: number;
}

/** How long applied events are remembered to recognise redeliveries. */
export const REMEMBER_MS = 24 * 3_600_000;

/** Commits an event; 'duplicate' when this event was accepted before (applied or not). */
export function enqueue(
  db: Db,
  event: Omit<QueuedEvent, 'attempts' | 'received_at'>,
  now: number,
): 'queued' | 'duplicate' {
  const inserted = db
    .prepare(
      `INSERT OR IGNORE INTO webhook_events (key, event_type, data_type, object_id, event_time, received_at, next_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(event.key, event.event_type, event.data_type, event.object_id, event.event_time, now, now);
  return inserted.changes === 1 ? 'queued' : 'duplicate';
}

/** Events due now, oldest first. */
export function dueEvents(db: Db, now: number, limit: number): QueuedEvent[] {
  return db
    .prepare(
      `SELECT key, event_type, data_type, object_id, event_time, attempts, received_at FROM webhook_events
       WHERE done_at IS NULL AND next_at <= ? ORDER BY received_at, rowid LIMIT ?`,
    )
    .all(now, limit) as QueuedEvent[];
}

/** When the next pending event falls due (epoch ms), or undefined when none is pending. */
export function nextDue(db: Db): number | undefined {
  const row = db
    .prepare('SELECT min(next_at) AS at FROM webhook_events WHERE done_at IS NULL')
    .get() as { at: number | null };
  return row.at ?? undefined;
}

/** Events not yet applied. */
export function pendingCount(db: Db): number {
  return (
    db.prepare('SELECT count(*) AS n FROM webhook_events WHERE done_at IS NULL').get() as {
      n: number;
    }
  ).n;
}

export function markDone(db: Db, keys: readonly string[], now: number): void {
  const done = db.prepare('UPDATE webhook_events SET done_at = ?, last_error = NULL WHERE key = ?');
  db.transaction(() => {
    for (const key of keys) done.run(now, key);
  }).immediate();
}

/**
 * Ends events whose document the history refused: done (not retried), with
 * the reason kept in `last_error`, which for an applied event is null.
 */
export function markRefused(db: Db, keys: readonly string[], now: number, reason: string): void {
  const refused = db.prepare(
    'UPDATE webhook_events SET done_at = ?, attempts = attempts + 1, last_error = ? WHERE key = ?',
  );
  db.transaction(() => {
    for (const key of keys) refused.run(now, `refused: ${reason}`.slice(0, 500), key);
  }).immediate();
}

export function retryLater(db: Db, keys: readonly string[], at: number, error: string): void {
  const later = db.prepare(
    'UPDATE webhook_events SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE key = ?',
  );
  db.transaction(() => {
    for (const key of keys) later.run(at, error.slice(0, 500), key);
  }).immediate();
}

/** Forgets applied events older than {@link REMEMBER_MS}; pending ones are never removed. */
export function forgetOld(db: Db, now: number): void {
  db.prepare('DELETE FROM webhook_events WHERE done_at IS NOT NULL AND done_at < ?').run(
    now - REMEMBER_MS,
  );
}
