/**
 * A participant's status for a cohort's admin page, on both stores: the last
 * sync, and the days with heart rate or sleep among the last 14 local days
 * ending today. The clock is pinned at dates whose 14 days cross from
 * February into March, and the account's data starts inside that window, so
 * both of its ends are tried. What is expected is worked out from what the
 * emulator's live API lists, in the process's time zone.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OuraClient } from '../src/api/client.js';
import { addDays, localDay } from '../src/calendar/days.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import type { HistoryStore } from '../src/history/history-store.js';
import type * as PostgresModule from '../src/history/postgres/pg-history.js';
import type * as SqliteModule from '../src/history/sqlite-store.js';
import type { StoredHistoryReader } from '../src/history/store-contract.js';
import { participantStatus } from '../src/serve/cohort-data/participant-status.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { describeOrSkip } from './helpers/requirements.js';
import { tempDir } from './helpers/temp.js';

// From dist/: the SQLite store writes in a worker thread, which loads the built module.
const { openPostgresHistory }: typeof PostgresModule = await import(
  '../dist/history/postgres/pg-history.js'
);
const { sqliteHistoryStore }: typeof SqliteModule = await import('../dist/history/sqlite-store.js');

/** 2026 is no leap year: the 14 days to 3 March start on 18 February. */
const TODAY = '2026-03-03';
const FIRST_DAY = '2026-02-24';
const syncNow = () => new Date(`${TODAY}T12:00:00`);

const hasPostgres = await postgresAvailable();
let emulator: Emulator;
let client: OuraClient;
let database: TestDatabase | undefined;
const stores: HistoryStore[] = [];
const dir = await tempDir('oura-cohort-status-');

beforeAll(async () => {
  emulator = await startEmulator({ today: TODAY, startDay: FIRST_DAY });
  client = new OuraClient({ token: emulator.mintTokens().access_token, baseUrl: emulator.url });
  if (hasPostgres) database = await createTestDatabase();
});

afterAll(async () => {
  for (const store of stores) await store.close();
  await database?.drop();
  await emulator?.close();
});

/** The days of the 14 ending at `today` on which the live API lists a sleep or a heart-rate sample. */
async function liveDays(today: string): Promise<string[]> {
  const range = { start: addDays(today, -13), end: today };
  const days = new Set<string>();
  for await (const batch of client.listBatches('sleep', { start: '2026-02-01', end: TODAY })) {
    for (const sleep of batch as { day: string }[]) days.add(sleep.day);
  }
  for await (const batch of client.listBatches('heartrate', {
    start: '2026-02-01',
    end: TODAY,
  })) {
    for (const sample of batch as { timestamp: string }[]) {
      days.add(localDay(new Date(sample.timestamp)));
    }
  }
  return [...days].filter((day) => day >= range.start && day <= range.end).sort();
}

function contract(open: () => Promise<HistoryStore>): void {
  let store: HistoryStore;
  beforeAll(async () => {
    store = await open();
    stores.push(store);
    const result = await store.sync(client, {
      types: ['heartrate', 'sleep', 'daily_activity'],
      since: '2026-02-01',
      now: syncNow,
    });
    expect(result.complete).toBe(true);
  });

  it('counts the days with data among the 14 ending today, across the end of February', async () => {
    // Today and its 13 days before; the account's first day (24 February) is among them.
    const onThird = await participantStatus(store.reader, () => new Date(`${TODAY}T00:30:00`));
    const expectedThird = await liveDays(TODAY);
    expect(expectedThird[0]).toBe(FIRST_DAY);
    expect(expectedThird.at(-1)).toBe(TODAY);
    expect(onThird).toEqual({
      lastSyncAt: await store.reader.lastSyncedAt(),
      daysWithDataLast14: expectedThird.length,
    });
    expect(onThird.lastSyncAt).toEqual(expect.any(String));
    // A week later the window starts on 25 February, after the first day, and today has nothing.
    const later = await participantStatus(store.reader, () => new Date('2026-03-10T23:30:00'));
    const expectedLater = await liveDays('2026-03-10');
    expect(expectedLater[0]).toBe('2026-02-25');
    expect(later.daysWithDataLast14).toBe(expectedLater.length);
    expect(later.daysWithDataLast14).toBe(expectedThird.length - 1);
    // Before the account had any data.
    const before = await participantStatus(store.reader, () => new Date('2026-02-23T12:00:00'));
    expect(before.daysWithDataLast14).toBe(0);
  });

  it('reads the days the store keeps, never the documents', async () => {
    const refuse = () => {
      throw new Error('read the documents');
    };
    const reader: StoredHistoryReader = {
      ...store.reader,
      documents: refuse,
      document: refuse,
      fields: refuse,
      query: refuse,
    };
    const status = await participantStatus(reader, () => new Date(`${TODAY}T12:00:00`));
    expect(status.daysWithDataLast14).toBe((await liveDays(TODAY)).length);
  });
}

describe('participant status on SQLite', () => {
  contract(async () => sqliteHistoryStore(join(dir, 'history.sqlite')));

  it('a participant who never synced: no sync, no days', async () => {
    const empty = sqliteHistoryStore(join(dir, 'empty.sqlite'));
    stores.push(empty);
    expect(await participantStatus(empty.reader)).toEqual({
      lastSyncAt: null,
      daysWithDataLast14: 0,
    });
  });
});

describeOrSkip(
  hasPostgres,
  'PostgreSQL is not reachable',
  'participant status on PostgreSQL',
  () => {
    contract(() => openPostgresHistory((database as TestDatabase).pool(), 'participant'));

    it('a participant who never synced: no sync, no days', async () => {
      const empty = await openPostgresHistory((database as TestDatabase).pool(), 'never_synced');
      stores.push(empty);
      expect(await participantStatus(empty.reader)).toEqual({
        lastSyncAt: null,
        daysWithDataLast14: 0,
      });
    });
  },
);
