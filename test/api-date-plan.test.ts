/**
 * How many requests a date-type list costs, against the emulator with and
 * without Oura's reported edge quirks: no more than one query per type over
 * the widened range needs (what peers send), and the same documents in the
 * same order, each once, for every date type and short and long ranges.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OuraClient } from '../src/api/client.js';
import type { ListType } from '../src/api/types.js';
import { addDays, type DayRange } from '../src/calendar/days.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { DATA_TYPES, ENDPOINTS } from '../src/oura/data-types.js';

const today = '2025-06-15';
const year = { start: addDays(today, -364), end: today };
const dateTypes = DATA_TYPES.filter((type) => ENDPOINTS[type].kind === 'date') as ListType[];
/** The types kept one document a day, as a daily dashboard reads them. */
const dailyTypes = [
  ...dateTypes.filter((type) => type.startsWith('daily_')),
  'sleep_time',
  'vO2_max',
] as ListType[];

/** What a peer does: one query over the range widened by a day on each side, the asked days kept. */
async function peerList(
  emulator: Emulator,
  token: string,
  type: ListType,
  range: DayRange,
): Promise<{ ids: string[]; requests: number }> {
  const endpoint = ENDPOINTS[type];
  const key = endpoint.dayKey as string;
  const ids: string[] = [];
  let requests = 0;
  let next: string | undefined;
  do {
    const url = new URL(emulator.url + endpoint.path);
    url.searchParams.set('start_date', addDays(range.start, -1));
    url.searchParams.set('end_date', addDays(range.end, 1));
    if (next) url.searchParams.set('next_token', next);
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    requests++;
    const body = (await response.json()) as {
      data: Record<string, string>[];
      next_token: string | null;
    };
    for (const doc of body.data) {
      const day = (doc[key] ?? '').slice(0, 10);
      if (day >= range.start && day <= range.end) ids.push(doc.id ?? '');
    }
    next = body.next_token ?? undefined;
  } while (next);
  return { ids, requests };
}

async function clientIds(client: OuraClient, type: ListType, range: DayRange): Promise<string[]> {
  const ids: string[] = [];
  for await (const doc of client.list(type, range)) ids.push((doc as { id: string }).id);
  return ids;
}

/** Every date type over ranges from one day to a year: the documents one widened query keeps, in its order. */
async function expectSameAsOneQuery(emulator: Emulator, token: string): Promise<void> {
  const client = new OuraClient({ token, baseUrl: emulator.url });
  const ranges = [
    { start: today, end: today },
    { start: addDays(today, -1), end: today },
    { start: addDays(today, -100), end: addDays(today, -40) },
    year,
  ];
  for (const type of dateTypes) {
    for (const range of ranges) {
      const expected = await peerList(emulator, token, type, range);
      const label = `${type} ${range.start}..${range.end}`;
      expect(await clientIds(client, type, range), label).toEqual(expected.ids);
    }
  }
}

describe.each([false, true])('date lists against the emulator, edge quirks %s', (edgeQuirks) => {
  let emulator: Emulator;
  let token: string;

  beforeAll(async () => {
    emulator = await startEmulator({ today, edgeQuirks });
    token = emulator.mintTokens().access_token;
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('9 daily types x a year at once: no more requests than one query per type, same documents', async () => {
    const peer = new Map<ListType, string[]>();
    let peerRequests = 0;
    for (const type of dailyTypes) {
      const answer = await peerList(emulator, token, type, year);
      peer.set(type, answer.ids);
      peerRequests += answer.requests;
    }
    const before = emulator.stats.apiRequests;
    const client = new OuraClient({ token, baseUrl: emulator.url });
    const ours = await Promise.all(dailyTypes.map((type) => clientIds(client, type, year)));
    const requests = emulator.stats.apiRequests - before;

    dailyTypes.forEach((type, i) => {
      expect(ours[i], type).toEqual(peer.get(type));
      expect(ours[i]?.length, type).toBe(365);
    });
    expect(requests).toBeLessThanOrEqual(peerRequests);
  });

  it('every date type, from one day to a year: the documents one widened query keeps, in order', async () => {
    await expectSameAsOneQuery(emulator, token);
  });
});

describe('date lists on pages of 7 documents, edge quirks on', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ today, edgeQuirks: true, pageSize: 7 });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('every date type, from one day to a year: the documents one widened query keeps, in order', async () => {
    await expectSameAsOneQuery(emulator, emulator.mintTokens().access_token);
  });
});
