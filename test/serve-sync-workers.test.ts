/**
 * Syncs as jobs on the PostgreSQL job queue, run by worker processes: three
 * workers share one database; one is killed with SIGKILL in the middle of a
 * sync. Every person's history must still end up equal to what the live API
 * lists, with no document twice, and the killed worker's job must be taken
 * up by another.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OuraClient } from '../src/api/client.js';
import type { DayRange } from '../src/calendar/days.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { openPostgresHistory } from '../src/history/postgres/pg-history.js';
import { ENDPOINTS } from '../src/oura/data-types.js';
import { type JobQueue, openJobQueue } from '../src/serve/jobs/job-queue.js';
import { encodeSealingKey } from '../src/serve/keys/key-text.js';
import { generateSealingKey, SealingKeys } from '../src/serve/keys/sealing-keys.js';
import { historySchemaOf } from '../src/serve/person-schema.js';
import { openPgPersonTokens } from '../src/serve/state-pg/pg-person-tokens.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { startPrivatePostgres } from './helpers/private-postgres.js';
import { trackChild } from './helpers/processes.js';
import { describeOrSkip } from './helpers/requirements.js';
import { freePort, SERVE_APP } from './helpers/serve.js';

const TODAY = '2025-06-15';
const SINCE = '2025-05-01';
const RANGE: DayRange = { start: SINCE, end: TODAY };
const PEOPLE = 8;
/** The Oura application's requests per second, shared by every worker. */
const BUDGET_PER_SECOND = 400;
const WORKER = fileURLToPath(new URL('./processes/sync-worker.mjs', import.meta.url));

const hasPostgres = await postgresAvailable();
let emulator: Emulator;
let database: TestDatabase;

beforeAll(async () => {
  if (!hasPostgres) return;
  // Latency makes each sync last long enough to be killed in the middle of.
  emulator = await startEmulator({
    today: TODAY,
    historyDays: 60,
    accounts: PEOPLE,
    latencyMs: 60,
    clients: [{ ...SERVE_APP, redirectUris: ['http://127.0.0.1:1/oura/callback'] }],
  });
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
  await emulator?.close();
});

interface Worker {
  lines: string[];
  /** Resolves with the first line matching `pattern`. */
  waitFor(pattern: RegExp): Promise<string>;
  kill(signal: NodeJS.Signals): void;
}

function startWorker(env: Record<string, string>): Worker {
  const child = trackChild(
    spawn(process.execPath, [WORKER], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const lines: string[] = [];
  const waiting: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const wait of [...waiting]) {
      if (wait.pattern.test(line)) {
        waiting.splice(waiting.indexOf(wait), 1);
        wait.resolve(line);
      }
    }
  });
  // Its warnings (a restarted database's cut connections) are kept for a failure's message.
  createInterface({ input: child.stderr }).on('line', (line) => lines.push(`stderr: ${line}`));
  return {
    lines,
    waitFor: (pattern) =>
      new Promise((resolve) => {
        const seen = lines.find((line) => pattern.test(line));
        if (seen) resolve(seen);
        else waiting.push({ pattern, resolve });
      }),
    kill: (signal) => child.kill(signal),
  };
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not done within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function collect<T>(items: AsyncIterable<readonly T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of items) out.push(...batch);
  return out;
}

/**
 * Every account enrolled in the database with its Oura login, sealed under a
 * key the workers get as a deployment gives it (OURA_SERVE_KEY); the
 * workers' environment; and each account's token for reading the live API.
 */
async function enrollEveryone(
  databaseUrl: string,
): Promise<{ tokens: Record<string, string>; env: Record<string, string> }> {
  const key = generateSealingKey();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on('error', () => {}); // a connection killed by the database's drop
  const tokens: Record<string, string> = {};
  try {
    const logins = await openPgPersonTokens(pool, new SealingKeys(key));
    for (const [index, account] of emulator.accounts.entries()) {
      const minted = emulator.mintTokens({ account: index, clientId: SERVE_APP.clientId });
      tokens[account.userId] = minted.access_token;
      await logins.enroll(account.userId, {
        access_token: minted.access_token,
        refresh_token: minted.refresh_token,
        issued_at: Date.now(),
        expires_at: Date.now() + minted.expires_in * 1000,
      });
    }
  } finally {
    await pool.end();
  }
  const env = {
    ...emulator.env(),
    DATABASE_URL: databaseUrl,
    EMULATOR_URL: emulator.url,
    OURA_SERVE_KEY: encodeSealingKey(key.key),
    CLIENT_ID: SERVE_APP.clientId,
    CLIENT_SECRET: SERVE_APP.clientSecret,
    BUDGET: String(BUDGET_PER_SECOND),
    SINCE,
    TODAY,
  };
  return { tokens, env };
}

/** Each person's history equals what the live API lists, and covers the days asked for. */
async function expectWholeHistories(
  databaseUrl: string,
  tokens: Record<string, string>,
  people: number,
): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on('error', () => {}); // a connection killed by the database's drop
  try {
    for (const [index, account] of emulator.accounts.slice(0, people).entries()) {
      const live = new OuraClient({
        token: tokens[account.userId] as string,
        baseUrl: emulator.url,
      });
      const store = await openPostgresHistory(pool, historySchemaOf(account.userId));
      for (const type of ['daily_sleep', 'workout', 'heartrate'] as const) {
        const stored = await store.reader.documents(ENDPOINTS[type], RANGE);
        expect(stored, `person ${index} ${type}`).toEqual(
          await collect(live.listBatches(type, RANGE)),
        );
      }
      expect(await store.reader.coverage('daily_sleep')).toMatchObject({
        start: SINCE,
        through: TODAY,
      });
    }
  } finally {
    await pool.end();
  }
}

/** The workers' queue settings (test/processes/sync-worker.mjs): a dead worker's job expires after 4 s. */
const QUEUE_SETTINGS = {
  maxConnections: 2,
  expireInSeconds: 4,
  retryDelaySeconds: 1,
  retryLimit: 20,
} as const;

describeOrSkip(hasPostgres, 'PostgreSQL is not reachable', 'sync jobs on PostgreSQL', () => {
  let queue: JobQueue;

  afterAll(async () => {
    await queue?.stop(5_000);
  });

  it("a worker killed mid-sync loses nothing: another takes its job, and every person's history is whole", {
    timeout: 150_000,
  }, async () => {
    const { tokens, env } = await enrollEveryone(database.url);
    queue = await openJobQueue({ connectionString: database.url, ...QUEUE_SETTINGS });
    for (const account of emulator.accounts) {
      expect(await queue.request(account.userId)).toEqual(expect.any(String));
    }
    // A second request while one waits is the same job.
    expect(await queue.request(emulator.accounts[0]?.userId as string)).toBeNull();

    const workers = [startWorker(env), startWorker(env), startWorker(env)];
    const victim = workers[0] as Worker;
    const started = await victim.waitFor(/^sync started /);
    const killedSchema = started.replace('sync started ', '');
    victim.kill('SIGKILL');

    await until(async () => (await queue.pending()) === 0, 90_000);
    const finishers = workers
      .slice(1)
      .filter((worker) =>
        worker.lines.some((line) => line.startsWith(`sync done ${killedSchema}:`)),
      );
    expect(finishers.length, 'the killed sync was finished by another worker').toBeGreaterThan(0);
    expect(victim.lines.some((line) => line.startsWith(`sync done ${killedSchema}:`))).toBe(false);

    await expectWholeHistories(database.url, tokens, PEOPLE);
    for (const worker of workers.slice(1)) worker.kill('SIGTERM');
  });

  it('PostgreSQL restarted in the middle of the syncs: the workers carry on, and nothing is lost', {
    timeout: 150_000,
  }, async () => {
    const server = await startPrivatePostgres(await freePort());
    const { tokens, env } = await enrollEveryone(server.url);
    const people = 4;
    const restartQueue = await openJobQueue({ connectionString: server.url, ...QUEUE_SETTINGS });
    try {
      for (const account of emulator.accounts.slice(0, people))
        await restartQueue.request(account.userId);
      const workers = [startWorker(env), startWorker(env)];
      // Both started (a worker that cannot reach its database at start ends, as a service should).
      await Promise.all(workers.map((worker) => worker.waitFor(/^worker ready$/)));
      await Promise.race(workers.map((worker) => worker.waitFor(/^sync started /)));
      await server.restart();
      await until(async () => (await restartQueue.pending().catch(() => -1)) === 0, 60_000).catch(
        (error: Error) => {
          throw new Error(
            `${error.message}; the workers said:\n${workers.map((w) => w.lines.join('\n')).join('\n--\n')}`,
          );
        },
      );
      await expectWholeHistories(server.url, tokens, people);
      for (const worker of workers) worker.kill('SIGTERM');
    } finally {
      await restartQueue.stop(5_000).catch(() => {});
      await server.stop();
    }
  });
});
