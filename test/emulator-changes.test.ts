/**
 * The emulator's history changes after the day, as Oura's does: an account
 * start day, documents revised and deleted, a day's documents held back and
 * released — through the control routes and the in-process hooks.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { getJson, type ListBody } from './helpers/emulator.js';
import { present } from './helpers/fixture.js';

const TODAY = '2025-06-30';
const START = '2025-06-01';
let emulator: Emulator;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator({ today: TODAY, startDay: START });
  token = emulator.mintTokens().access_token;
});
afterAll(async () => {
  await emulator?.close();
});

async function list(type: string, start: string, end: string): Promise<ListBody['data']> {
  const { status, body } = await getJson(
    `${emulator.url}/v2/usercollection/${type}?start_date=${start}&end_date=${end}`,
    token,
  );
  expect(status).toBe(200);
  return (body as ListBody).data;
}

it('data starts on the account start day', async () => {
  const docs = await list('daily_sleep', '2025-05-01', '2025-06-05');
  expect(docs.map((d) => d.day)).toEqual([
    '2025-06-01',
    '2025-06-02',
    '2025-06-03',
    '2025-06-04',
    '2025-06-05',
  ]);
  await expect(startEmulator({ today: TODAY, startDay: '2025-07-01' })).rejects.toThrow(/startDay/);
});

it('a document revised through the control route is served revised, by list and by id', async () => {
  const [doc] = await list('daily_readiness', '2025-06-10', '2025-06-10');
  const id = String(present(doc?.id, 'the daily_readiness of 2025-06-10 (one a day)'));
  const response = await fetch(`${emulator.url}/_emulator/documents/daily_readiness/${id}`, {
    method: 'POST',
    body: JSON.stringify({ score: 1 }),
  });
  expect(response.status).toBe(200);
  expect((await list('daily_readiness', '2025-06-10', '2025-06-10'))[0]).toEqual({
    ...doc,
    score: 1,
  });
  const one = await getJson(`${emulator.url}/v2/usercollection/daily_readiness/${id}`, token);
  expect((one.body as { score: number }).score).toBe(1);
  const bad = await fetch(`${emulator.url}/_emulator/documents/daily_readiness/${id}`, {
    method: 'POST',
    body: '[1]',
  });
  expect(bad.status).toBe(400);
});

it('a deleted document is gone from lists and its route, and pages stay whole', async () => {
  const before = await list('daily_activity', START, TODAY);
  const gone = String(present(before[3]?.id, 'a fourth daily_activity of June (one a day)'));
  const response = await fetch(`${emulator.url}/_emulator/documents/daily_activity/${gone}`, {
    method: 'DELETE',
  });
  expect(response.status).toBe(204);
  // Follow every page: the page holding the deleted document must not end the list early.
  const ids: string[] = [];
  let next: string | null = null;
  do {
    const query: string = next ? `&next_token=${encodeURIComponent(next)}` : '';
    const page = await getJson(
      `${emulator.url}/v2/usercollection/daily_activity?start_date=${START}&end_date=${TODAY}${query}`,
      token,
    );
    const body = page.body as ListBody;
    ids.push(...body.data.map((d) => String(d.id)));
    next = body.next_token;
  } while (next);
  expect(ids).toEqual(before.map((d) => String(d.id)).filter((id) => id !== gone));
  const one = await getJson(`${emulator.url}/v2/usercollection/daily_activity/${gone}`, token);
  expect(one.status).toBe(404);
});

it('a held day appears only once released (late sleep)', async () => {
  expect(
    (await fetch(`${emulator.url}/_emulator/held/sleep/${TODAY}`, { method: 'POST' })).status,
  ).toBe(204);
  expect(await list('sleep', TODAY, TODAY)).toEqual([]);
  emulator.releaseDay('sleep', TODAY);
  expect((await list('sleep', TODAY, TODAY)).length).toBeGreaterThan(0);
  emulator.holdDay('sleep', TODAY);
  expect(await list('sleep', TODAY, TODAY)).toEqual([]);
  await fetch(`${emulator.url}/_emulator/held/sleep/${TODAY}`, { method: 'DELETE' });
  expect((await list('sleep', TODAY, TODAY)).length).toBeGreaterThan(0);
});

it('oura emulator takes --start-day and --hold-today', async () => {
  const { emulatorOptionsFromFlags } = await import('../src/cli/actions/emulator.js');
  const { options } = emulatorOptionsFromFlags({
    port: '0',
    redirectUri: [],
    startDay: START,
    holdToday: 'sleep, daily_sleep',
  });
  expect(options).toMatchObject({ startDay: START, holdToday: ['sleep', 'daily_sleep'] });
  expect(() =>
    emulatorOptionsFromFlags({ port: '0', redirectUri: [], startDay: '2025-13-01' }),
  ).toThrow(/--start-day must be YYYY-MM-DD/);
});
