// A worker process for the job-queue tests: takes sync jobs from the
// database's queue and syncs each person's PostgreSQL history from the
// emulator, with the access token the test minted for them (read from an
// owner-only file, never the command line). Prints one line per job.
// Env: DATABASE_URL, EMULATOR_URL, TOKENS_FILE, SINCE, TODAY.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { OuraClient } from '../../dist/api/client.js';
import { openSyncQueue } from '../../dist/serve/jobs/sync-queue.js';
import { syncWorker } from '../../dist/serve/jobs/sync-worker.js';

const env = process.env;
const tokens = JSON.parse(readFileSync(env.TOKENS_FILE, 'utf8'));
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
const sync = syncWorker({
  pool,
  sourceFor: async (person) => new OuraClient({ token: tokens[person], baseUrl: env.EMULATOR_URL }),
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
