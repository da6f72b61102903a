/**
 * The history's one contract, held on both stores: the SQLite file and a
 * PostgreSQL schema. Each store is synced from the same emulator and must
 * answer what the live API lists, count the same inserts, revisions and
 * deletions, keep its sync state, refuse writes through a query, and keep
 * everything across a reopen.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OuraClient } from '../src/api/client.js';
import type { DayRange } from '../src/calendar/days.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import type { HistoryStore } from '../src/history/history-store.js';
import type * as PostgresModule from '../src/history/postgres/pg-history.js';
import type * as SqliteModule from '../src/history/sqlite-store.js';
import type { SyncResult } from '../src/history/sync.js';
import { DATA_TYPES, type DataType, ENDPOINTS } from '../src/oura/data-types.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { describeOrSkip } from './helpers/requirements.js';
import { tempDir } from './helpers/temp.js';

// From dist/: the SQLite store writes in a worker thread, which loads the built module.
const { openPostgresHistory }: typeof PostgresModule = await import(
  '../dist/history/postgres/pg-history.js'
);
const { sqliteHistoryStore }: typeof SqliteModule = await import('../dist/history/sqlite-store.js');

const TODAY = '2025-06-15';
const SINCE = '2025-05-10';
const RANGE: DayRange = { start: SINCE, end: TODAY };
/** The emulator's clock and the sync's: noon of its last day, local time. */
const now = () => new Date(`${TODAY}T12:00:00`);

let emulator: Emulator;
let live: OuraClient;
let database: TestDatabase | undefined;
const hasPostgres = await postgresAvailable();

beforeAll(async () => {
  emulator = await startEmulator({ today: TODAY, historyDays: 60, accounts: 2 });
  live = new OuraClient({ token: emulator.mintTokens().access_token, baseUrl: emulator.url });
  if (hasPostgres) database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
  await emulator?.close();
});

async function collect<T>(items: AsyncIterable<readonly T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of items) out.push(...batch);
  return out;
}

/** What the live API lists of `type` for the synced days (undated types: everything). */
function listedLive(type: DataType): Promise<unknown[]> {
  if (type === 'personal_info') return live.personalInfo().then((info) => [info]);
  const range = ENDPOINTS[type].kind === 'none' ? undefined : RANGE;
  return collect(live.listBatches(type as never, range));
}

const sync = (store: HistoryStore, options: { full?: boolean } = {}): Promise<SyncResult> =>
  store.sync(live, { types: DATA_TYPES, since: SINCE, now, ...options });

const sqlitePath = join(await tempDir('oura-contract-'), 'history.sqlite');
/** Each store, opened anew: the same data behind a new handle (a new pool for PostgreSQL). */
const openers: Record<HistoryStore['kind'], () => Promise<HistoryStore>> = {
  sqlite: async () => sqliteHistoryStore(sqlitePath),
  postgres: () => openPostgresHistory((database as TestDatabase).pool(), 'person_a'),
};
const stores: HistoryStore[] = [];
const firstSyncs = new Map<HistoryStore, SyncResult>();

beforeAll(async () => {
  for (const kind of hasPostgres ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const)) {
    const store = await openers[kind]();
    stores.push(store);
    firstSyncs.set(store, await sync(store));
  }
});

afterAll(async () => {
  for (const store of stores) await store.close();
});

describeOrSkip(
  hasPostgres,
  'PostgreSQL is not reachable',
  'the history contract on PostgreSQL',
  () => {
    it('is held below on SQLite and PostgreSQL alike', () => {
      expect(stores.map((store) => store.kind)).toEqual(['sqlite', 'postgres']);
    });

    it('answers a statement asking for 10 GB within its bounds: PostgreSQL cuts each value', async () => {
      const postgres = stores.find((store) => store.kind === 'postgres') as HistoryStore;
      // Fetched whole (as before), the rows were 10 MB each in this process: 343 MB for 31 of them.
      const result = await postgres.reader.query(
        "SELECT repeat('x', 10000000) AS big, n FROM generate_series(1, 1000) AS n",
        { maxRows: 1000, maxChars: 80_000 },
      );
      expect(result.cut).toBe('size');
      expect(result.rows).toHaveLength(1);
      expect(String(result.rows[0]?.big)).toMatch(/^x{1000,}…\[cut: 10000000 bytes in all\]$/);
      expect(result.rows[0]?.n).toBe(1);
    });

    it('cancels a statement after 10 s in all, however many fetches its rows take', async () => {
      const postgres = stores.find((store) => store.kind === 'postgres') as HistoryStore;
      const started = Date.now();
      // 1001 rows of 50 ms each: 50 s, fetched 50 rows (2.5 s) at a time.
      await expect(
        postgres.reader.query('SELECT pg_sleep(0.05) FROM generate_series(1, 1001)', {
          maxRows: 1000,
          maxChars: 80_000,
        }),
      ).rejects.toThrow(/statement timeout/);
      expect(Date.now() - started).toBeLessThan(20_000);
    }, 30_000);
  },
);

describe('the history contract', () => {
  it('a first sync stores every document the live API lists, in its order, once', async () => {
    for (const store of stores) {
      const first = firstSyncs.get(store) as SyncResult;
      expect(first.complete, store.kind).toBe(true);
      for (const type of DATA_TYPES) {
        const range = ENDPOINTS[type].kind === 'none' ? undefined : RANGE;
        const stored = await store.reader.documents(ENDPOINTS[type], range);
        expect(stored, `${store.kind} ${type}`).toEqual(await listedLive(type));
        expect(stored.length, `${store.kind} ${type}`).toBeGreaterThan(0);
        expect(first.types[type]?.inserted, `${store.kind} ${type}`).toBe(stored.length);
      }
    }
  });

  it('a second sync finds nothing to change', async () => {
    for (const store of stores) {
      const again = await sync(store, { full: true });
      for (const type of DATA_TYPES) {
        expect(again.types[type], `${store.kind} ${type}`).toEqual({
          inserted: 0,
          updated: 0,
          deleted: 0,
        });
      }
    }
  });

  it("keeps the sync state and the account's first day", async () => {
    for (const store of stores) {
      const coverage = await store.reader.coverage('daily_sleep');
      expect(coverage, store.kind).toMatchObject({ start: SINCE, through: TODAY });
      expect(coverage?.syncedAt, store.kind).toEqual(expect.any(String));
      expect(await store.reader.lastSyncedAt(), store.kind).toEqual(expect.any(String));
      expect(await store.reader.coverage('personal_info'), store.kind).toMatchObject({
        start: TODAY,
        through: TODAY,
      });
    }
  });

  it('one document by id, and undefined for an unknown one', async () => {
    const [sleep] = await listedLive('daily_sleep');
    const id = (sleep as { id: string }).id;
    for (const store of stores) {
      expect(await store.reader.document('daily_sleep', id), store.kind).toEqual(sleep);
      expect(await store.reader.document('daily_sleep', 'no-such-id'), store.kind).toBeUndefined();
    }
  });

  it('a few fields of many documents: the same rows as the documents, a missing field null', async () => {
    const sleeps = (await listedLive('sleep')) as Record<string, unknown>[];
    const expected = sleeps.map((doc) => ({
      day: doc.day,
      type: doc.type,
      average_hrv: doc.average_hrv ?? null,
      no_such_field: null,
    }));
    expect(expected.length).toBeGreaterThan(0);
    for (const store of stores) {
      const rows = await store.reader.fields(
        'sleep',
        ['type', 'average_hrv', 'no_such_field'],
        RANGE,
      );
      expect(rows, store.kind).toEqual(expected);
      await expect(store.reader.fields('sleep', ["type') --"], RANGE), store.kind).rejects.toThrow(
        'not a field name',
      );
    }
  });

  it('says when the history last changed: its last sync', async () => {
    for (const store of stores) {
      expect(await store.reader.changedAt(), store.kind).toBe(await store.reader.lastSyncedAt());
    }
  });

  it('a read-only query on a view gives the same rows; a write or a second statement is refused', async () => {
    const answers: unknown[] = [];
    for (const store of stores) {
      const result = await store.reader.query(
        `SELECT day, score, deep_sleep FROM daily_sleep WHERE day >= '2025-06-01' ORDER BY day`,
        { maxRows: 100, maxChars: 80_000 },
      );
      expect(result.columns, store.kind).toEqual(['day', 'score', 'deep_sleep']);
      expect(result.rows.length, store.kind).toBe(15);
      expect(typeof result.rows[0]?.score, store.kind).toBe('number');
      answers.push(result.rows);
      const bounded = await store.reader.query('SELECT id FROM heartrate', {
        maxRows: 7,
        maxChars: 80_000,
      });
      expect(bounded.rows.length, store.kind).toBe(7);
      expect(bounded.cut, store.kind).toBe('rows');
      for (const write of [
        'DELETE FROM documents',
        "UPDATE meta SET value = 'x'",
        'SELECT 1; DELETE FROM documents',
        'DROP VIEW daily_sleep',
      ]) {
        await expect(
          store.reader.query(write, { maxRows: 10, maxChars: 80_000 }),
          `${store.kind}: ${write}`,
        ).rejects.toThrow();
      }
      expect((await store.reader.documents(ENDPOINTS.daily_sleep, RANGE)).length).toBe(
        (await listedLive('daily_sleep')).length,
      );
    }
    for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
  });

  it('cuts long values and leaves out the rows past the size, alike on both stores', async () => {
    const answers: unknown[] = [];
    for (const store of stores) {
      // Each document's JSON (thousands of characters) with a comment after it, as people write.
      const result = await store.reader.query(
        `SELECT id, doc AS doc, length(CAST(doc AS TEXT)) AS chars FROM documents WHERE type = 'sleep' ORDER BY id -- every night
`,
        { maxRows: 1000, maxChars: 3000 },
      );
      expect(result.columns, store.kind).toEqual(['id', 'doc', 'chars']);
      expect(result.cut, store.kind).toBe('size');
      const first = result.rows[0] as { doc: string; chars: number };
      expect(first.doc, store.kind).toMatch(/^\{.*…\[cut: \d+ bytes in all\]$/s);
      expect(first.doc.length, store.kind).toBeLessThan(3000);
      expect(JSON.stringify(result.rows).length, store.kind).toBeLessThanOrEqual(3000 + 100);
      answers.push({ ...result, rows: result.rows.map((row) => ({ ...row })) });
    }
    for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
  });

  it('counts a revision and a deletion at Oura as one update and one delete', async () => {
    const sleeps = (await listedLive('daily_sleep')) as { id: string; score: number }[];
    const target = sleeps.at(-3) as { id: string; score: number };
    const workouts = (await listedLive('workout')) as { id: string }[];
    const gone = workouts.at(-1) as { id: string };
    const revisedScore = (target.score % 90) + 5;
    emulator.reviseDocument('daily_sleep', target.id, { score: revisedScore });
    emulator.deleteDocument('workout', gone.id);
    for (const store of stores) {
      const changed = await sync(store, { full: true });
      expect(changed.types.daily_sleep, store.kind).toEqual({
        inserted: 0,
        updated: 1,
        deleted: 0,
      });
      expect(changed.types.workout, store.kind).toEqual({ inserted: 0, updated: 0, deleted: 1 });
      expect(await store.reader.document('workout', gone.id), store.kind).toBeUndefined();
      expect(await store.reader.document('daily_sleep', target.id), store.kind).toMatchObject({
        score: revisedScore,
      });
    }
  });

  it('keeps everything across a reopen', async () => {
    for (const [index, store] of stores.entries()) {
      const before = await store.reader.documents(ENDPOINTS.heartrate, RANGE);
      expect(before.length, store.kind).toBeGreaterThan(1000);
      await store.close();
      const reopened = await openers[store.kind]();
      stores[index] = reopened;
      expect(await reopened.reader.documents(ENDPOINTS.heartrate, RANGE), store.kind).toEqual(
        before,
      );
    }
  });
});

describeOrSkip(
  hasPostgres,
  'PostgreSQL is not reachable',
  'PostgreSQL: many people in one database',
  () => {
    it("two processes' syncs of one person take turns, and each person's schema holds only their data", async () => {
      const other = new OuraClient({
        token: emulator.mintTokens({ account: 1 }).access_token,
        baseUrl: emulator.url,
      });
      const db = database as TestDatabase;
      // Two pools stand for two worker processes sharing the database.
      const [one, two] = await Promise.all([
        openPostgresHistory(db.pool(), 'person_b'),
        openPostgresHistory(db.pool(), 'person_b'),
      ]);
      const runs = [one, two].map((store) => {
        const run = { started: Number.NaN, ended: Number.NaN };
        const done = store
          .sync(other, {
            types: ['daily_sleep', 'heartrate'],
            since: SINCE,
            now,
            onProgress: () => {
              run.started = Number.isNaN(run.started) ? performance.now() : run.started;
            },
          })
          .then((result) => {
            run.ended = performance.now();
            return result;
          });
        return { run, done };
      });
      const results = await Promise.all(runs.map(({ done }) => done));
      // One sync began its work only after the other had ended.
      const [a, b] = runs.map(({ run }) => run);
      expect(Math.max(a?.started ?? 0, b?.started ?? 0)).toBeGreaterThan(
        Math.min(a?.ended ?? 0, b?.ended ?? 0),
      );
      const stored = await one.reader.documents(ENDPOINTS.daily_sleep, RANGE);
      const inserted = results.map((result) => result.types.daily_sleep?.inserted);
      // The second waited for the first's lock, then found everything stored: no document twice.
      expect(inserted.sort()).toEqual([0, stored.length]);
      expect(stored).toEqual(await collect(other.listBatches('daily_sleep', RANGE)));
      const personA = stores.find((store) => store.kind === 'postgres') as HistoryStore;
      const ids = new Set(
        ((await personA.reader.documents(ENDPOINTS.daily_sleep, RANGE)) as { id: string }[]).map(
          (doc) => doc.id,
        ),
      );
      expect((stored as { id: string }[]).some((doc) => ids.has(doc.id))).toBe(false);
    });

    it('a sync waiting for the lock holds no connection: two on a pool of two both finish', async () => {
      const pool = (database as TestDatabase).pool(2);
      const [one, two] = await Promise.all([
        openPostgresHistory(pool, 'person_c'),
        openPostgresHistory(pool, 'person_c'),
      ]);
      const options = { types: ['daily_sleep'] as DataType[], since: SINCE, now };
      const results = await Promise.all([one.sync(live, options), two.sync(live, options)]);
      expect(results.map((result) => result.complete)).toEqual([true, true]);
    });
  },
);
