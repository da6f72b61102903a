/**
 * `oura_summary` from the history reads the check-in's fields from the typed
 * columns instead of projecting each document's JSON: the check-in it builds
 * must be the one the projection (what the live API answers) gives, on a
 * synced history and on the awkward cases: two documents of one day, missing
 * and null fields, a nap beside the night.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OuraClient } from '../src/api/client.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { type Db, openForWrite } from '../src/history/database.js';
import { historyReader } from '../src/history/history-reader.js';
import { listLocal } from '../src/history/reader.js';
import { syncHistory } from '../src/history/sync.js';
import { writeWindow } from '../src/history/writer.js';
import { buildCheckin, type CheckinClient, fetchCheckinSources } from '../src/mcp/checkin.js';
import { checkinSourcesFromHistory } from '../src/mcp/checkin-history.js';
import { ENDPOINTS } from '../src/oura/data-types.js';
import { tempDir } from './helpers/temp.js';

let emulator: Emulator;
let db: Db;

/** Days after the emulator's last one, holding hand-made documents. */
const ODD_DAYS = ['2025-06-20', '2025-06-21', '2025-06-22'] as const;

function writeOddDays(): void {
  const span = { kind: 'days', start: ODD_DAYS[0], end: ODD_DAYS[2] } as const;
  const state = { start: ODD_DAYS[0], through: ODD_DAYS[2] };
  const write = (
    type: 'daily_sleep' | 'sleep' | 'daily_readiness' | 'daily_activity',
    docs: unknown[],
  ) => writeWindow(db, { type, span, docs, listedFrom: Date.now() }, state);
  const [a, b, c] = ODD_DAYS;
  // Two documents of one day (Oura sometimes sends a revision beside the old one): the last wins.
  write('daily_sleep', [
    { id: 'ds-1', day: a, score: 61 },
    { id: 'ds-2', day: a, score: 83 },
    { id: 'ds-3', day: b, score: null },
    { id: 'ds-4', day: c },
  ]);
  write('sleep', [
    {
      id: 's-1',
      day: a,
      type: 'long_sleep',
      total_sleep_duration: 20_000,
      lowest_heart_rate: 48,
      average_hrv: 51.5,
    },
    {
      id: 's-2',
      day: a,
      type: 'sleep',
      total_sleep_duration: 30_000,
      lowest_heart_rate: 40,
      average_hrv: 70,
    },
    { id: 's-3', day: b, type: 'late_nap', total_sleep_duration: 1_800, lowest_heart_rate: null },
    { id: 's-4', day: b, type: 'rest', total_sleep_duration: 1_800, average_hrv: 33 },
  ]);
  write('daily_readiness', [
    { id: 'r-1', day: a, score: 55, contributors: { hrv_balance: 40 }, temperature_deviation: 0.7 },
    { id: 'r-2', day: b, score: 90, contributors: null, temperature_deviation: -0.25 },
    { id: 'r-3', day: c, score: 77 },
  ]);
  write('daily_activity', [
    { id: 'a-1', day: a, score: 0, steps: 0 },
    { id: 'a-2', day: b, score: 88.5, steps: 12_345 },
  ]);
}

beforeAll(async () => {
  emulator = await startEmulator({ today: '2025-06-15', historyDays: 60 });
  db = await openForWrite(join(await tempDir('oura-checkin-'), 'history.sqlite'));
  const client = new OuraClient({
    token: emulator.mintTokens().access_token,
    baseUrl: emulator.url,
  });
  await syncHistory(db, client, {
    types: ['daily_sleep', 'sleep', 'daily_readiness', 'daily_activity'],
    now: () => new Date('2025-06-16T12:00:00'),
  });
  writeOddDays();
});
afterAll(async () => {
  db?.close();
  await emulator?.close();
});

/** The history as the API client: documents projected to the fields asked, as live. */
const projecting: CheckinClient = {
  list: (type, range, options) => ({
    async *[Symbol.asyncIterator]() {
      yield* listLocal(db, ENDPOINTS[type], range, options);
    },
  }),
};

const fromColumns: CheckinClient = {
  list: () => {
    throw new Error('the columns answer, not list');
  },
  checkinSources: (range) => checkinSourcesFromHistory(historyReader(db), range),
};

for (const range of [
  { start: '2025-04-17', end: '2025-06-16' },
  { start: ODD_DAYS[0], end: ODD_DAYS[2] },
]) {
  it(`builds the check-in the projection builds, ${range.start} to ${range.end}`, async () => {
    const projected = await fetchCheckinSources(projecting, range);
    const read = await fetchCheckinSources(fromColumns, range);
    expect(read.failures).toEqual([]);
    expect(projected.failures).toEqual([]);
    const today = range.end;
    const expected = buildCheckin(range, projected.sources, today);
    expect(buildCheckin(range, read.sources, today)).toEqual(expected);
    // Not vacuous: days with every value, and notes.
    expect(expected.some((row) => row.sleep_score !== null && row.steps !== null)).toBe(true);
    expect(expected.some((row) => row.notes.length > 0)).toBe(true);
  });
}

it('reports a failing read as every type failing, as four failed lists would', async () => {
  const broken: CheckinClient = {
    list: fromColumns.list,
    checkinSources: () => {
      throw new Error('disk I/O error');
    },
  };
  const { failures } = await fetchCheckinSources(broken, { start: ODD_DAYS[0], end: ODD_DAYS[0] });
  expect(failures.map((f) => f.type)).toEqual([
    'daily_sleep',
    'sleep',
    'daily_readiness',
    'daily_activity',
  ]);
});
