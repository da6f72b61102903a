/**
 * Pagination, date widening and series windows against a small real server
 * with Oura's reported quirks (exclusive edges, inclusive window ends,
 * duplicates across pages, a repeated next_token). Runs in Europe/Berlin so a
 * DST change falls inside the heart-rate range.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OuraClient } from '../src/api/client.js';
import { PaginationLoopError } from '../src/api/errors.js';
import {
  addDays,
  daysBetween,
  splitDays,
  startOfLocalDay,
  toLocalIso,
} from '../src/calendar/days.js';

const previousTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Europe/Berlin';
});
afterAll(() => {
  if (previousTz === undefined) delete process.env.TZ;
  else process.env.TZ = previousTz;
});

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

interface Seen {
  path: string;
  query: URLSearchParams;
}

async function serve(
  route: (path: string, q: URLSearchParams) => { data: unknown[]; next_token: string | null },
  delayMs = 0,
): Promise<{ url: string; seen: Seen[]; peak: () => number }> {
  const seen: Seen[] = [];
  let inFlight = 0;
  let peak = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({ path: url.pathname, query: url.searchParams });
    inFlight++;
    peak = Math.max(peak, inFlight);
    setTimeout(() => {
      inFlight--;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(route(url.pathname, url.searchParams)));
    }, delayMs);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    peak: () => peak,
  };
}

/** Offset-based pages of `all`, `size` per page; the token is the offset. */
function page<T>(all: T[], q: URLSearchParams, size: number) {
  const offset = Number(q.get('next_token') ?? 0);
  const next = offset + size;
  return { data: all.slice(offset, next), next_token: next < all.length ? String(next) : null };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('days', () => {
  it('splits ranges without gaps or overlaps', () => {
    const parts = splitDays({ start: '2024-01-15', end: '2024-05-14' }, 30);
    expect(parts[0]).toEqual({ start: '2024-01-15', end: '2024-02-13' });
    expect(parts.at(-1)?.end).toBe('2024-05-14');
    for (let i = 1; i < parts.length; i++) {
      expect(addDays(parts[i - 1]?.end ?? '', 1)).toBe(parts[i]?.start);
    }
    expect(parts.every((p) => daysBetween(p.start, p.end) < 30)).toBe(true);
  });

  it('writes local midnights with their offset across DST', () => {
    expect(toLocalIso(startOfLocalDay('2024-03-30'))).toBe('2024-03-30T00:00:00+01:00');
    expect(toLocalIso(startOfLocalDay('2024-04-01'))).toBe('2024-04-01T00:00:00+02:00');
  });
});

describe('pagination', () => {
  it('follows next_token across many pages, resending the range', async () => {
    const all = Array.from({ length: 101 }, (_, i) => ({ id: `r${i}` }));
    const { url, seen } = await serve((_p, q) => page(all, q, 2));
    const client = new OuraClient({ token: 't', baseUrl: url });
    const docs = await collect(client.list('ring_configuration'));
    expect(docs.map((d) => d.id)).toEqual(all.map((d) => d.id));
    expect(seen).toHaveLength(51);

    const dated = Array.from({ length: 9 }, (_, i) => ({ id: `d${i}`, day: `2024-02-0${i + 1}` }));
    const second = await serve((_p, q) => page(dated, q, 2));
    const c2 = new OuraClient({ token: 't', baseUrl: second.url });
    await collect(c2.list('daily_sleep', { start: '2024-02-01', end: '2024-02-09' }));
    for (const { query } of second.seen) {
      expect(query.get('start_date')).toBe('2024-01-31');
      expect(query.get('end_date')).toBe('2024-02-10');
    }
    expect(second.seen[1]?.query.get('next_token')).toBe('2');
  });

  it('stops with an error on a repeated next_token instead of looping', async () => {
    const { url, seen } = await serve(() => ({ data: [{ id: 'x' }], next_token: 'same' }));
    const client = new OuraClient({ token: 't', baseUrl: url });
    await expect(collect(client.paginate('/v2/usercollection/tag'))).rejects.toBeInstanceOf(
      PaginationLoopError,
    );
    expect(seen).toHaveLength(2);
  });
});

describe('date types', () => {
  it('widens by a day, keeps the asked days, each document once', async () => {
    // A server that treats the start as exclusive and repeats documents across pages.
    const { url, seen } = await serve((_p, q) => {
      const start = q.get('start_date') ?? '';
      const end = q.get('end_date') ?? '';
      const docs: { id: string; day: string }[] = [];
      for (let d = addDays(start, 1); daysBetween(d, end) >= 0; d = addDays(d, 1)) {
        docs.push({ id: `sleep-${d}`, day: d }, { id: `sleep-${d}`, day: d });
      }
      return page(docs, q, 3);
    });
    const client = new OuraClient({ token: 't', baseUrl: url, dateWindowDays: 10 });
    const docs = await collect(
      client.list('daily_sleep', { start: '2024-01-01', end: '2024-01-31' }),
    );
    const days = docs.map((d) => d.day);
    expect(days).toHaveLength(31);
    expect(new Set(days).size).toBe(31);
    expect(days[0]).toBe('2024-01-01');
    expect(days.at(-1)).toBe('2024-01-31');
    expect([...days].sort()).toEqual(days);
    expect(seen.every((s) => s.path === '/v2/usercollection/daily_sleep')).toBe(true);
  });

  it.each(['inclusive', 'start-exclusive', 'end-exclusive'] as const)(
    'windows planned from the first page share edge days: %s server, each day once',
    async (edges) => {
      const { url, seen } = await serve((_p, q) => {
        const start = q.get('start_date') ?? '';
        const end = q.get('end_date') ?? '';
        const from = edges === 'start-exclusive' ? addDays(start, 1) : start;
        const to = edges === 'end-exclusive' ? addDays(end, -1) : end;
        const docs: { id: string; day: string }[] = [];
        for (let d = from; daysBetween(d, to) >= 0; d = addDays(d, 1)) docs.push({ id: d, day: d });
        return page(docs, q, 5);
      });
      const client = new OuraClient({ token: 't', baseUrl: url });
      const range = { start: '2024-01-01', end: '2024-02-29' };
      const days = (await collect(client.list('daily_sleep', range))).map((d) => d.day);
      expect(days).toHaveLength(60);
      expect(days[0]).toBe(range.start);
      for (let i = 1; i < days.length; i++) expect(days[i]).toBe(addDays(days[i - 1] ?? '', 1));
      // One query for the whole range, then windows each sharing its first day with the last
      // day of the one before, the last ending a day after the range.
      const asked = [
        ...new Set(seen.map((s) => `${s.query.get('start_date')}..${s.query.get('end_date')}`)),
      ];
      expect(asked[0]).toBe('2023-12-31..2024-03-01');
      const windows = asked
        .slice(1)
        .sort()
        .map((w) => w.split('..'));
      expect(windows.length).toBeGreaterThan(2);
      for (let i = 1; i < windows.length; i++) expect(windows[i]?.[0]).toBe(windows[i - 1]?.[1]);
      expect(windows.at(-1)?.[1]).toBe('2024-03-01');
    },
  );

  it('asks nothing more once a first page reaches the day after the range', async () => {
    const { url, seen } = await serve((_p, q) => {
      const docs: { id: string; day: string }[] = [];
      const end = q.get('end_date') ?? '';
      for (let d = q.get('start_date') ?? ''; d <= end; d = addDays(d, 1)) {
        docs.push({ id: `${d}-a`, day: d }, { id: `${d}-b`, day: d });
      }
      return page(docs, q, 7);
    });
    const client = new OuraClient({ token: 't', baseUrl: url });
    const docs = await collect(client.list('sleep', { start: '2024-03-05', end: '2024-03-06' }));
    expect(docs.map((d) => d.id)).toEqual([
      '2024-03-05-a',
      '2024-03-05-b',
      '2024-03-06-a',
      '2024-03-06-b',
    ]);
    expect(seen).toHaveLength(1);
  });

  it('single day works even where start == end returns nothing', async () => {
    const { url } = await serve((_p, q) => {
      const start = q.get('start_date') ?? '';
      const end = q.get('end_date') ?? '';
      if (start === end) return { data: [], next_token: null };
      return { data: [{ id: 'a', day: addDays(start, 1) }], next_token: null };
    });
    const client = new OuraClient({ token: 't', baseUrl: url });
    const docs = await collect(client.list('sleep', { start: '2024-03-05', end: '2024-03-05' }));
    expect(docs.map((d) => d.day)).toEqual(['2024-03-05']);
  });
});

describe('series windows', () => {
  it('heart rate over four months: every 5-minute sample once, in order, windows concurrent', async () => {
    const FIVE_MIN = 300_000;
    const { url, seen, peak } = await serve((_p, q) => {
      // Inclusive at both ends, as some peers report: seams would duplicate.
      const from = Date.parse(q.get('start_datetime') ?? '');
      const to = Date.parse(q.get('end_datetime') ?? '');
      expect(to - from).toBeLessThanOrEqual(30 * 86_400_000 + 3_600_000);
      const samples = [];
      for (let t = Math.ceil(from / FIVE_MIN) * FIVE_MIN; t <= to; t += FIVE_MIN) {
        samples.push({
          timestamp: new Date(t).toISOString().replace('Z', '+00:00'),
          timestamp_unix: t / 1000,
          bpm: 60 + ((t / FIVE_MIN) % 40),
          source: 'awake',
        });
      }
      return page(samples, q, 1000);
    }, 5);
    // Windows as long as the server allows, to test the seams at that limit.
    const client = new OuraClient({
      token: 't',
      baseUrl: url,
      concurrency: 4,
      seriesWindowDays: 30,
    });
    const range = { start: '2024-01-15', end: '2024-05-14' };
    const samples = await collect(client.list('heartrate', range));

    const from = startOfLocalDay(range.start).getTime();
    const to = startOfLocalDay(addDays(range.end, 1)).getTime();
    const expected = (to - from) / FIVE_MIN;
    expect(samples).toHaveLength(expected);
    const times = samples.map((s) => Date.parse(s.timestamp));
    expect(times[0]).toBe(from);
    expect(times.at(-1)).toBe(to - FIVE_MIN);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBe((times[i - 1] ?? 0) + FIVE_MIN);

    const windows = new Set(seen.map((s) => s.query.get('start_datetime')));
    expect(windows.size).toBe(5); // 121 days in windows of 30
    expect(seen.some((s) => s.query.get('start_datetime') === '2024-03-15T00:00:00+01:00')).toBe(
      true,
    );
    expect(seen.some((s) => s.query.get('end_datetime') === '2024-05-15T00:00:00+02:00')).toBe(
      true,
    );
    expect(peak()).toBeGreaterThan(1);
    expect(peak()).toBeLessThanOrEqual(4);
  });

  it('sends fields and latest only where the spec lists them; projects locally elsewhere', async () => {
    const { url, seen } = await serve((p) =>
      p.includes('tag')
        ? { data: [{ id: 'a', day: '2024-01-02', text: 'x', tags: ['t'] }], next_token: null }
        : {
            data: [{ timestamp: '2024-01-02T10:00:00+00:00', bpm: 70, source: 'live' }],
            next_token: null,
          },
    );
    const client = new OuraClient({ token: 't', baseUrl: url });
    const tags = await collect(
      client.list('tag', { start: '2024-01-02', end: '2024-01-02' }, { fields: ['text'] }),
    );
    expect(tags).toEqual([{ id: 'a', day: '2024-01-02', text: 'x' }]);
    expect(seen[0]?.query.has('fields')).toBe(false);

    await collect(client.list('heartrate', undefined, { latest: true, fields: ['bpm'] }));
    expect(seen[1]?.query.get('latest')).toBe('true');
    expect(seen[1]?.query.get('fields')).toBe('bpm');

    const sandbox = new OuraClient({ token: 't', baseUrl: url, sandbox: true });
    await collect(
      sandbox.list(
        'daily_sleep',
        { start: '2024-01-02', end: '2024-01-02' },
        { fields: ['score'] },
      ),
    );
    expect(seen[2]?.path).toBe('/v2/sandbox/usercollection/daily_sleep');
    expect(seen[2]?.query.has('fields')).toBe(false);
    expect(() => sandbox.list('heartrate', undefined, { latest: true })).toThrow(/latest/);
  });
});
