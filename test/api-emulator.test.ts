/**
 * The client against the emulator as it misbehaves the way Oura does: forced
 * 429s with Retry-After, random 5xx, small pages. Every type over two months
 * must come back exactly as a fault-free run gets it: nothing lost, nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OuraClient } from '../src/api/client.js';
import type { ListType } from '../src/api/types.js';
import { addDays, localDay } from '../src/calendar/days.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { DATA_TYPES, ENDPOINTS } from '../src/oura/data-types.js';

// The emulator's history ends yesterday: today's heart rate grows while the two runs go on.
const today = addDays(localDay(), -1);
const range = { start: addDays(today, -60), end: today };
const listTypes = DATA_TYPES.filter((type): type is ListType => ENDPOINTS[type].paginated);

async function fetchAll(emulator: Emulator): Promise<Map<string, string[]>> {
  const client = new OuraClient({
    baseUrl: emulator.url,
    token: emulator.mintTokens().access_token,
    retry: { baseDelayMs: 20, maxDelayMs: 100 },
  });
  const result = new Map<string, string[]>();
  await Promise.all(
    listTypes.map(async (type) => {
      const keys: string[] = [];
      const typeRange = ENDPOINTS[type].kind === 'none' ? undefined : range;
      for await (const doc of client.list(type, typeRange)) {
        const record = doc as Record<string, unknown>;
        keys.push(String(record.id ?? `${record.timestamp}|${record.source ?? ''}`));
      }
      result.set(type, keys);
    }),
  );
  return result;
}

describe('every type over two months through rate limits and server errors', () => {
  let clean: Emulator;
  let faulty: Emulator;

  beforeAll(async () => {
    clean = await startEmulator({ today, pageSize: 10, seriesPageSize: 500 });
    faulty = await startEmulator({
      today,
      pageSize: 10,
      seriesPageSize: 500,
      force429: 6,
      failureRate: 0.05,
    });
  });
  afterAll(async () => {
    await clean?.close();
    await faulty?.close();
  });

  it('returns the same documents, each once, as a fault-free run', async () => {
    const expected = await fetchAll(clean);
    const got = await fetchAll(faulty);
    expect(faulty.stats.rateLimited).toBeGreaterThanOrEqual(6);
    for (const type of listTypes) {
      const keys = got.get(type) ?? [];
      expect(new Set(keys).size, `${type} has duplicates`).toBe(keys.length);
      expect([...keys].sort(), type).toEqual([...(expected.get(type) ?? [])].sort());
    }
    // Heart rate: at least every 5-minute slot of the 61 days.
    expect(got.get('heartrate')?.length).toBeGreaterThanOrEqual(61 * 288 - 288);
    // Pages of 10 and 500 make hundreds of requests (~5 s on a quiet machine).
  }, 60_000);
});
