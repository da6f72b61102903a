/**
 * The web side's syncs and webhook events when `oura serve` keeps everything
 * in PostgreSQL: asked for on the job queue, done by whichever worker takes
 * them (`start-worker.ts`). The periodic sync is the workers' reconciliation.
 */
import { delay } from '../../delay.js';
import type { ServeSync } from '../serve-sync.js';
import type { JobQueue } from './job-queue.js';
import { SYNC_QUEUE, WEBHOOK_QUEUE } from './job-queue.js';

/** How often `idle()` asks the queue whether work is left. */
const IDLE_POLL_MS = 100;

export function queueSync(
  queue: Pick<JobQueue, 'request' | 'pending'>,
  log: (line: string) => void,
): ServeSync & {
  /** Resolves when no webhook pass is waiting or running. */
  eventsIdle(): Promise<void>;
} {
  /** Requests on their way to the queue: `idle()` waits for them to land first. */
  const sending = new Set<Promise<unknown>>();
  const drained = async (queues: (typeof SYNC_QUEUE | typeof WEBHOOK_QUEUE)[]) => {
    await Promise.all(sending);
    for (;;) {
      const counts = await Promise.all(queues.map((name) => queue.pending(name)));
      if (counts.every((count) => count === 0)) return;
      await delay(IDLE_POLL_MS);
    }
  };
  return {
    request(userId) {
      const sent = queue
        .request(userId)
        .catch(() => log('sync: the job queue could not be asked; the next reconciliation will'))
        .finally(() => sending.delete(sent));
      sending.add(sent);
    },
    idle: () => drained([SYNC_QUEUE, WEBHOOK_QUEUE]),
    eventsIdle: () => drained([WEBHOOK_QUEUE]),
    start() {},
    async stop() {
      await Promise.all(sending);
    },
  };
}
