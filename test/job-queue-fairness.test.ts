/**
 * A person asking for a sync again while theirs runs holds up nobody else: a
 * free worker takes the next person's job. With the sync queue `stately`
 * (one waiting and one running per person), pg-boss's fetch took the first
 * waiting job, the running person's, could not start it, and answered
 * nothing, so every other person waited for that sync's whole turn.
 */
import { expect, it } from 'vitest';
import { openJobQueue } from '../src/serve/jobs/job-queue.js';
import { createTestDatabase, postgresAvailable } from './helpers/postgres.js';
import { describeOrSkip } from './helpers/requirements.js';

const hasPostgres = await postgresAvailable();

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describeOrSkip(hasPostgres, 'PostgreSQL is not reachable', 'the sync queue', () => {
  it("starts another person's sync while one person's runs and the same person asked again", {
    timeout: 90_000,
  }, async () => {
    const database = await createTestDatabase();
    const queue = await openJobQueue({
      connectionString: database.url,
      pollingIntervalSeconds: 0.2,
      maxConnections: 3,
    });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const started: string[] = [];
    try {
      // Three slots: person A's sync, A's second ask (which in a real sync waits for A's
      // history lock), and one free for B.
      await queue.work(async ({ person }) => {
        started.push(person);
        if (person === 'person-a') await held;
      }, 3);
      await queue.request('person-a');
      await until(() => started.includes('person-a'), 30_000, "A's sync started");
      await queue.request('person-a');
      await queue.request('person-b');
      // Generous for a loaded machine; A's sync never ends meanwhile. On the stately queue B
      // started only when two fetches happened to race past A's waiting job (after 20 s once).
      await until(() => started.includes('person-b'), 30_000, "B's sync started while A's ran");
      // What frees the queue: A's second job is taken too (in a real sync it waits for A's lock),
      // where the stately queue could never start it while A's first ran.
      await until(
        () => started.filter((person) => person === 'person-a').length === 2,
        30_000,
        "A's second ask taken while A's first ran",
      );
      expect(started.filter((person) => person === 'person-b')).toHaveLength(1);
    } finally {
      release();
      await queue.stop(5_000).catch(() => {});
      await database.drop();
    }
  });
});
