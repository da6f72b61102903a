/**
 * Webhook events in a person's PostgreSQL schema, and the documents they
 * bring, for `oura serve` on PostgreSQL: the web process commits an event
 * (its `webhook_events` row) before answering Oura; a worker applies it later.
 * The same rules as the SQLite file's (`webhook-queue.ts`,
 * `webhook-documents.ts`): a redelivered event is recognised by its key, a
 * document is checked as a sync checks it, and one the sync would store the
 * same is left unchanged. A document write and a sync's window write of the
 * same schema take turns on one transaction lock, so neither undoes the other.
 */
import type { Pool, PoolClient } from 'pg';
import type { DataType } from '../../oura/data-types.js';
import { checkDocument, DocumentRefusedError } from '../document-check.js';
import { CHANGED_AT_KEY } from '../reader.js';
import type { Applied } from '../webhook-documents.js';
import type { QueuedEvent } from '../webhook-queue.js';
import { hashOf } from '../writer.js';
import { inTransaction, schemaIdentifier } from './pg-open.js';

type Queryable = Pool | PoolClient;

/** Taken by every transaction that writes a schema's documents (see pg-writer.ts). */
export async function holdWriteLock(client: PoolClient, schema: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
    `oura-write:${schema}`,
  ]);
}

/** Commits an event; 'duplicate' when its key was accepted before (applied or not). */
export async function recordEvent(
  db: Queryable,
  schema: string,
  event: Omit<QueuedEvent, 'attempts' | 'received_at'>,
  now: number,
): Promise<'queued' | 'duplicate'> {
  const s = schemaIdentifier(schema);
  const inserted = await db.query(
    `INSERT INTO ${s}.webhook_events (key, event_type, data_type, object_id, event_time, received_at, next_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (key) DO NOTHING`,
    [event.key, event.event_type, event.data_type, event.object_id, event.event_time, now],
  );
  return inserted.rowCount === 1 ? 'queued' : 'duplicate';
}

/** Events due now, oldest first. */
export async function dueEvents(
  db: Queryable,
  schema: string,
  now: number,
  limit: number,
): Promise<QueuedEvent[]> {
  const s = schemaIdentifier(schema);
  const found = await db.query<QueuedEvent & { received_at: string }>(
    `SELECT key, event_type, data_type, object_id, event_time, attempts, received_at
       FROM ${s}.webhook_events WHERE done_at IS NULL AND next_at <= $1
      ORDER BY received_at, key LIMIT $2`,
    [now, limit],
  );
  return found.rows.map((row) => ({ ...row, received_at: Number(row.received_at) }));
}

/** Events not yet applied (due now or later). */
export async function pendingEvents(db: Queryable, schema: string): Promise<number> {
  const s = schemaIdentifier(schema);
  const found = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM ${s}.webhook_events WHERE done_at IS NULL`,
  );
  return Number(found.rows[0]?.n ?? 0);
}

/** Ends events: applied, or refused for good (`reason`). */
export async function settleEvents(
  db: Queryable,
  schema: string,
  keys: readonly string[],
  now: number,
  refused?: string,
): Promise<void> {
  const s = schemaIdentifier(schema);
  await db.query(
    `UPDATE ${s}.webhook_events SET done_at = $2, last_error = $3,
       attempts = attempts + CASE WHEN $3::text IS NULL THEN 0 ELSE 1 END
     WHERE key = ANY($1)`,
    [keys, now, refused ?? null],
  );
}

/** Keeps events for another attempt at `at`. */
export async function retryEventsLater(
  db: Queryable,
  schema: string,
  keys: readonly string[],
  at: number,
  error: string,
): Promise<void> {
  const s = schemaIdentifier(schema);
  await db.query(
    `UPDATE ${s}.webhook_events SET attempts = attempts + 1, next_at = $2, last_error = $3
     WHERE key = ANY($1)`,
    [keys, at, error],
  );
}

const touch = (client: PoolClient, s: string, now: number) =>
  client.query(
    `INSERT INTO ${s}.meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    [CHANGED_AT_KEY, new Date(now).toISOString()],
  );

/**
 * Stores the document fetched for an event, once it passes the check a sync
 * applies; throws {@link DocumentRefusedError} (writing nothing) if not.
 */
export async function storeWebhookDocument(
  pool: Pool,
  schema: string,
  type: DataType,
  objectId: string,
  doc: unknown,
  now: number,
): Promise<Applied> {
  // Oura sends no heart-rate webhooks (samples have no id to fetch).
  if (type === 'heartrate') throw new Error('heart rate is not stored as documents');
  const checked = checkDocument(type, doc, objectId);
  if (!checked.ok) throw new DocumentRefusedError(type, checked);
  const { id, day } = checked;
  const text = JSON.stringify(doc);
  const hash = hashOf(text);
  const s = schemaIdentifier(schema);
  return inTransaction(pool, async (client) => {
    await holdWriteLock(client, schema);
    const before = await client.query<{ hash: string }>(
      `SELECT hash FROM ${s}.documents WHERE type = $1 AND id = $2`,
      [type, id],
    );
    if (before.rows[0]?.hash === hash) return 'unchanged';
    if (before.rows[0]) {
      await client.query(
        `UPDATE ${s}.documents SET day = $3, hash = $4, doc = $5::json WHERE type = $1 AND id = $2`,
        [type, id, day, hash, text],
      );
    } else {
      // Last of its day: Oura lists a day's documents in the order they were made.
      await client.query(
        `INSERT INTO ${s}.documents (type, id, day, ts, ord, hash, doc)
         SELECT $1, $2, $3, NULL,
                coalesce((SELECT max(ord) + 1 FROM ${s}.documents WHERE type = $1 AND day IS NOT DISTINCT FROM $3), 0),
                $4, $5::json`,
        [type, id, day, hash, text],
      );
    }
    await touch(client, s, now);
    return before.rows[0] ? 'updated' : 'inserted';
  });
}

/** Deletes a document by its id ('absent' when the history never had it). */
export async function removeWebhookDocument(
  pool: Pool,
  schema: string,
  type: DataType,
  id: string,
  now: number,
): Promise<Applied> {
  const s = schemaIdentifier(schema);
  return inTransaction(pool, async (client) => {
    await holdWriteLock(client, schema);
    const gone = await client.query(`DELETE FROM ${s}.documents WHERE type = $1 AND id = $2`, [
      type,
      id,
    ]);
    if (gone.rowCount === 0) return 'absent';
    await touch(client, s, now);
    return 'deleted';
  });
}
