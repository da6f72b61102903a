/**
 * A webhook event must never be left with no pass to apply it. The queue
 * keeps one waiting pass per person, so the web's ask for a pass is dropped
 * when one is waiting already; that waiting pass must then read the event.
 * Here a worker takes the waiting pass at the worst moment: while the web is
 * asking for its own (and, had the ask been made inside the event's
 * transaction, before the event was committed, so the pass read nothing and
 * the event stayed pending for good).
 */
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pendingEvents } from '../src/history/postgres/pg-webhook-events.js';
import { type JobQueue, openJobQueue, WEBHOOK_QUEUE } from '../src/serve/jobs/job-queue.js';
import { webhookWorker } from '../src/serve/jobs/webhook-worker.js';
import { historySchemaOf } from '../src/serve/person-schema.js';
import type { ServeUser } from '../src/serve/state/user-store.js';
import { pgWebhookInbox } from '../src/serve/webhooks/pg-webhook-inbox.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { describeOrSkip } from './helpers/requirements.js';

const PERSON = 'race-person';
const hasPostgres = await postgresAvailable();
let database: TestDatabase;
let pool: pg.Pool;
let queue: JobQueue | undefined;

beforeAll(async () => {
  if (!hasPostgres) return;
  database = await createTestDatabase();
  pool = database.pool(6);
});

afterAll(async () => {
  await queue?.stop(5_000);
  await database?.drop();
});

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

describeOrSkip(hasPostgres, 'PostgreSQL is not reachable', 'asking for a webhook pass', () => {
  it('an event whose ask is dropped for a waiting pass is read by that pass, even when a worker takes it during the ask', {
    timeout: 60_000,
  }, async () => {
    queue = await openJobQueue({ connectionString: database.url, pollingIntervalSeconds: 0.1 });
    const jobs = queue;
    const applied: string[] = [];
    const worker = webhookWorker({
      pool,
      // A delete needs no fetch: the document is removed (here, it was never stored).
      fetchDocument: () => Promise.reject(new Error('no fetch expected')),
      passAt: (person, at) => jobs.applyEvents(person, { at }),
      log: (line) => applied.push(line),
    });
    // A pass waits for the person already (an earlier event's), no worker running yet.
    await jobs.applyEvents(PERSON);
    expect(await jobs.pending(WEBHOOK_QUEUE)).toBe(1);

    let raced = false;
    const inbox = pgWebhookInbox({
      pool,
      queue: {
        async applyEvents(person, options) {
          const asked = await jobs.applyEvents(person, options);
          // The worst moment: a worker takes the waiting pass and finishes it now.
          if (!raced) {
            raced = true;
            await jobs.workEvents(worker, 1);
            expect(await until(async () => (await jobs.pending(WEBHOOK_QUEUE)) === 0, 20_000)).toBe(
              true,
            );
          }
          return asked;
        },
      },
      users: { get: async (id) => (id === PERSON ? ({ id } as ServeUser) : undefined) },
      now: Date.now,
    });
    const outcome = await inbox.accept({
      event_type: 'delete',
      data_type: 'workout',
      webhook_type: 'workout',
      object_id: 'workout-1',
      event_time: new Date().toISOString(),
      user_id: PERSON,
    });
    expect(outcome).toBe('queued');
    expect(raced).toBe(true);

    const schema = historySchemaOf(PERSON);
    const settled = await until(async () => (await pendingEvents(pool, schema)) === 0, 10_000);
    expect(settled, `the event is applied (log: ${JSON.stringify(applied)})`).toBe(true);
    expect(applied).toEqual([expect.stringMatching(/^applied delete workout in /)]);
  });
});
