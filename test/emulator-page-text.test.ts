/**
 * The emulator writes a date type's list page from each document's text,
 * made once per drawn document: the answer must stay exactly what
 * `JSON.stringify` of the page wrote, and a document drawn once is the one
 * served again (which is what lets its text be kept).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { heartRateSampleText, ListPage } from '../src/emulator/api/page-text.js';
import { DataSource } from '../src/emulator/data/data-source.js';
import { DrawnDocuments, MAX_DRAWN } from '../src/emulator/data/drawn-documents.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { dayNumber } from '../src/emulator/time.js';

const TODAY = '2025-06-30';
let emulator: Emulator;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator({ today: TODAY, startDay: '2025-03-01' });
  token = emulator.mintTokens().access_token;
});
afterAll(async () => {
  await emulator?.close();
});

async function read(url: string): Promise<string> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return response.text();
}

/** A page as sent, and checked to be exactly the UTF-8 of `expected`. */
function sentAs(page: { bytes(): Buffer }, expected: string): string {
  const bytes = page.bytes();
  expect(bytes.equals(Buffer.from(expected))).toBe(true);
  return bytes.toString('utf8');
}

it('a page is sent as the UTF-8 of what JSON.stringify writes, whatever its documents hold', () => {
  const docs = [
    { id: 'a', day: '2025-06-01', score: 80, nested: { list: [1.5, -0, 1e21, null] } },
    {
      id: 'b"\\',
      text: 'snow ☃, a surrogate pair 😀, a control \u0001 and \u2028',
      missing: undefined,
    },
    {},
  ];
  for (const next of [null, 'token with "quotes" and ✓']) {
    const page = new ListPage(docs, next);
    const expected = JSON.stringify({ data: docs, next_token: next });
    expect(sentAs(page, expected)).toBe(expected);
    // Asked again: the documents' texts come from the first writing, the same.
    expect(sentAs(page, expected)).toBe(expected);
  }
  const empty = '{"data":[],"next_token":null}';
  expect(sentAs(new ListPage([], null), empty)).toBe(empty);
  expect(sentAs(new ListPage([], 'ω'), '{"data":[],"next_token":"ω"}')).toBe(
    '{"data":[],"next_token":"ω"}',
  );
});

it('a heart-rate page is written as JSON.stringify writes it, workouts and sessions too', () => {
  const source = new DataSource({
    seed: 'page-text',
    email: 'p@example.com',
    today: TODAY,
    historyDays: 60,
    now: () => Date.parse(`${TODAY}T23:00:00Z`),
  });
  const { start, end } = source.seriesBounds();
  const samples = [];
  for (let after = start; ; ) {
    const page = source.heartRate(start, end, after, 5000);
    samples.push(...page.items);
    if (page.next === undefined) break;
    after = page.next;
  }
  // Every source the series draws is in the pages compared.
  expect(new Set(samples.map((sample) => sample.source))).toEqual(
    new Set(['awake', 'rest', 'sleep', 'workout', 'session']),
  );
  for (let i = 0; i < samples.length; i += 1000) {
    const data = samples.slice(i, i + 1000);
    const page = new ListPage(data, 'next', heartRateSampleText);
    const expected = JSON.stringify({ data, next_token: 'next' });
    expect(sentAs(page, expected)).toBe(expected);
  }
});

it('a heart-rate page served is JSON.stringify of itself, with and without fields', async () => {
  type Sample = Record<string, unknown>;
  type SamplePage = { data: Sample[]; next_token: string | null };
  const url = `${emulator.url}/v2/usercollection/heartrate`;
  const range = 'start_datetime=2025-06-01T00:00:00Z&end_datetime=2025-06-08T00:00:00Z';
  const served = async (query: string): Promise<SamplePage> => {
    const text = await read(`${url}?${query}`);
    expect(text).toBe(JSON.stringify(JSON.parse(text)));
    return JSON.parse(text) as SamplePage;
  };
  const whole = await served(range);
  expect(whole.data.length).toBeGreaterThan(0);
  for (const sample of whole.data) {
    expect(Object.keys(sample)).toEqual(['timestamp', 'timestamp_unix', 'bpm', 'source']);
  }
  // A week is more than a page: the next one starts where the first ended, at the
  // next instant of the 5-minute grid (or sooner, within a workout).
  const unix = (sample: Sample | undefined) => Number(sample?.timestamp_unix);
  const nextPage = (page: SamplePage, fields = '') =>
    served(`${range}${fields}&next_token=${encodeURIComponent(page.next_token ?? '')}`);
  expect(whole.next_token).toEqual(expect.any(String));
  const next = await nextPage(whole);
  expect(next.data.length).toBeGreaterThan(0);
  const gap = unix(next.data[0]) - unix(whole.data.at(-1));
  expect(gap).toBeGreaterThan(0);
  expect(gap).toBeLessThanOrEqual(300);
  // Cut to bpm: the same samples, each with only its instant and bpm, and its next page too.
  const cut = await served(`${range}&fields=bpm`);
  const kept = ['timestamp', 'bpm'];
  const keptOf = (page: SamplePage) =>
    page.data.map((sample) => Object.fromEntries(kept.map((key) => [key, sample[key]])));
  for (const sample of cut.data) expect(Object.keys(sample)).toEqual(kept);
  expect(cut.data).toEqual(keptOf(whole));
  expect(cut.next_token).toEqual(expect.any(String));
  expect((await nextPage(cut, '&fields=bpm')).data).toEqual(keptOf(next));
});

it('a drawn document is served again as the same object, so its text is made once', () => {
  const source = new DataSource({
    seed: 'page-text',
    email: 'p@example.com',
    today: TODAY,
    historyDays: 60,
    now: () => Date.parse(`${TODAY}T23:00:00Z`),
  });
  const from = dayNumber('2025-06-01') as number;
  const to = dayNumber('2025-06-20') as number;
  const first = source.listDocuments('daily_activity', from, to, 0, 50).items;
  const again = source.listDocuments('daily_activity', from, to, 0, 50).items;
  expect(first).toHaveLength(20);
  expect(again.every((doc, i) => doc === first[i])).toBe(true);
});

it('the documents kept are bounded across every source of the process', () => {
  const first = new DrawnDocuments();
  const other = new DrawnDocuments();
  const kept = first.get('sleep', 1, 0, () => ({ id: 'kept' }));
  expect(first.get('sleep', 1, 0, () => ({ id: 'drawn again' }))).toBe(kept);
  expect(Object.isFrozen(kept)).toBe(true);
  expect(first.size()).toBe(1);
  // Another source draws the rest of the bound and more: the first, not asked again,
  // keeps nothing (its documents are let go at once), then draws afresh.
  for (let num = 0; num <= MAX_DRAWN; num++) other.get('daily_sleep', num, 0, () => ({ id: num }));
  expect(first.size()).toBe(0);
  expect(other.size()).toBeLessThan(MAX_DRAWN);
  expect(first.get('sleep', 1, 0, () => ({ id: 'drawn again' }))).toEqual({ id: 'drawn again' });
});

it('the same list asked twice answers the same bytes, those JSON.stringify writes of it', async () => {
  const url = `${emulator.url}/v2/usercollection/daily_activity?start_date=2025-04-01&end_date=2025-06-30`;
  const first = await read(url);
  const second = await read(url);
  expect(second).toBe(first);
  expect(JSON.stringify(JSON.parse(first))).toBe(first);
  expect((JSON.parse(first) as { data: unknown[] }).data.length).toBeGreaterThan(20);
  // Cut to fields, the kept documents' texts are not the page's: it is written afresh.
  const cut = await read(`${url}&fields=score,steps`);
  const body = JSON.parse(cut) as { data: Record<string, unknown>[] };
  expect(JSON.stringify(body)).toBe(cut);
  expect(Object.keys(body.data[0] ?? {}).sort()).toEqual(['day', 'id', 'score', 'steps']);
  expect(await read(url)).toBe(first);
});

it('a revised document is served revised after its list was answered, by its own text', async () => {
  const url = `${emulator.url}/v2/usercollection/daily_sleep?start_date=2025-05-01&end_date=2025-05-03`;
  const before = JSON.parse(await read(url)) as { data: Record<string, unknown>[] };
  const doc = before.data[1] as Record<string, unknown>;
  emulator.reviseDocument('daily_sleep', String(doc.id), { score: 3 });
  const after = await read(url);
  expect(JSON.parse(after)).toEqual({
    ...before,
    data: [before.data[0], { ...doc, score: 3 }, before.data[2]],
  });
  expect(JSON.stringify(JSON.parse(after))).toBe(after);
});
