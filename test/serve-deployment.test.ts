/**
 * Issue 21's deployment: one `oura serve --role web` and three `--role
 * worker` processes (the built binary) on a PostgreSQL server of the test's
 * own, 50 emulated people signing in. One worker is killed with SIGKILL in
 * the middle of a sync, PostgreSQL is stopped and started again once while
 * syncs are still waiting and webhook events are on their way, and Oura revises and deletes
 * documents meanwhile. Then every person's history must equal a
 * single-process reference sync of the same account into a SQLite file,
 * every event Oura sent must be recorded once and applied, and no process
 * may have printed a secret.
 */
import { join } from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { OuraClient } from '../dist/api/client.js';
import { addDays, localDay } from '../dist/calendar/days.js';
import { type Emulator, startEmulator } from '../dist/emulator/index.js';
import { openPostgresHistory } from '../dist/history/postgres/pg-history.js';
import { pendingEvents } from '../dist/history/postgres/pg-webhook-events.js';
import { sqliteHistoryStore } from '../dist/history/sqlite-store.js';
import { DATA_TYPES, ENDPOINTS } from '../dist/oura/data-types.js';
import { openJobQueue, SYNC_QUEUE, WEBHOOK_QUEUE } from '../dist/serve/jobs/job-queue.js';
import { sealingKeysFromEnv } from '../dist/serve/keys/env-key.js';
import { encodeSealingKey } from '../dist/serve/keys/key-text.js';
import { generateSealingKey } from '../dist/serve/keys/sealing-keys.js';
import { historySchemaOf } from '../dist/serve/person-schema.js';
import { webhookVerificationToken } from '../dist/serve/state/webhook-token.js';
import { connectPgServeState } from '../dist/serve/state-pg/pg-serve-state.js';
import { type CliRun, expectNoSecrets } from './helpers/cli.js';
import { postgresAvailable } from './helpers/postgres.js';
import { startPrivatePostgres } from './helpers/private-postgres.js';
import { onCleanup } from './helpers/processes.js';
import { describeOrSkip } from './helpers/requirements.js';
import { freePort } from './helpers/serve.js';
import {
  assistantFor,
  browserAt,
  deploymentEnv,
  startWebProcess,
  startWorkerProcess,
} from './helpers/serve-deployment.js';
import { tempDir } from './helpers/temp.js';

const PEOPLE = 50;
/** Days of every type per person: enough for each sync to take a while, few enough for 2 cores. */
const HISTORY_DAYS = 30;
const APP = { clientId: 'deployment-app', clientSecret: 'deployment-app-secret' } as const;
/** Every stored day, whatever today is. */
const ALL_DAYS = { start: '2015-01-01', end: '2100-01-01' };
/** The whole run's bound: generous for a loaded machine, never open-ended. */
const SETTLE_TIMEOUT_MS = 240_000;
/** Sign-ins at once: a browser each, through one web process. */
const SIGN_IN_BATCH = 5;

const hasPostgres = await postgresAvailable();

/** Polls `check` until it answers nothing left to wait for; else fails with its last answer. */
async function until(check: () => Promise<string | undefined>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const waiting = await check().catch((error: Error) => `checking failed: ${error.message}`);
    if (waiting === undefined) return;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${waiting}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Runs `task` over `items`, `limit` at a time. */
async function inBatches<T>(items: T[], limit: number, task: (item: T) => Promise<void>) {
  for (let at = 0; at < items.length; at += limit) {
    await Promise.all(items.slice(at, at + limit).map(task));
  }
}

/** The application's webhooks for what the test will change, pointed at the web process, as Oura verifies them. */
async function subscribe(emulator: Emulator, callbackUrl: string, verificationToken: string) {
  for (const [eventType, dataType] of [
    ['update', 'daily_sleep'],
    ['delete', 'workout'],
  ] as const) {
    const response = await fetch(`${emulator.url}/v2/webhook/subscription`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-client-id': APP.clientId,
        'x-client-secret': APP.clientSecret,
      },
      body: JSON.stringify({
        callback_url: callbackUrl,
        verification_token: verificationToken,
        event_type: eventType,
        data_type: dataType,
      }),
    });
    expect(response.status, await response.text()).toBe(201);
  }
}

interface Change {
  account: number;
  type: 'daily_sleep' | 'workout';
  id: string;
  event: 'update' | 'delete';
}

/**
 * Oura recomputes one night of `account` (a revision, sent as `update`) and,
 * when they have a workout, deletes one (`delete`). Answers what it changed.
 */
async function changeAtOura(emulator: Emulator, account: number): Promise<Change[]> {
  const live = new OuraClient({
    token: emulator.mintTokens({ account, clientId: APP.clientId }).access_token,
    baseUrl: emulator.url,
  });
  const ids = async (type: 'daily_sleep' | 'workout') => {
    const found: string[] = [];
    for await (const batch of live.listBatches(type, ALL_DAYS)) {
      for (const doc of batch) found.push((doc as { id: string }).id);
    }
    return found;
  };
  const changes: Change[] = [];
  const nights = await ids('daily_sleep');
  const night = nights[account % nights.length] as string;
  emulator.reviseDocument('daily_sleep', night, { score: 1 }, account);
  changes.push({ account, type: 'daily_sleep', id: night, event: 'update' });
  const workouts = await ids('workout');
  const workout = workouts[account % Math.max(1, workouts.length)];
  if (workout !== undefined) {
    emulator.deleteDocument('workout', workout, account);
    changes.push({ account, type: 'workout', id: workout, event: 'delete' });
  }
  return changes;
}

describeOrSkip(hasPostgres, 'PostgreSQL is not reachable', 'a deployment on PostgreSQL', () => {
  it('one web and three workers, 50 people, a worker killed and PostgreSQL restarted: every history equals a reference sync, every webhook event applied once', {
    timeout: 420_000,
  }, async () => {
    const server = await startPrivatePostgres(await freePort());
    const port = await freePort();
    const emulator = await startEmulator({
      // Ending yesterday: today's heart rate grows by the minute, and the reference sync
      // comes minutes after the workers' (the same day's end, whenever the test runs).
      today: addDays(localDay(), -1),
      historyDays: HISTORY_DAYS,
      accounts: PEOPLE,
      // The application's budget is not what this test is about: it never binds.
      appRateLimit: { limit: 1_000_000, windowSeconds: 300 },
      // Deliveries refused while PostgreSQL is down are sent again after it is back.
      webhookRetryDelaysMs: [500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000, 8_000, 8_000],
      clients: [{ ...APP, redirectUris: [`http://127.0.0.1:${port}/oura/callback`] }],
    });
    onCleanup(() => emulator.close());
    const sealingKey = encodeSealingKey(generateSealingKey().key);
    const env = await deploymentEnv(emulator, APP, { OURA_SERVE_KEY: sealingKey });
    const people = emulator.accounts;

    const web = await startWebProcess(env, {
      port,
      databaseUrl: server.url,
      allow: people.slice(1).map((person) => person.userId),
    });
    const workers = await Promise.all([0, 1, 2].map(() => startWorkerProcess(env, server.url)));
    const [victim, ...survivors] = workers as [CliRun, ...CliRun[]];

    // Opened last, so its settings are the queue's (the last opener's): a job whose
    // worker died expires after 15 s, and this process's maintenance looks every second.
    const queue = await openJobQueue({
      connectionString: server.url,
      expireInSeconds: 15,
      retryDelaySeconds: 1,
      maintenanceIntervalSeconds: 1,
      maxConnections: 2,
    });
    onCleanup(() => queue.stop(5_000).catch(() => {}));
    const pool = new pg.Pool({ connectionString: server.url, max: 4 });
    // Idle connections cut by the restart: the next query opens another.
    pool.on('error', () => {});
    onCleanup(() => pool.end());
    const queueRow = await pool.query(
      'SELECT expire_seconds, retry_delay FROM oura_jobs.queue WHERE name = $1',
      [SYNC_QUEUE],
    );
    expect(queueRow.rows[0]).toEqual({ expire_seconds: 15, retry_delay: 1 });

    const state = await connectPgServeState(
      server.url,
      sealingKeysFromEnv(sealingKey),
      Date.now,
      () => {},
    );
    const verificationToken = await webhookVerificationToken(
      state.settings,
      sealingKeysFromEnv(sealingKey),
    );
    await state.close();
    await subscribe(emulator, `${web.publicUrl}/oura/webhook`, verificationToken);

    // The first worker to start a sync is killed in the middle of it, and not restarted.
    const killed = victim
      .waitForStderr(/sync started (person_[0-9a-f]{32})/, 120_000)
      .then(([, schema]) => {
        victim.kill('SIGKILL');
        return schema as string;
      });
    const assistant = await assistantFor(web.publicUrl);
    // Each person in a browser of their own, at an address of its own.
    const browserOf = (account: number) => browserAt(`127.0.1.${account + 1}`);
    const mcpTokens = [
      await assistant.signIn({ account: 0, code: web.claim, fetch: browserOf(0) }),
    ];
    await inBatches(
      people.slice(1).map((_, index) => index + 1),
      SIGN_IN_BATCH,
      async (account) => {
        mcpTokens.push(await assistant.signIn({ account, fetch: browserOf(account) }));
      },
    );
    const killedSchema = await killed;

    const changes: Change[] = [];
    const half = Math.floor(PEOPLE / 2);
    for (let account = 0; account < half; account++) {
      changes.push(...(await changeAtOura(emulator, account)));
    }
    // Mid-sync: everyone's sync asked for again (the first ones may all be done by now: they
    // take a few seconds each), so syncs are waiting or running when the server goes.
    for (const person of people) await queue.request(person.userId);
    expect(await queue.pending(SYNC_QUEUE), 'syncs left when PostgreSQL restarts').toBeGreaterThan(
      0,
    );
    // Stopped and started again; Oura's changes meanwhile are refused (503) and sent again.
    const startAgain = await server.down();
    for (let account = half; account < PEOPLE; account++) {
      changes.push(...(await changeAtOura(emulator, account)));
    }
    await startAgain();

    const schemas = people.map((person) => historySchemaOf(person.userId));
    const tails = () =>
      [web.run, ...workers]
        .map((run, index) => `-- process ${index}:\n${run.printed().stderr.slice(-20_000)}`)
        .join('\n');
    await until(async () => {
      const delivered = emulator.stats.webhookDelivered;
      if (delivered < changes.length) return `${delivered} of ${changes.length} events delivered`;
      const jobs = (await queue.pending(SYNC_QUEUE)) + (await queue.pending(WEBHOOK_QUEUE));
      if (jobs > 0) {
        const unfinished = await pool.query(
          `SELECT name, state, retry_count, start_after, started_on, expire_in::text, singleton_key
             FROM oura_jobs.job WHERE state < 'completed'`,
        );
        return `${jobs} jobs pending: ${JSON.stringify(unfinished.rows)}\n${tails()}`;
      }
      for (const schema of schemas) {
        const events = await pendingEvents(pool, schema);
        if (events > 0) return `${events} events of ${schema} not applied\n${tails()}`;
      }
      return undefined;
    }, SETTLE_TIMEOUT_MS);

    const referenceDir = await tempDir('oura-deployment-reference-');
    const changed = new Map(changes.map((change) => [`${change.account}:${change.id}`, change]));
    await inBatches(
      people.map((_, index) => index),
      4,
      async (account) => {
        const schema = schemas[account] as string;
        const stored = await openPostgresHistory(pool, schema);
        const reference = sqliteHistoryStore(join(referenceDir, `${account}.sqlite`));
        try {
          expect(await stored.reader.lastSyncedAt(), `${schema} synced`).toBeDefined();
          await reference.sync(
            new OuraClient({
              token: emulator.mintTokens({ account, clientId: APP.clientId }).access_token,
              baseUrl: emulator.url,
            }),
            { types: DATA_TYPES },
          );
          for (const type of DATA_TYPES) {
            const range = ENDPOINTS[type].kind === 'none' ? undefined : ALL_DAYS;
            const mine = await stored.reader.documents(ENDPOINTS[type], range);
            expect(mine, `${schema} ${type}`).toEqual(
              await reference.reader.documents(ENDPOINTS[type], range),
            );
            const ids = mine.map((doc) => (doc as { id?: string }).id).filter(Boolean);
            expect(new Set(ids).size, `${schema} ${type}: no document twice`).toBe(ids.length);
          }
          for (const change of changes.filter((c) => c.account === account)) {
            const doc = await stored.reader.document(change.type, change.id);
            if (change.event === 'delete') expect(doc, `${schema} ${change.id}`).toBeUndefined();
            else expect(doc, `${schema} ${change.id}`).toMatchObject({ score: 1 });
          }
          // Every event Oura sent was recorded once (its key) and applied.
          const events = await pool.query<{ object_id: string; event_type: string }>(
            `SELECT object_id, event_type FROM "${schema}".webhook_events WHERE done_at IS NOT NULL AND last_error IS NULL ORDER BY object_id`,
          );
          expect(
            events.rows.map((row) => `${account}:${row.object_id}`).sort(),
            `${schema} events`,
          ).toEqual([...changed.keys()].filter((key) => key.startsWith(`${account}:`)).sort());
        } finally {
          await reference.close();
          await stored.close();
        }
      },
    );

    // The killed worker's sync was taken up by another.
    const stoppedAt = Date.now();
    web.run.kill('SIGTERM');
    for (const worker of survivors) worker.kill('SIGTERM');
    const ended = await Promise.all([web.run, ...survivors].map((run) => run.result));
    expect(Date.now() - stoppedAt, 'every process exits promptly on SIGTERM').toBeLessThan(30_000);
    for (const result of ended) expect(result.code, result.stderr).toBe(0);
    // Some of Oura's deliveries came while PostgreSQL was down, and were refused for a retry.
    expect(ended[0]?.stderr).toMatch(/POST \/oura\/webhook 503/);
    const victimEnded = await victim.result;
    expect(victimEnded.code).toBeNull();
    expect(
      ended.slice(1).some((result) => result.stderr.includes(`sync done ${killedSchema}:`)),
      'the killed sync was finished by another worker',
    ).toBe(true);
    for (const result of [...ended, victimEnded]) {
      expectNoSecrets(result, [APP.clientSecret, sealingKey, verificationToken, ...mcpTokens]);
    }
  });
});
