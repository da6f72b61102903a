/**
 * Webhook events on PostgreSQL, end to end short of the HTTP route: the web
 * side's inbox commits each event with its job, workers apply them into the
 * people's schemas, a redelivery is a duplicate, an event for nobody here is
 * dropped, and a fetch that fails is kept and applied once Oura answers
 * again. Every history then equals what Oura lists.
 */
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OuraClient } from '../src/api/client.js';
import { resolveEndpoints } from '../src/auth/servers.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { openPostgresHistory } from '../src/history/postgres/pg-history.js';
import { pendingEvents } from '../src/history/postgres/pg-webhook-events.js';
import { type DataType, ENDPOINTS } from '../src/oura/data-types.js';
import { type JobQueue, openJobQueue, WEBHOOK_QUEUE } from '../src/serve/jobs/job-queue.js';
import { webhookWorker } from '../src/serve/jobs/webhook-worker.js';
import { workerSources } from '../src/serve/jobs/worker-sources.js';
import { generateSealingKey, SealingKeys } from '../src/serve/keys/sealing-keys.js';
import { historySchemaOf } from '../src/serve/person-schema.js';
import { openAppRequestBudget } from '../src/serve/rate-budget/app-request-budget.js';
import { openPgUserStore } from '../src/serve/state-pg/pg-user-store.js';
import { pgWebhookInbox } from '../src/serve/webhooks/pg-webhook-inbox.js';
import type { WebhookEvent } from '../src/webhook/event.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { describeOrSkip } from './helpers/requirements.js';
import { SERVE_APP } from './helpers/serve.js';

const TODAY = '2025-06-15';
const now = () => new Date(`${TODAY}T12:00:00`);
const RANGE = { start: '2025-05-20', end: TODAY };
const TYPES: DataType[] = ['daily_sleep', 'workout'];
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

const liveClient = (account: number) =>
  new OuraClient({ token: emulator.mintTokens({ account }).access_token, baseUrl: emulator.url });

describeOrSkip(hasPostgres, 'PostgreSQL is not reachable', 'webhook events as jobs', () => {
  it('applies each event once into its person’s schema, keeps a failed fetch for later, and drops strangers’', {
    timeout: 60_000,
  }, async () => {
    const keys = new SealingKeys(generateSealingKey());
    const users = await openPgUserStore(pool, keys, Date.now);
    const people = emulator.accounts.map((account) => account.userId);
    for (const [account, person] of people.entries()) {
      const minted = emulator.mintTokens({ account, clientId: SERVE_APP.clientId });
      await users.saveSignIn({
        id: person,
        email: undefined,
        role: 'member',
        tokens: { access_token: minted.access_token, refresh_token: minted.refresh_token },
      });
      const store = await openPostgresHistory(pool, historySchemaOf(person));
      await store.sync(liveClient(account), { types: TYPES, since: RANGE.start, now });
    }
    const app = {
      endpoints: resolveEndpoints('oura', emulator.env()),
      credentials: SERVE_APP,
      scopes: [],
      apiUrl: emulator.url,
    };
    const budget = await openAppRequestBudget({ pool, app: SERVE_APP.clientId });
    const sourceFor = await workerSources({ pool, sealer: keys, app, budget });
    queue = await openJobQueue({ connectionString: database.url, pollingIntervalSeconds: 0.5 });
    const jobs = queue;
    const lines: string[] = [];
    await jobs.workEvents(
      webhookWorker({
        pool,
        fetchDocument: async (person, type, id) => (await sourceFor(person)).get(type, id),
        passAt: (person, at) => jobs.applyEvents(person, { at }),
        log: (line) => lines.push(line),
        retryBaseMs: 300,
      }),
      2,
    );
    const inbox = pgWebhookInbox({ pool, queue: jobs, users, now: Date.now });
    const eventFor = (
      account: number,
      event_type: WebhookEvent['event_type'],
      data_type: DataType,
      object_id: string,
    ): WebhookEvent => ({
      event_type,
      data_type,
      webhook_type: data_type,
      object_id,
      event_time: new Date().toISOString(),
      user_id: people[account] as string,
    });
    const firstOf = async (account: number, type: DataType) => {
      for await (const batch of liveClient(account).listBatches(type as never, RANGE)) {
        const doc = batch[0] as { id: string } | undefined;
        if (doc) return doc.id;
      }
      throw new Error(`no ${type}`);
    };

    // Oura revises a night and deletes a workout of the first person; the events arrive twice.
    const night = await firstOf(0, 'daily_sleep');
    emulator.reviseDocument('daily_sleep', night, { score: 42 }, 0);
    const revised = eventFor(0, 'update', 'daily_sleep', night);
    expect(await inbox.accept(revised)).toBe('queued');
    expect(await inbox.accept(revised)).toBe('duplicate');
    const workout = await firstOf(0, 'workout');
    emulator.deleteDocument('workout', workout, 0);
    expect(await inbox.accept(eventFor(0, 'delete', 'workout', workout))).toBe('queued');
    // An event for nobody on this server.
    expect(await inbox.accept({ ...revised, user_id: 'stranger' })).toBe('unknown');
    // The second person's night is revised while Oura fails every request: kept, then applied.
    const secondNight = await firstOf(1, 'daily_sleep');
    emulator.setFaults({ failureRate: 1 });
    emulator.reviseDocument('daily_sleep', secondNight, { score: 7 }, 1);
    expect(await inbox.accept(eventFor(1, 'update', 'daily_sleep', secondNight))).toBe('queued');
    await until(
      async () => lines.some((line) => line.startsWith('kept update daily_sleep')),
      20_000,
    );
    emulator.setFaults({ failureRate: 0 });

    await until(async () => {
      for (const person of people)
        if ((await pendingEvents(pool, historySchemaOf(person))) > 0) return false;
      return (await jobs.pending(WEBHOOK_QUEUE)) === 0;
    }, 40_000);

    for (const [account, person] of people.entries()) {
      const store = await openPostgresHistory(pool, historySchemaOf(person));
      for (const type of TYPES) {
        const listed: unknown[] = [];
        for await (const batch of liveClient(account).listBatches(type as never, RANGE))
          listed.push(...batch);
        expect(
          await store.reader.documents(ENDPOINTS[type], RANGE),
          `${type} of ${account}`,
        ).toEqual(listed);
      }
      await store.close();
    }
    expect(lines.filter((line) => line.startsWith('applied update daily_sleep'))).toHaveLength(2);
    expect(lines.filter((line) => line.startsWith('applied delete workout'))).toHaveLength(1);
  });
});
