// One `oura serve` worker for bench/many-rings.js (startWorker, as
// `--role worker` will run it), against the bench's emulator. Prints
// `<epoch ms> <line>` per job so the bench can tell when each person was done.
// Env: DATABASE_URL, the emulator's own, EMULATOR_URL, OURA_SERVE_KEY,
// CLIENT_ID, CLIENT_SECRET, BUDGET and BUDGET_WINDOW (the application's limit).
import { resolveEndpoints } from '../dist/auth/servers.js';
import { DATA_TYPES } from '../dist/oura/data-types.js';
import { startWorker } from '../dist/serve/jobs/start-worker.js';
import { sealingKeysFromEnv } from '../dist/serve/keys/env-key.js';

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
  budget: { limit: Number(env.BUDGET), windowSeconds: Number(env.BUDGET_WINDOW) },
  types: DATA_TYPES,
  concurrency: Number(env.CONCURRENCY),
  // An idle worker asks for a job twice a second: the bench starts them before the jobs exist.
  queue: { pollingIntervalSeconds: 0.5 },
  log: (line) => process.stdout.write(`${Date.now()} ${line}\n`),
});
process.stdout.write('worker ready\n');
process.once('SIGTERM', async () => {
  await worker.stop(10_000);
  process.exit(0);
});
