/**
 * The heart-rate page scanner (series/heart-rate-page.ts) and the client's
 * heartRateBatches: a page of Oura's usual shape is read into columns exactly
 * as JSON.parse and encodeSample read it; any other page is parsed (and
 * checked, and refused) as JSON, as before the scanner.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OuraClient } from '../src/api/client.js';
import { NetworkError } from '../src/api/errors.js';
import { startOfLocalDay } from '../src/calendar/days.js';
import { encodeSample, type SampleRow } from '../src/history/heartrate-codec.js';
import { SAMPLE_SOURCES, type SampleRun, scanSamplePage } from '../src/series/heart-rate-page.js';
import { utcTimestamp } from '../src/series/utc-timestamp.js';

const T0 = 1_735_689_600; // 2025-01-01T00:00:00Z

const sample = (unix: number, bpm = 60, source = 'rest') => ({
  timestamp: utcTimestamp(unix),
  timestamp_unix: unix,
  bpm,
  source,
});

const pageText = (data: unknown[], next: string | null = null) =>
  JSON.stringify({ data, next_token: next });

/** The scanner reads a body's bytes, as they come off the socket. */
const scan = (text: string) => scanSamplePage(Buffer.from(text));

/** The rows of a scanned page, as encodeSample writes them. */
const rowsOf = (run: SampleRun): SampleRow[] =>
  Array.from({ length: run.count }, (_, i) => ({
    ts: run.ts[i] as number,
    source: SAMPLE_SOURCES[run.source[i] as number] as string,
    bpm: run.bpm[i] as number,
    shape: 0,
    raw: null,
  }));

describe('scanSamplePage', () => {
  it('reads Oura usual page as JSON.parse and encodeSample do, token included', () => {
    const data = SAMPLE_SOURCES.map((source, i) => sample(T0 + 86_399 * i, 40 + i * 31, source));
    for (const next of [null, 'eyJvZmZzZXQiOjF9', '', 'jeton-été-🙂', '\uFEFFstarts-with-a-bom']) {
      const text = pageText(data, next);
      const page = scan(text);
      expect(page?.next).toBe(next);
      expect(rowsOf(page?.samples as SampleRun)).toEqual(data.map(encodeSample));
    }
    expect(scan(pageText([]))?.samples.count).toBe(0);
  });

  it('answers undefined for any other page, which JSON.parse then reads', () => {
    const good = sample(T0);
    const odd: [string, string][] = [
      ['white space', JSON.stringify({ data: [good], next_token: null }, null, 1)],
      ['another key', pageText([{ ...good, extra: 1 }])],
      ['keys in another order', pageText([{ bpm: 60, source: 'rest', timestamp: good.timestamp }])],
      ['a fractional bpm', pageText([{ ...good, bpm: 60.5 }])],
      ['a negative bpm', pageText([{ ...good, bpm: -1 }])],
      ['an exponent', pageText([good]).replace('"bpm":60', '"bpm":6e1')],
      ['a leading zero', pageText([good]).replace('"bpm":60', '"bpm":060')],
      ['a source Oura does not name', pageText([{ ...good, source: 'nap' }])],
      ['an escaped source', pageText([good]).replace('"rest"', '"r\\u0065st"')],
      ['a timestamp a second off', pageText([{ ...good, timestamp_unix: T0 + 1 }])],
      ['a timestamp in Z', pageText([{ ...good, timestamp: '2025-01-01T00:00:00Z' }])],
      ['another offset', pageText([{ ...good, timestamp: '2025-01-01T01:00:00+01:00' }])],
      ['hour 24', pageText([{ ...good, timestamp: '2024-12-31T24:00:00+00:00' }])],
      ['an escaped token', pageText([good], 'a\\"b')],
      ['a token of another type', JSON.stringify({ data: [good], next_token: 5 })],
      ['no token', JSON.stringify({ data: [good] })],
      ['the keys swapped', JSON.stringify({ next_token: null, data: [good] })],
      ['a text after the page', `${pageText([good])} `],
      ['a page cut off', pageText([good, good]).slice(0, 80)],
      ['a sample that is not an object', pageText([good, 5])],
    ];
    for (const [why, text] of odd) expect(scan(text), why).toBeUndefined();
  });
});

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A server answering each heart-rate request with the next of `bodies` (the last one again when they run out). */
async function serve(bodies: string[]): Promise<string> {
  let next = 0;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(bodies[Math.min(next++, bodies.length - 1)]);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const collect = async <T>(items: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

describe('OuraClient.heartRateBatches', () => {
  const range = { start: '2025-01-01', end: '2025-01-02' };

  it('keeps the samples listBatches keeps: a usual page as columns, another as its documents', async () => {
    const from = startOfLocalDay(range.start).getTime() / 1000;
    const usual = [
      sample(from - 300), // before the window
      sample(from),
      sample(from, 61), // the same instant and source: kept once
      sample(from, 62, 'awake'),
      sample(from + 2 * 86_400), // after the window
    ];
    const other = [{ ...sample(from + 300), extra: true }, sample(from), sample(from + 600, 70)];
    const bodies = [pageText(usual, 'p2'), pageText(other)];
    const client = (url: string) => new OuraClient({ token: 't', baseUrl: url });

    const batches = await collect(client(await serve(bodies)).heartRateBatches(range));
    expect(batches.map((batch) => Array.isArray(batch))).toEqual([false, true]);
    const rows = batches.flatMap((batch): (SampleRow | undefined)[] =>
      Array.isArray(batch) ? batch.map(encodeSample) : rowsOf(batch),
    );
    const listed = await collect(client(await serve(bodies)).listBatches('heartrate', range));
    expect(rows).toEqual(listed.flat().map(encodeSample));
    expect(rows).toHaveLength(4);
  });

  it('refuses a page that is not JSON as before', async () => {
    const url = await serve([`${pageText([sample(T0)]).slice(0, -1)}`]);
    const client = new OuraClient({
      token: 't',
      baseUrl: url,
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const error = await collect(client.heartRateBatches(range)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/not complete JSON/);
  });

  it('refuses a page behind a byte-order mark, as every other list is refused', async () => {
    const body = `\uFEFF${pageText([sample(T0)])}`;
    const client = async () =>
      new OuraClient({
        token: 't',
        baseUrl: await serve([body]),
        retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
      });
    const scanned = await collect((await client()).heartRateBatches(range)).catch((e) => e);
    const listed = await collect((await client()).listBatches('heartrate', range)).catch((e) => e);
    for (const error of [scanned, listed]) {
      expect(error).toBeInstanceOf(NetworkError);
      expect((error as Error).message).toMatch(/not complete JSON/);
    }
  });
});
