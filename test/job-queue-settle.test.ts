/**
 * A job whose work ends while PostgreSQL is down (a restart) is settled once
 * the database is back. Left active, it would hold its person's next job (the
 * queues are stately) until it expired: 15 minutes for a sync.
 */
import { expect, it } from 'vitest';
import { openJobQueue, SYNC_QUEUE } from '../src/serve/jobs/job-queue.js';
import { postgresAvailable } from './helpers/postgres.js';
import { startPrivatePostgres } from './helpers/private-postgres.js';
import { describeOrSkip } from './helpers/requirements.js';
import { freePort } from './helpers/serve.js';

const hasPostgres = await postgresAvailable();

/** Far beyond the test's wait: only settling, not the expiry, can finish the job in time. */
const EXPIRE_SECONDS = 600;
const SETTLED_WITHIN_MS = 60_000;

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describeOrSkip(hasPostgres, 'PostgreSQL is not reachable', 'settling a job', () => {
  it('a sync that ends while PostgreSQL is down is completed once it is back, and not run again', {
    timeout: 120_000,
  }, async () => {
    const server = await startPrivatePostgres(await freePort());
    const queue = await openJobQueue({
      connectionString: server.url,
      expireInSeconds: EXPIRE_SECONDS,
      pollingIntervalSeconds: 0.2,
      maxConnections: 2,
    });
    try {
      let up: (() => Promise<void>) | undefined;
      let runs = 0;
      await queue.work(async () => {
        runs++;
        // The database goes while the sync runs; the sync ends before it is back.
        if (runs === 1) up = await server.down();
      }, 1);
      await queue.request('person-a');
      await until(() => up !== undefined, 30_000);
      await (up as () => Promise<void>)();
      await until(
        async () => (await queue.pending(SYNC_QUEUE).catch(() => -1)) === 0,
        SETTLED_WITHIN_MS,
      );
      expect(runs).toBe(1);
    } finally {
      await queue.stop(5_000).catch(() => {});
      await server.stop();
    }
  });
});
