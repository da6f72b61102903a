// A worker process for the job-queue tests, built as `oura serve`'s worker
// role will be: sync jobs from the database's queue, each person's sealed
// Oura login from the same database (the key in OURA_SERVE_KEY, as a
// deployment gives it), every request counted against the Oura
// application's shared budget. Prints one line per job.
// Env: DATABASE_URL, the emulator's own (its endpoints, as `emulator.env()`
// gives them), EMULATOR_URL, OURA_SERVE_KEY, CLIENT_ID, CLIENT_SECRET, SINCE,
// TODAY, and BUDGET (requests per second).
import pg from 'pg';
import { resolveEndpoints } from '../../dist/auth/servers.js';
import { openSyncQueue } from '../../dist/serve/jobs/sync-queue.js';
import { syncWorker } from '../../dist/serve/jobs/sync-worker.js';
import { workerSources } from '../../dist/serve/jobs/worker-sources.js';
import { sealingKeysFromEnv } from '../../dist/serve/keys/env-key.js';
import { openAppRequestBudget } from '../../dist/serve/rate-budget/app-request-budget.js';

const env = process.env;
const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 6 });
// An idle connection cut by a server restart: the next query gets a new one.
pool.on('error', () => {});
const queue = await openSyncQueue({
  connectionString: env.DATABASE_URL,
  expireInSeconds: 4,
  retryDelaySeconds: 1,
  pollingIntervalSeconds: 0.5,
  maintenanceIntervalSeconds: 1,
});
const sourceFor = await workerSources({
  pool,
  sealer: sealingKeysFromEnv(env.OURA_SERVE_KEY),
  app: {
    endpoints: resolveEndpoints('oura', env),
    credentials: { clientId: env.CLIENT_ID, clientSecret: env.CLIENT_SECRET },
    scopes: [],
    apiUrl: env.EMULATOR_URL,
  },
  budget: await openAppRequestBudget({
    pool,
    app: env.CLIENT_ID,
    limit: Number(env.BUDGET),
    windowSeconds: 1,
  }),
});
const sync = syncWorker({
  pool,
  sourceFor,
  types: ['daily_sleep', 'daily_activity', 'workout', 'heartrate'],
  since: env.SINCE,
  now: () => new Date(`${env.TODAY}T12:00:00`),
  log: (line) => process.stdout.write(`${line}\n`),
});
await queue.work(sync, 2);
process.stdout.write('worker ready\n');
process.once('SIGTERM', async () => {
  await queue.stop(10_000);
  await pool.end();
  process.exit(0);
});
