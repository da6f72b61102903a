/**
 * A person who revoked the service's access at Oura, among others syncing:
 * their job ends at once with their login marked for a new sign-in, and is
 * not retried (retries could only fail again, and would hold a worker);
 * everyone else's history is whole.
 */
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OuraClient } from '../src/api/client.js';
import { resolveEndpoints } from '../src/auth/servers.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { openPostgresHistory } from '../src/history/postgres/pg-history.js';
import { type DataType, ENDPOINTS } from '../src/oura/data-types.js';
import { type JobQueue, openJobQueue } from '../src/serve/jobs/job-queue.js';
import { syncWorker } from '../src/serve/jobs/sync-worker.js';
import { workerSources } from '../src/serve/jobs/worker-sources.js';
import { generateSealingKey, SealingKeys } from '../src/serve/keys/sealing-keys.js';
import { historySchemaOf } from '../src/serve/person-schema.js';
import { openAppRequestBudget } from '../src/serve/rate-budget/app-request-budget.js';
import { openPgPersonTokens } from '../src/serve/state-pg/pg-person-tokens.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { describeOrSkip } from './helpers/requirements.js';
import { SERVE_APP } from './helpers/serve.js';

const TODAY = '2025-06-15';
const now = () => new Date(`${TODAY}T12:00:00`);
const TYPES: DataType[] = ['daily_sleep', 'workout'];
const RANGE = { start: '2025-05-17', end: TODAY };
const hasPostgres = await postgresAvailable();
let emulator: Emulator;
let database: TestDatabase;
let pool: pg.Pool;
let queue: JobQueue | undefined;

beforeAll(async () => {
  if (!hasPostgres) return;
  emulator = await startEmulator({
    today: TODAY,
    historyDays: 30,
    accounts: 3,
    clients: [{ ...SERVE_APP, redirectUris: ['http://127.0.0.1:1/oura/callback'] }],
  });
  database = await createTestDatabase();
  // As a worker sizes it (start-worker.ts): a sync holds a connection for its lock and uses two more.
  pool = database.pool(8);
});

afterAll(async () => {
  await queue?.stop(5_000);
  await database?.drop();
  await emulator?.close();
});

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not done within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describeOrSkip(hasPostgres, 'PostgreSQL is not reachable', 'a login revoked at Oura', () => {
  it('ends that person’s job without retries and marks their login; the others sync whole', {
    timeout: 60_000,
  }, async () => {
    const keys = new SealingKeys(generateSealingKey());
    const app = {
      endpoints: resolveEndpoints('oura', emulator.env()),
      credentials: SERVE_APP,
      scopes: [],
      apiUrl: emulator.url,
    };
    const logins = await openPgPersonTokens(pool, keys);
    const people = emulator.accounts.map((account) => account.userId);
    for (const [account, person] of people.entries()) {
      const minted = emulator.mintTokens({ account, clientId: SERVE_APP.clientId });
      // Stored as run out: the first request refreshes.
      await logins.enroll(person, {
        access_token: minted.access_token,
        refresh_token: minted.refresh_token,
        issued_at: Date.now() - 7_200_000,
        expires_at: Date.now() - 3_600_000,
      });
      if (account !== 0) continue;
      // The first person revokes the service's access at Oura.
      const revoked = await fetch(emulator.revokeUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          token: minted.refresh_token,
          client_id: SERVE_APP.clientId,
          client_secret: SERVE_APP.clientSecret,
        }).toString(),
      });
      expect(revoked.ok).toBe(true);
    }
    const budget = await openAppRequestBudget({ pool, app: SERVE_APP.clientId });
    const sourceFor = await workerSources({ pool, sealer: keys, app, budget });
    queue = await openJobQueue({
      connectionString: database.url,
      pollingIntervalSeconds: 0.5,
      retryDelaySeconds: 1,
      retryLimit: 3,
    });
    const lines: string[] = [];
    await queue.work(
      syncWorker({ pool, sourceFor, types: TYPES, now, log: (line) => lines.push(line) }),
      2,
    );
    for (const person of people) await queue.request(person);
    await until(async () => (await (queue as JobQueue).pending()) === 0, 45_000);

    const jobs = await pool.query<{ singleton_key: string; state: string; retry_count: number }>(
      'SELECT singleton_key, state, retry_count FROM oura_jobs.job',
    );
    const revokedJob = jobs.rows.find((job) => job.singleton_key === people[0]);
    expect(revokedJob).toMatchObject({ state: 'completed', retry_count: 0 });
    expect((await logins.read(people[0] as string)).problem).toMatch(/invalid_grant/);
    expect(lines).toContain(
      `sync stopped ${historySchemaOf(people[0] as string)}: the person must sign in with Oura again`,
    );

    for (const [account, person] of people.entries()) {
      if (account === 0) continue;
      const live = new OuraClient({
        token: emulator.mintTokens({ account }).access_token,
        baseUrl: emulator.url,
      });
      const store = await openPostgresHistory(pool, historySchemaOf(person));
      try {
        for (const type of TYPES) {
          const listed: unknown[] = [];
          for await (const batch of live.listBatches(type as never, RANGE)) listed.push(...batch);
          const stored = await store.reader.documents(ENDPOINTS[type], RANGE);
          expect(stored.length, `${type} of account ${account}`).toBeGreaterThan(0);
          expect(stored).toEqual(listed);
        }
      } finally {
        await store.close();
      }
    }
  });
});
