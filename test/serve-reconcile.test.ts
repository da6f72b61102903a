/**
 * Reconciliation on PostgreSQL: a person whose history heard nothing for a
 * while (no sync, no webhook event) gets a sync, as does one never synced;
 * one synced lately, or whose webhooks still arrive, does not. A person
 * with an event long overdue gets a pass over their events.
 */
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrateSchema } from '../src/history/postgres/pg-open.js';
import { recordEvent } from '../src/history/postgres/pg-webhook-events.js';
import { reconcile } from '../src/serve/jobs/reconcile.js';
import { historySchemaOf } from '../src/serve/person-schema.js';
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

const HOUR = 3_600_000;
const NOW = Date.parse('2026-03-01T12:00:00Z');

async function history(person: string, syncedAgoMs: number, eventAgoMs?: number) {
  const schema = historySchemaOf(person);
  await migrateSchema(pool, schema);
  await pool.query(`INSERT INTO "${schema}".meta (key, value) VALUES ('synced_at', $1)`, [
    new Date(NOW - syncedAgoMs).toISOString(),
  ]);
  if (eventAgoMs !== undefined) {
    await recordEvent(
      pool,
      schema,
      {
        key: `k-${person}`,
        event_type: 'update',
        data_type: 'daily_sleep',
        object_id: 'x',
        event_time: null,
      },
      NOW - eventAgoMs,
    );
  }
}

describeOrSkip(hasPostgres, 'PostgreSQL is not reachable', 'reconciliation', () => {
  it('syncs the quiet and the never synced, and leaves the others', async () => {
    await history('fresh', 1 * HOUR);
    await history('webhooks-arrive', 7 * HOUR, 1 * HOUR);
    await history('quiet', 7 * HOUR);
    await history('quiet-webhooks', 9 * HOUR, 8 * HOUR);
    // An event due a minute ago is the normal pass's to apply; one due an hour ago lost its ask.
    await history('event-just-now', 1 * HOUR, 60_000);
    await pool.query(
      `UPDATE "${historySchemaOf('webhooks-arrive')}".webhook_events SET done_at = $1`,
      [NOW - HOUR],
    );
    const requested: string[] = [];
    const passes: string[] = [];
    const asked = await reconcile({
      pool,
      people: async () => [
        'fresh',
        'webhooks-arrive',
        'quiet',
        'quiet-webhooks',
        'never-synced',
        'event-just-now',
      ],
      request: async (person) => requested.push(person),
      applyEvents: async (person) => passes.push(person),
      quietMs: 6 * HOUR,
      now: () => NOW,
    });
    expect(asked.quiet).toEqual(['quiet', 'quiet-webhooks', 'never-synced']);
    expect(requested).toEqual(asked.quiet);
    // quiet-webhooks' event, received 8 hours ago, was never applied.
    expect(asked.overdue).toEqual(['quiet-webhooks']);
    expect(passes).toEqual(asked.overdue);
  });
});
