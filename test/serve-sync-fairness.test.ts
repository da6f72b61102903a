/**
 * Fair turns on the sync queue: a person's first sync (a backfill) runs a
 * turn at a time and waits behind the other people's syncs asked for
 * meanwhile, so their latest nights arrive while it is still going; and it
 * still ends with the whole history.
 */
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OuraClient } from '../src/api/client.js';
import type { DayRange } from '../src/calendar/days.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { openPostgresHistory } from '../src/history/postgres/pg-history.js';
import { type DataType, ENDPOINTS } from '../src/oura/data-types.js';
import { type JobQueue, openJobQueue } from '../src/serve/jobs/job-queue.js';
import { syncWorker } from '../src/serve/jobs/sync-worker.js';
import { historySchemaOf } from '../src/serve/person-schema.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { describeOrSkip } from './helpers/requirements.js';

const TODAY = '2025-06-15';
const now = () => new Date(`${TODAY}T12:00:00`);
const TYPES: DataType[] = ['daily_sleep', 'workout', 'heartrate'];
const hasPostgres = await postgresAvailable();
let emulator: Emulator;
let database: TestDatabase;
let pool: pg.Pool;
let queue: JobQueue | undefined;

beforeAll(async () => {
  if (!hasPostgres) return;
  emulator = await startEmulator({ today: TODAY, historyDays: 700, accounts: 4, latencyMs: 40 });
  database = await createTestDatabase();
  pool = database.pool();
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

describeOrSkip(hasPostgres, 'PostgreSQL is not reachable', 'fair turns on the sync queue', () => {
  it("a backfill yields its turn: the others' syncs asked after it finish before it", {
    timeout: 120_000,
  }, async () => {
    const clients = emulator.accounts.map(
      (_, index) =>
        new OuraClient({
          token: emulator.mintTokens({ account: index }).access_token,
          baseUrl: emulator.url,
        }),
    );
    const people = emulator.accounts.map((account) => account.userId);
    // Everyone but the first has synced their last month before: theirs are the nightly syncs.
    for (const [index, person] of people.entries()) {
      if (index === 0) continue;
      const store = await openPostgresHistory(pool, historySchemaOf(person));
      await store.sync(clients[index] as OuraClient, { types: TYPES, now, since: '2025-05-15' });
    }
    queue = await openJobQueue({ connectionString: database.url, pollingIntervalSeconds: 0.5 });
    const lines: string[] = [];
    const work = syncWorker({
      pool,
      sourceFor: async (person) => clients[people.indexOf(person)] as OuraClient,
      types: TYPES,
      now,
      log: (line) => lines.push(line),
      turn: { ms: 300, continueLater: (person) => (queue as JobQueue).continueLater(person) },
    });
    for (const person of people) await queue.request(person);
    await queue.work(work, 1);
    await until(async () => (await (queue as JobQueue).pending()) === 0, 100_000);

    const doneAt = (person: string) =>
      lines.findIndex((line) => line.startsWith(`sync done ${historySchemaOf(person)}:`));
    const [backfill, ...nightly] = people as [string, ...string[]];
    expect(lines.some((line) => line.startsWith(`sync paused ${historySchemaOf(backfill)}:`))).toBe(
      true,
    );
    for (const person of nightly) {
      expect(doneAt(person), lines.join('\n')).toBeGreaterThanOrEqual(0);
      expect(doneAt(person), lines.join('\n')).toBeLessThan(doneAt(backfill));
    }
    const store = await openPostgresHistory(pool, historySchemaOf(backfill));
    // Two years of heart rate would be slow to list again: its last two months, and the rest whole.
    for (const type of TYPES) {
      const range: DayRange = {
        start: type === 'heartrate' ? '2025-04-15' : '2023-07-01',
        end: TODAY,
      };
      const listed: unknown[] = [];
      for await (const batch of (clients[0] as OuraClient).listBatches(
        type as 'daily_sleep',
        range,
      )) {
        listed.push(...batch);
      }
      expect(await store.reader.documents(ENDPOINTS[type], range), type).toEqual(listed);
    }
  });
});
