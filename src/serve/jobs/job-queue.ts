/**
 * Syncs and webhook events as jobs on pg-boss, a job queue kept in
 * PostgreSQL: any number of worker processes on any number of machines take
 * them from the one database. The sync queue is `short` per person: at most
 * one job of a person waits, so a double sign-in asks for one more sync, not
 * many. It does not also hold a person to one running job (`stately`): then
 * pg-boss's fetch takes the oldest waiting job, the running person's, cannot
 * start it and answers nothing, and every other person waits for that sync's
 * whole turn. A person's second job waits instead for their history's
 * advisory lock (`openPostgresHistory`), which is what guarantees one sync
 * per person at a time; the queue only spreads the work. The webhook queue
 * stays `stately`, one pass waiting and one running per person (a burst of
 * webhooks asks for one more pass over the recorded events,
 * `webhook-worker.ts`, not one each): passes are short, and two at once would
 * fetch the same documents twice. A failed job is retried with backoff; the
 * job of a worker that died is expired by pg-boss's maintenance (any live
 * process runs it) and retried by another.
 *
 * Jobs are taken with pg-boss's `fetch` and settled with `complete`/`fail`
 * here rather than through its `work` loop: in pg-boss 10 that loop leaves
 * the settling promise unawaited, so settling while the database restarts
 * rejected unheard and ended the worker process, and it gives up on a
 * handler after the expiration while the sync goes on holding its lock.
 */
import PgBoss from 'pg-boss';
import { delay } from '../../delay.js';

export const SYNC_QUEUE = 'oura-sync';
export const WEBHOOK_QUEUE = 'oura-webhook';
/** The schedule's queue: a look for people whose webhooks went quiet (`reconcile.ts`). */
export const RECONCILE_QUEUE = 'oura-reconcile';

/** How long a finished job's worker keeps trying to settle it while the database is away. */
const SETTLE_TRY_MS = 60_000;

/**
 * How long a finished job stays in pg-boss's job table, and then in its
 * archive (pg-boss keeps them 12 hours and 7 days): a job names its person,
 * and one that ran as they left is kept only this long after.
 */
const FINISHED_KEPT_SECONDS = 3600;

/** pg-boss takes higher priorities first. */
const PRIORITY = { asked: 1, continued: 0 } as const;

export interface JobQueueOptions {
  connectionString: string;
  /** The PostgreSQL schema pg-boss keeps its tables in. */
  schema?: string;
  /** A sync running longer than this is taken for dead and retried (pg-boss's expiration). */
  expireInSeconds?: number;
  /** Attempts after the first; default 5. */
  retryLimit?: number;
  /** The first retry's delay in seconds, doubling after (pg-boss's backoff); default 30. */
  retryDelaySeconds?: number;
  /** How often an idle worker asks for a job, and maintenance expires dead workers' jobs. */
  pollingIntervalSeconds?: number;
  maintenanceIntervalSeconds?: number;
  /** pg-boss's own connections; default 4. */
  maxConnections?: number;
}

/** One job's data: whose history. */
export interface SyncJob {
  person: string;
}

export interface JobQueue {
  /** Asks for a sync of `person`; null when one is already waiting for them. */
  request(person: string): Promise<string | null>;
  /**
   * Asks for the rest of a sync that used up its turn (a long backfill): it
   * waits behind every other person's sync asked for meanwhile, so one
   * person's two years never hold up everyone's latest night.
   */
  continueLater(person: string): Promise<string | null>;
  /** Runs `sync` for each job taken, `concurrency` at a time in this process. */
  work(sync: (job: SyncJob) => Promise<void>, concurrency: number): Promise<void>;
  /**
   * Asks for a pass over `person`'s recorded webhook events, at `at` or now.
   * Ask after the events are committed: a pass already waiting takes the
   * place of this one, and reads only what was committed when it starts.
   */
  applyEvents(person: string, options?: { at?: Date }): Promise<unknown>;
  /** Runs `apply` for each webhook job taken, `concurrency` at a time in this process. */
  workEvents(apply: (job: SyncJob) => Promise<void>, concurrency: number): Promise<void>;
  /**
   * Has pg-boss's cron (whichever process runs it first each slot) ask for a
   * reconciliation on `cron` (default every 15 minutes).
   */
  scheduleReconcile(cron?: string): Promise<void>;
  /** Runs `look` for each reconciliation taken, one at a time in this process. */
  workReconcile(look: () => Promise<void>): Promise<void>;
  /**
   * Deletes every job of `person` but a running one, finished and archived
   * ones too, so a person who left is named nowhere. A job running as they
   * leave (or one it asks for after, to continue) finds them gone or fails,
   * and is archived and deleted within `FINISHED_KEPT_SECONDS` twice.
   */
  forget(person: string): Promise<void>;
  /** Sync jobs (or webhook jobs) not yet finished: waiting, to be retried, or running. */
  pending(queue?: typeof SYNC_QUEUE | typeof WEBHOOK_QUEUE): Promise<number>;
  /** Stops taking jobs, waits for the ones running (up to `timeoutMs`), and closes the connections. */
  stop(timeoutMs?: number): Promise<void>;
}

export async function openJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  const schema = options.schema ?? 'oura_jobs';
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema,
    archiveCompletedAfterSeconds: FINISHED_KEPT_SECONDS,
    archiveFailedAfterSeconds: FINISHED_KEPT_SECONDS,
    deleteAfterSeconds: FINISHED_KEPT_SECONDS,
    max: options.maxConnections ?? 4,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
    application_name: 'oura-serve',
  });
  // pg-boss reports a lost connection as an event; the next poll reconnects. Unhandled, it would end the process.
  boss.on('error', (error) => {
    process.emitWarning(`the job queue: ${error.message}`);
  });
  await boss.start();
  const queue = {
    name: SYNC_QUEUE,
    policy: 'short' as const,
    retryLimit: options.retryLimit ?? 5,
    retryDelay: options.retryDelaySeconds ?? 30,
    retryBackoff: true,
    expireInSeconds: options.expireInSeconds ?? 15 * 60,
  };
  // Webhook passes are short: one found dead is retried sooner.
  const events = {
    ...queue,
    name: WEBHOOK_QUEUE,
    policy: 'stately' as const,
    expireInSeconds: 5 * 60,
    retryDelay: 5,
  };
  // The queues' settings are the last opener's: every process of a deployment should be given the same.
  const reconciles = { ...events, name: RECONCILE_QUEUE, policy: 'singleton' as const };
  for (const settings of [queue, events, reconciles]) {
    if (await boss.getQueue(settings.name)) await boss.updateQueue(settings.name, settings);
    else await boss.createQueue(settings.name, settings);
  }
  const pollingMs = (options.pollingIntervalSeconds ?? 2) * 1000;
  const warn = (what: string, error: unknown) =>
    process.emitWarning(`the job queue: ${what}: ${(error as Error).message}`);
  let stopping = false;
  const loops: Promise<void>[] = [];

  /** Takes one job at a time until stopped. A job that cannot be settled (`settle`) expires and is retried. */
  async function takeJobs(name: string, sync: (job: SyncJob) => Promise<void>): Promise<void> {
    while (!stopping) {
      let job: PgBoss.Job<SyncJob> | undefined;
      try {
        [job] = await boss.fetch<SyncJob>(name, { batchSize: 1, priority: true });
      } catch (error) {
        warn('taking a job', error);
      }
      if (!job) {
        await delay(pollingMs);
        continue;
      }
      const id = job.id;
      try {
        await sync(job.data);
      } catch (error) {
        const message = (error as Error).message;
        await settle('failing a job', () => boss.fail(name, id, { message }));
        continue;
      }
      await settle('completing a job', () => boss.complete(name, id));
    }
  }

  /**
   * Settles a job, again and again while the database does not answer (a
   * restart lasts seconds): a job left active holds its person's next job
   * (the queues are stately) until it expires, 15 minutes for a sync.
   * Given up when stopping, or after SETTLE_TRY_MS; then the expiry retries it.
   */
  async function settle(what: string, attempt: () => Promise<unknown>): Promise<void> {
    const giveUpAt = Date.now() + SETTLE_TRY_MS;
    for (let wait = 250; ; wait = Math.min(wait * 2, 5_000)) {
      try {
        await attempt();
        return;
      } catch (error) {
        if (stopping || Date.now() + wait > giveUpAt) {
          warn(what, error);
          return;
        }
      }
      await delay(wait);
    }
  }

  return {
    request: (person) =>
      boss.send(SYNC_QUEUE, { person }, { singletonKey: person, priority: PRIORITY.asked }),
    continueLater: (person) =>
      boss.send(SYNC_QUEUE, { person }, { singletonKey: person, priority: PRIORITY.continued }),
    async work(sync, concurrency) {
      for (let i = 0; i < concurrency; i++) loops.push(takeJobs(SYNC_QUEUE, sync));
    },
    applyEvents: (person, options = {}) =>
      boss.send(
        WEBHOOK_QUEUE,
        { person },
        {
          // One waiting pass now and one waiting for later, each: a retry due in ten minutes
          // must not hold back an event that arrives meanwhile.
          singletonKey: options.at ? `${person}:later` : person,
          ...(options.at ? { startAfter: options.at } : {}),
        },
      ),
    async workEvents(apply, concurrency) {
      for (let i = 0; i < concurrency; i++) loops.push(takeJobs(WEBHOOK_QUEUE, apply));
    },
    scheduleReconcile: (cron = '*/15 * * * *') => boss.schedule(RECONCILE_QUEUE, cron),
    async workReconcile(look) {
      loops.push(takeJobs(RECONCILE_QUEUE, () => look()));
    },
    async forget(person) {
      const db = boss.getDb();
      for (const table of ['job', 'archive']) {
        await db.executeSql(
          `DELETE FROM ${schema}.${table} WHERE data->>'person' = $1 AND state <> 'active'`,
          [person],
        );
      }
    },
    // pg-boss orders its states: created, retry, active, then the finished ones.
    pending: async (name = SYNC_QUEUE) =>
      (await boss.getQueueSize(name, { before: 'completed' })) ?? 0,
    async stop(timeoutMs = 30_000) {
      stopping = true;
      // The cap's timer is cleared once the loops end: left pending, it kept the process
      // alive for the whole cap after a SIGTERM (30 s before `oura serve` exited).
      let cap: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(loops),
        new Promise((resolve) => {
          cap = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(cap);
      await boss.stop({ graceful: false, wait: true });
    },
  };
}
