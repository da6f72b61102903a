// A worker process for the job-queue tests, as `oura serve --role worker`
// will start it (startWorker), against the emulator. Prints one line per job.
// Env: DATABASE_URL, the emulator's own (its endpoints, as `emulator.env()`
// gives them), EMULATOR_URL, OURA_SERVE_KEY, CLIENT_ID, CLIENT_SECRET, SINCE,
// TODAY, and BUDGET (requests per second).
import { resolveEndpoints } from '../../dist/auth/servers.js';
import { startWorker } from '../../dist/serve/jobs/start-worker.js';
import { sealingKeysFromEnv } from '../../dist/serve/keys/env-key.js';

const env = process.env;
const worker = await startWorker({
  databaseUrl: env.DATABASE_URL,
  sealer: sealingKeysFromEnv(env.OURA_SERVE_KEY),
  app: {
    endpoints: resolveEndpoints('oura', env),
    credentials: { clientId: env.CLIENT_ID, clientSecret: env.CLIENT_SECRET },
    scopes: [],
    apiUrl: env.EMULATOR_URL,
  },
  budget: { limit: Number(env.BUDGET), windowSeconds: 1 },
  types: ['daily_sleep', 'daily_activity', 'workout', 'heartrate'],
  since: env.SINCE,
  now: () => new Date(`${env.TODAY}T12:00:00`),
  queue: {
    expireInSeconds: 4,
    retryDelaySeconds: 1,
    // Retried from 1 s with backoff, five tries last ~30 s: a PostgreSQL restart on a loaded
    // machine outlasted them once (a person's sync failed for good, their history empty).
    retryLimit: 20,
    pollingIntervalSeconds: 0.5,
    maintenanceIntervalSeconds: 1,
  },
  log: (line) => process.stdout.write(`${line}\n`),
});
process.stdout.write('worker ready\n');
process.once('SIGTERM', async () => {
  await worker.stop(10_000);
  process.exit(0);
});
