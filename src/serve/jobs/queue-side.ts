/**
 * The web process's side of the job queue, when `oura serve` keeps
 * everything in PostgreSQL: a sign-in asks for a sync, a webhook event is
 * committed to its person's schema and a pass over it asked for, and
 * workers (in this process with `--role all`, or elsewhere) do the work.
 */
import type { Pool } from 'pg';
import type { ServeSync } from '../serve-sync.js';
import type { UserStore } from '../state/user-store.js';
import { pgWebhookInbox } from '../webhooks/pg-webhook-inbox.js';
import type { ServeInbox } from '../webhooks/serve-webhooks.js';
import { openJobQueue } from './job-queue.js';
import { queueSync } from './queue-sync.js';

export interface QueueSide {
  sync: ServeSync;
  inbox: ServeInbox;
  /** Deletes a departed person's jobs (see `JobQueue.forget`). */
  forget(person: string): Promise<void>;
  close(): Promise<void>;
}

export async function openQueueSide(options: {
  databaseUrl: string;
  /** The state's pool: webhook events are committed through it. */
  pool: Pool;
  users: Pick<UserStore, 'get'>;
  now: () => number;
  log: (line: string) => void;
}): Promise<QueueSide> {
  // Asking only: this process takes no job unless a worker runs in it too (its own queue).
  const queue = await openJobQueue({ connectionString: options.databaseUrl, maxConnections: 2 });
  const sync = queueSync(queue, options.log);
  const events = pgWebhookInbox({
    pool: options.pool,
    queue,
    users: options.users,
    now: options.now,
  });
  return {
    sync,
    inbox: {
      accept: (event) => events.accept(event),
      // What an earlier run left is in the queue, for the workers.
      resume: async () => 0,
      idle: () => sync.eventsIdle(),
      // A person's events go with their schema when they leave.
      drop: async () => {},
      close: async () => {},
    },
    forget: (person) => queue.forget(person),
    async close() {
      await sync.stop();
      await queue.stop();
    },
  };
}
