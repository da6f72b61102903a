/**
 * A worker as `oura serve --role worker` will run it: sync jobs and webhook
 * passes from the shared database's queue, each person's sealed Oura login
 * and history from the same database, every request counted against the Oura
 * application's shared budget. One pool for the histories, logins and budget; pg-boss
 * keeps its own.
 */
import pg from 'pg';
import type { Day } from '../../calendar/days.js';
import type { DataType } from '../../oura/data-types.js';
import type { OuraApp } from '../oura-app.js';
import { openAppRequestBudget } from '../rate-budget/app-request-budget.js';
import type { Sealer } from '../state/user-store.js';
import { openPgUserStore } from '../state-pg/pg-user-store.js';
import { type JobQueueOptions, openJobQueue } from './job-queue.js';
import { reconcile } from './reconcile.js';
import { syncWorker } from './sync-worker.js';
import { webhookWorker } from './webhook-worker.js';
import { workerSources } from './worker-sources.js';

export interface WorkerOptions {
  databaseUrl: string;
  sealer: Sealer;
  app: OuraApp;
  /** The application's budget until Oura's headers say otherwise (default Oura's published 5000 per 300 s). */
  budget?: { limit: number; windowSeconds: number };
  types: readonly DataType[];
  since?: Day;
  now?: () => Date;
  /** Syncs at once in this process (default 2). */
  concurrency?: number;
  /** A job's turn before it yields to others (default 60 s). */
  turnMs?: number;
  queue?: Omit<JobQueueOptions, 'connectionString'>;
  /** How long a person's history may hear nothing before a sync looks for what was missed (default 6 h). */
  quietMs?: number;
  /** Connections for histories, logins, webhook passes and the budget (default 5 + 2 per sync at once). */
  maxConnections?: number;
  log?: (line: string) => void;
}

export interface RunningWorker {
  /** Takes no new job, lets the running ones finish (up to `timeoutMs`), closes the connections. */
  stop(timeoutMs?: number): Promise<void>;
}

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const concurrency = options.concurrency ?? 2;
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    // A sync holds one connection for its lock and uses one or two more at a time; a
    // webhook pass one at a time.
    max: options.maxConnections ?? 5 + 2 * concurrency,
  });
  // An idle connection the server cut (a restart): the pool drops it, the next query opens another.
  pool.on('error', () => {});
  try {
    const queue = await openJobQueue({ connectionString: options.databaseUrl, ...options.queue });
    const budget = await openAppRequestBudget({
      pool,
      app: options.app.credentials.clientId,
      ...(options.budget
        ? { limit: options.budget.limit, windowSeconds: options.budget.windowSeconds }
        : {}),
    });
    const people = await openPgUserStore(pool, options.sealer, Date.now);
    const sourceFor = await workerSources({
      pool,
      sealer: options.sealer,
      app: options.app,
      budget,
    });
    await queue.work(
      syncWorker({
        pool,
        sourceFor,
        types: options.types,
        ...(options.since ? { since: options.since } : {}),
        ...(options.now ? { now: options.now } : {}),
        ...(options.log ? { log: options.log } : {}),
        turn: {
          ms: options.turnMs ?? 60_000,
          continueLater: (person) => queue.continueLater(person),
        },
        markSynced: (person) => people.markSynced(person),
        present: async (person) => (await people.get(person)) !== undefined,
      }),
      concurrency,
    );
    await queue.workEvents(
      webhookWorker({
        pool,
        fetchDocument: async (person, type, id) => (await sourceFor(person)).get(type, id),
        passAt: (person, at) => queue.applyEvents(person, { at }),
        ...(options.log ? { log: options.log } : {}),
      }),
      1,
    );
    await queue.workReconcile(async () => {
      const { quiet, overdue } = await reconcile({
        pool,
        people: async () => (await people.all()).filter((p) => !p.ouraProblem).map((p) => p.id),
        request: (person) => queue.request(person),
        applyEvents: (person) => queue.applyEvents(person),
        ...(options.quietMs ? { quietMs: options.quietMs } : {}),
      });
      if (quiet.length > 0) options.log?.(`reconcile: ${quiet.length} quiet histories to sync`);
      if (overdue.length > 0) {
        options.log?.(`reconcile: ${overdue.length} histories with overdue webhook events`);
      }
    });
    await queue.scheduleReconcile();
    return {
      async stop(timeoutMs) {
        await queue.stop(timeoutMs);
        await pool.end();
      },
    };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
