/**
 * Webhook events and the documents they bring, in a person's PostgreSQL
 * schema, held to the SQLite file's rules (history-webhook-race.test.ts,
 * document-check.test.ts): an event is recorded once, a document is checked
 * as a sync checks it, and a sync window listed before a webhook neither
 * deletes what the webhook stored nor puts the older version back.
 */
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DocumentRefusedError } from '../src/history/document-check.js';
import { migrateSchema } from '../src/history/postgres/pg-open.js';
import {
  dueEvents,
  pendingEvents,
  recordEvent,
  removeWebhookDocument,
  retryEventsLater,
  settleEvents,
  storeWebhookDocument,
} from '../src/history/postgres/pg-webhook-events.js';
import { postgresWriter } from '../src/history/postgres/pg-writer.js';
import { eventKey } from '../src/webhook/queue.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { describeOrSkip } from './helpers/requirements.js';

const hasPostgres = await postgresAvailable();
let database: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  if (!hasPostgres) return;
  database = await createTestDatabase();
  pool = database.pool();
});

afterAll(async () => {
  await database?.drop();
});

const span = { kind: 'days', start: '2025-03-01', end: '2025-03-03' } as const;
const state = { start: '2025-03-01', through: '2025-03-03' };
const workout = (id: string, day: string, calories: number) => ({ id, day, calories });
const event = (id: string, type: 'create' | 'update' | 'delete' = 'create') => {
  const fields = {
    event_type: type,
    data_type: 'workout',
    object_id: id,
    event_time: null,
  } as const;
  return { key: eventKey({ ...fields, user_id: 'person' }), ...fields };
};

async function stored(schema: string) {
  const rows = await pool.query(
    `SELECT id, day, ord, (doc ->> 'calories')::int AS calories FROM "${schema}".documents ORDER BY id`,
  );
  return rows.rows;
}

describeOrSkip(hasPostgres, 'PostgreSQL is not reachable', 'webhook events on PostgreSQL', () => {
  it('a window listed before a webhook leaves what the webhook stored; one listed after has the last word', async () => {
    const schema = 'person_race';
    await migrateSchema(pool, schema);
    const writer = postgresWriter(pool, schema);
    const window = (docs: unknown[], listedFrom: number) =>
      writer.write({ type: 'workout', span, docs, listedFrom }, state);
    await window([workout('a', '2025-03-01', 100), workout('b', '2025-03-02', 200)], 1_000);

    // The sync starts listing at 2000; meanwhile Oura announces a new workout and a revision.
    const webhook = async (id: string, doc: unknown, at: number) => {
      const queued = event(id);
      await recordEvent(pool, schema, queued, at);
      await storeWebhookDocument(pool, schema, 'workout', id, doc, at);
      await settleEvents(pool, schema, [queued.key], at + 5);
    };
    await webhook('c', workout('c', '2025-03-03', 300), 2_100);
    await webhook('b', workout('b', '2025-03-02', 250), 2_200);

    const counts = await window(
      [workout('a', '2025-03-01', 100), workout('b', '2025-03-02', 200)],
      2_000,
    );
    expect(counts).toEqual({ inserted: 0, updated: 0, deleted: 0 });
    expect((await stored(schema)).map(({ id, calories }) => ({ id, calories }))).toEqual([
      { id: 'a', calories: 100 },
      { id: 'b', calories: 250 },
      { id: 'c', calories: 300 },
    ]);

    const later = await window(
      [workout('a', '2025-03-01', 100), workout('b', '2025-03-02', 260)],
      3_000,
    );
    expect(later).toEqual({ inserted: 0, updated: 1, deleted: 1 });
    expect((await stored(schema)).map(({ id, calories }) => ({ id, calories }))).toEqual([
      { id: 'a', calories: 100 },
      { id: 'b', calories: 260 },
    ]);
    await writer.close();
  });

  it('records an event once, hands out what is due, and keeps a failed one for later', async () => {
    const schema = 'person_queue';
    await migrateSchema(pool, schema);
    const first = event('w1');
    expect(await recordEvent(pool, schema, first, 1_000)).toBe('queued');
    expect(await recordEvent(pool, schema, first, 1_500)).toBe('duplicate');
    const second = event('w2', 'delete');
    await recordEvent(pool, schema, second, 2_000);
    expect((await dueEvents(pool, schema, 2_000, 10)).map((due) => due.key)).toEqual([
      first.key,
      second.key,
    ]);
    await retryEventsLater(pool, schema, [first.key], 9_000, 'Oura answered 503');
    expect((await dueEvents(pool, schema, 5_000, 10)).map((due) => due.key)).toEqual([second.key]);
    const [retried] = await dueEvents(pool, schema, 9_000, 10);
    expect(retried).toMatchObject({ key: first.key, attempts: 1, received_at: 1_000 });
    await settleEvents(pool, schema, [first.key, second.key], 9_500);
    expect(await pendingEvents(pool, schema)).toBe(0);
    // Applied events are remembered: a redelivery is still a duplicate.
    expect(await recordEvent(pool, schema, first, 10_000)).toBe('duplicate');
  });

  it('stores, revises and deletes a document as the SQLite history does, and refuses a bad one', async () => {
    const schema = 'person_docs';
    await migrateSchema(pool, schema);
    const store = (doc: unknown) =>
      storeWebhookDocument(pool, schema, 'workout', (doc as { id: string }).id, doc, 5_000);
    expect(await store(workout('x', '2025-03-01', 10))).toBe('inserted');
    expect(await store(workout('y', '2025-03-01', 20))).toBe('inserted');
    expect(await store(workout('x', '2025-03-01', 10))).toBe('unchanged');
    expect(await store(workout('x', '2025-03-01', 11))).toBe('updated');
    // A day's documents in the order they were made: the second is after the first.
    expect(await stored(schema)).toEqual([
      { id: 'x', day: '2025-03-01', ord: 0, calories: 11 },
      { id: 'y', day: '2025-03-01', ord: 1, calories: 20 },
    ]);
    await expect(store({ id: 'z', calories: 'lots' })).rejects.toBeInstanceOf(DocumentRefusedError);
    expect(await removeWebhookDocument(pool, schema, 'workout', 'y', 6_000)).toBe('deleted');
    expect(await removeWebhookDocument(pool, schema, 'workout', 'y', 6_000)).toBe('absent');
    expect((await stored(schema)).map((row) => row.id)).toEqual(['x']);
    const changed = await pool.query(
      `SELECT value FROM "${schema}".meta WHERE key = 'webhook_changed_at'`,
    );
    expect(changed.rows[0]?.value).toBe(new Date(6_000).toISOString());
  });
});
