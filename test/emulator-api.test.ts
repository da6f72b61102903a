import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowMs } from '../src/clock.js';
import { heartRateSeries } from '../src/emulator/data/heartrate.js';
import { PlanCache } from '../src/emulator/data/plan.js';
import { type Emulator, type EmulatorOptions, startEmulator } from '../src/emulator/index.js';
import { getJson, type ListBody } from './helpers/emulator.js';

/** The data API: auth and scope errors, validation, pagination, limits, faults, and the data itself. */

const TODAY = '2025-06-30';
let emulator: Emulator;
let token: string;
const started: Emulator[] = [];

async function extra(options: EmulatorOptions): Promise<Emulator> {
  const instance = await startEmulator({ today: TODAY, ...options });
  started.push(instance);
  return instance;
}

async function all(base: string, path: string, bearer: string, query: Record<string, string>) {
  const docs: Record<string, unknown>[] = [];
  let pages = 0;
  let next: string | null = null;
  do {
    // After the first page, send next_token alone.
    const q = new URLSearchParams(next ? { next_token: next } : query);
    const response = await getJson(`${base}${path}?${q}`, bearer);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const body = response.body as ListBody;
    docs.push(...body.data);
    next = body.next_token;
    pages++;
  } while (next);
  return { docs, pages };
}

beforeAll(async () => {
  emulator = await startEmulator({ today: TODAY });
  token = emulator.mintTokens().access_token;
});
afterAll(async () => {
  await emulator.close();
  await Promise.all(started.map((instance) => instance.close()));
});

describe('authentication and scopes', () => {
  it('401 without, or with an unknown, bearer; sandbox takes any bearer', async () => {
    const path = '/v2/usercollection/daily_sleep';
    expect((await getJson(`${emulator.url}${path}`)).status).toBe(401);
    const unknown = await getJson(`${emulator.url}${path}`, 'made-up');
    expect(unknown.status).toBe(401);
    expect(unknown.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(
      (await getJson(`${emulator.url}/v2/sandbox/usercollection/daily_sleep`, 'made-up')).status,
    ).toBe(200);
    expect((await getJson(`${emulator.url}/v2/sandbox/usercollection/daily_sleep`)).status).toBe(
      401,
    );
  });

  it('403 naming the scope the token lacks', async () => {
    const narrow = emulator.mintTokens({ scopes: ['personal'] }).access_token;
    const response = await getJson(`${emulator.url}/v2/usercollection/workout`, narrow);
    expect(response.status).toBe(403);
    expect((response.body as { detail: string }).detail).toContain("'workout'");
    const info = await getJson(`${emulator.url}/v2/usercollection/personal_info`, narrow);
    expect(info.body).toMatchObject({ id: emulator.user.id, email: null });
    const withEmail = await getJson(`${emulator.url}/v2/usercollection/personal_info`, token);
    expect(withEmail.body).toMatchObject({ id: emulator.user.id, email: emulator.user.email });
  });
});

describe('parameter validation', () => {
  const base = () => `${emulator.url}/v2/usercollection`;
  it('400 on unknown parameters, start after end, and bad next_token', async () => {
    const unknown = await getJson(`${base()}/daily_sleep?start=2025-06-01`, token);
    expect(unknown.status).toBe(400);
    expect((unknown.body as { detail: string }).detail).toContain('start');
    expect(
      (await getJson(`${base()}/daily_sleep?start_date=2025-06-10&end_date=2025-06-01`, token))
        .status,
    ).toBe(400);
    expect((await getJson(`${base()}/daily_sleep?next_token=garbage`, token)).status).toBe(400);
    expect((await getJson(`${base()}/personal_info?fields=id`, token)).status).toBe(400);
    expect((await getJson(`${base()}/daily_sleep?fields=nope`, token)).status).toBe(400);
  });

  it('422 on malformed dates and date-times', async () => {
    for (const query of [
      'daily_sleep?start_date=2025-02-30',
      'daily_sleep?end_date=30.06.2025',
      'heartrate?start_datetime=2025-06-01',
      'heartrate?latest=maybe',
    ]) {
      const response = await getJson(`${base()}/${query}`, token);
      expect(response.status, query).toBe(422);
      expect(response.body).toMatchObject({ detail: [{ loc: ['query', expect.any(String)] }] });
    }
  });

  it('series windows longer than 30 days are a 400 that says so', async () => {
    const response = await getJson(
      `${base()}/heartrate?start_datetime=2025-05-01T00:00:00Z&end_datetime=2025-06-01T00:00:01Z`,
      token,
    );
    expect(response.status).toBe(400);
    expect((response.body as { detail: string }).detail).toContain('30 days');
    const ok = await getJson(
      `${base()}/heartrate?start_datetime=2025-05-01T00:00:00Z&end_datetime=2025-05-31T00:00:00Z`,
      token,
    );
    expect(ok.status).toBe(200);
  });

  it('404 for unknown types and documents', async () => {
    expect((await getJson(`${base()}/nothing`, token)).status).toBe(404);
    expect((await getJson(`${base()}/heartrate/abc`, token)).status).toBe(404);
    expect(
      (await getJson(`${emulator.url}/v2/sandbox/usercollection/personal_info`, token)).status,
    ).toBe(404);
  });
});

describe('pagination', () => {
  it('returns each document exactly once over many pages, with next_token alone', async () => {
    const small = await extra({ pageSize: 7 });
    const bearer = small.mintTokens().access_token;
    const query = { start_date: '2025-03-01', end_date: '2025-06-30' };
    const { docs, pages } = await all(
      small.url,
      '/v2/usercollection/daily_readiness',
      bearer,
      query,
    );
    expect(pages).toBeGreaterThan(10);
    expect(docs).toHaveLength(122);
    expect(new Set(docs.map((doc) => doc.id)).size).toBe(122);
    expect(docs[0]?.day).toBe('2025-03-01');
    expect(docs.at(-1)?.day).toBe('2025-06-30');
    const sleeps = await all(small.url, '/v2/usercollection/sleep', bearer, query);
    expect(new Set(sleeps.docs.map((doc) => doc.id)).size).toBe(sleeps.docs.length);
  });

  it('accepts next_token with the same range, rejects it with another range', async () => {
    const small = await extra({ pageSize: 5 });
    const bearer = small.mintTokens().access_token;
    const path = `${small.url}/v2/usercollection/daily_sleep?start_date=2025-06-01&end_date=2025-06-20`;
    const first = (await getJson(path, bearer)).body as ListBody;
    expect(first.next_token).toEqual(expect.any(String));
    const second = await getJson(`${path}&next_token=${first.next_token}`, bearer);
    expect(second.status).toBe(200);
    expect((second.body as ListBody).data[0]?.day).toBe('2025-06-06');
    const other = await getJson(
      `${small.url}/v2/usercollection/daily_sleep?start_date=2025-05-01&end_date=2025-06-20&next_token=${first.next_token}`,
      bearer,
    );
    expect(other.status).toBe(400);
  });

  it('pages heart rate: every 5 minutes, every 5 seconds during workouts, every sample once', async () => {
    // Three local days from Sunday 2025-06-08, whose 10:00 run (a weekly habit of
    // the emulator) puts a workout in the range in any time zone. No DST change in June.
    const from = new Date(2025, 5, 8).getTime();
    const query = {
      start_datetime: new Date(from).toISOString(),
      end_datetime: new Date(from + 3 * 86_400_000).toISOString(),
    };
    const { docs } = await all(emulator.url, '/v2/usercollection/heartrate', token, query);
    const workouts = (
      await all(emulator.url, '/v2/usercollection/workout', token, {
        start_date: '2025-06-07',
        end_date: '2025-06-11',
      })
    ).docs
      .map((doc) => ({
        start: Date.parse(String(doc.start_datetime)) / 1000,
        end: Date.parse(String(doc.end_datetime)) / 1000,
      }))
      .filter(
        (w) =>
          w.end > Date.parse(query.start_datetime) / 1000 &&
          w.start < Date.parse(query.end_datetime) / 1000,
      );
    expect(workouts.length).toBeGreaterThan(0);
    const during = (t: number) => workouts.some((w) => t >= w.start && t < w.end);
    const stamps = docs.map((doc) => Number(doc.timestamp_unix));
    // Oura's real series: a sample every 5 minutes, and bursts every ~5 s during activity.
    const dense = docs.filter((doc) => Number(doc.timestamp_unix) % 300 !== 0);
    expect(dense.length).toBeGreaterThan(100);
    expect(new Set(dense.map((doc) => doc.source))).toEqual(new Set(['workout']));
    expect(stamps.filter((t) => t % 300 === 0)).toHaveLength(3 * 288);
    expect(docs.length).toBe(3 * 288 + dense.length);
    for (let i = 1; i < stamps.length; i++) {
      const [before, at] = [stamps[i - 1] ?? 0, stamps[i] ?? 0];
      expect(at).toBeGreaterThan(before);
      if (during(before) && during(at)) expect(at - before).toBe(5);
      else expect(at % 300 === 0 || during(at)).toBe(true);
    }
    for (const w of workouts.filter((w) => w.start >= (stamps[0] ?? 0))) {
      expect(stamps.filter((t) => t >= w.start && t < w.end)).toHaveLength((w.end - w.start) / 5);
    }
    expect(stamps[0]).toBe(from / 1000);
    const sources = new Set(docs.map((doc) => doc.source));
    expect(sources).toContain('sleep');
    expect(sources).toContain('awake');
    // Pages of 1000 (as seen from Oura) and of 100 hold the same samples, each once.
    const pages = (await all(emulator.url, '/v2/usercollection/heartrate', token, query)).pages;
    expect(pages).toBe(Math.ceil(docs.length / 1000));
    const paged = await extra({ seriesPageSize: 100 });
    const many = await all(
      paged.url,
      '/v2/usercollection/heartrate',
      paged.mintTokens().access_token,
      query,
    );
    expect(many.pages).toBe(Math.ceil(docs.length / 100));
    expect(many.docs).toEqual(docs);
  });

  it('latest=true returns only the newest sample', async () => {
    const response = await getJson(
      `${emulator.url}/v2/usercollection/heartrate?start_datetime=2025-06-10T00:00:00Z&end_datetime=2025-06-11T00:00:00Z&latest=true`,
      token,
    );
    const body = response.body as ListBody;
    expect(body.data).toHaveLength(1);
    expect(body.data[0]?.timestamp).toBe('2025-06-10T23:55:00+00:00');
    expect(body.next_token).toBeNull();
  });
});

describe('rate limits and faults', () => {
  it('sends rate-limit headers, then 429 with Retry-After', async () => {
    const limited = await extra({ rateLimit: { limit: 3, windowSeconds: 60 } });
    const bearer = limited.mintTokens().access_token;
    const url = `${limited.url}/v2/usercollection/personal_info`;
    const first = await getJson(url, bearer);
    expect(first.headers.get('x-ratelimit-limit')).toBe('3');
    expect(first.headers.get('x-ratelimit-window')).toBe('60');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('2');
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(nowMs() / 1000);
    expect(first.headers.get('x-ratelimit-tier')).toBeTruthy();
    await getJson(url, bearer);
    await getJson(url, bearer);
    const over = await getJson(url, bearer);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(over.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.stats.rateLimited).toBe(1);
    // Per token: another token still gets through.
    expect((await getJson(url, limited.mintTokens().access_token)).status).toBe(200);
  });

  it('limits each application too: its tokens together, whichever account they read', async () => {
    const limited = await extra({
      accounts: 2,
      rateLimit: { limit: 3, windowSeconds: 60 },
      appRateLimit: { limit: 4, windowSeconds: 60 },
      clients: [
        { clientId: 'app-one', clientSecret: 's1', redirectUris: ['http://127.0.0.1:1/cb'] },
        { clientId: 'app-two', clientSecret: 's2', redirectUris: ['http://127.0.0.1:1/cb'] },
      ],
    });
    const url = `${limited.url}/v2/usercollection/personal_info`;
    const tokenOf = (clientId: string, account: number) =>
      limited.mintTokens({ clientId, account }).access_token;
    const first = tokenOf('app-one', 0);
    const second = tokenOf('app-one', 1);
    // Two requests each: neither token reaches its own 3, the application reaches its 4.
    for (const bearer of [first, second, first, second])
      expect((await getJson(url, bearer)).status).toBe(200);
    const over = await getJson(url, second);
    expect(over.status).toBe(429);
    expect(over.headers.get('x-ratelimit-tier')).toBe('application');
    expect(over.headers.get('x-ratelimit-limit')).toBe('4');
    expect(over.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another application has its own window, and a token its own below it.
    const own = tokenOf('app-two', 1);
    for (let i = 0; i < 3; i++) expect((await getJson(url, own)).status).toBe(200);
    const tokenOver = await getJson(url, own);
    expect(tokenOver.status).toBe(429);
    expect(tokenOver.headers.get('x-ratelimit-tier')).toBe('access_token');
  });

  it('force429 answers the first N data requests 429 with Retry-After: 1', async () => {
    const forced = await extra({ force429: 2 });
    const bearer = forced.mintTokens().access_token;
    const url = `${forced.url}/v2/usercollection/personal_info`;
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const response = await getJson(url, bearer);
      statuses.push(response.status);
      if (response.status === 429) expect(response.headers.get('retry-after')).toBe('1');
    }
    expect(statuses).toEqual([429, 429, 200]);
  });

  it('failureRate fails a deterministic share of requests with 500/503; latency delays', async () => {
    const run = async () => {
      const flaky = await extra({ failureRate: 0.5 });
      const bearer = flaky.mintTokens().access_token;
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        statuses.push(
          (await getJson(`${flaky.url}/v2/usercollection/personal_info`, bearer)).status,
        );
      }
      return statuses;
    };
    const statuses = await run();
    expect(statuses.filter((status) => status >= 500).length).toBeGreaterThan(3);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(3);
    expect(statuses.every((status) => [200, 500, 503].includes(status))).toBe(true);
    expect(await run()).toEqual(statuses);
    emulator.setFaults({ latencyMs: 150 });
    const t0 = Date.now();
    await getJson(`${emulator.url}/v2/usercollection/personal_info`, token);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    emulator.setFaults({ latencyMs: 0 });
  });
});

describe('edge quirks', () => {
  it('off: inclusive range; on: end_date exclusive and sleep start==end empty', async () => {
    const quirky = await extra({ edgeQuirks: true });
    const bearer = quirky.mintTokens().access_token;
    const range = 'start_date=2025-06-10&end_date=2025-06-12';
    const normal = (await getJson(`${emulator.url}/v2/usercollection/daily_sleep?${range}`, token))
      .body as ListBody;
    expect(normal.data.map((doc) => doc.day)).toEqual(['2025-06-10', '2025-06-11', '2025-06-12']);
    const odd = (await getJson(`${quirky.url}/v2/usercollection/daily_sleep?${range}`, bearer))
      .body as ListBody;
    expect(odd.data.map((doc) => doc.day)).toEqual(['2025-06-10', '2025-06-11']);
    const one = 'start_date=2025-06-10&end_date=2025-06-10';
    const sleepNormal = (await getJson(`${emulator.url}/v2/usercollection/sleep?${one}`, token))
      .body as ListBody;
    expect(sleepNormal.data.length).toBeGreaterThan(0);
    const sleepOdd = (await getJson(`${quirky.url}/v2/usercollection/sleep?${one}`, bearer))
      .body as ListBody;
    expect(sleepOdd.data).toEqual([]);
  });
});

describe('synthetic data', () => {
  it('is deterministic across restarts, and the sandbox differs', async () => {
    const path = '/v2/usercollection/sleep?start_date=2025-05-01&end_date=2025-05-07';
    const again = await extra({});
    const a = (await getJson(`${emulator.url}${path}`, token)).body;
    const b = (await getJson(`${again.url}${path}`, again.mintTokens().access_token)).body;
    expect(b).toEqual(a);
    const sandbox = (
      await getJson(
        `${emulator.url}${path.replace('/usercollection', '/sandbox/usercollection')}`,
        'x',
      )
    ).body;
    expect(sandbox).not.toEqual(a);
  });

  it('sleep stages add up to time in bed, bedtimes near 23:00, HR matches the series', async () => {
    const { docs } = await all(emulator.url, '/v2/usercollection/sleep', token, {
      start_date: '2025-01-01',
      end_date: '2025-06-30',
    });
    const nights = docs.filter((doc) => doc.type === 'long_sleep');
    expect(nights.length).toBe(181);
    for (const doc of docs) {
      const sum =
        Number(doc.deep_sleep_duration) +
        Number(doc.light_sleep_duration) +
        Number(doc.rem_sleep_duration) +
        Number(doc.awake_time);
      expect(sum).toBe(doc.time_in_bed);
      expect(String(doc.sleep_phase_5_min).length * 300).toBe(doc.time_in_bed);
      expect((doc.heart_rate as { items: number[] }).items).toHaveLength(
        Number(doc.time_in_bed) / 300,
      );
    }
    for (const night of nights) {
      const start = String(night.bedtime_start);
      const hour = Number(start.slice(11, 13)) + Number(start.slice(14, 16)) / 60;
      const fromEleven = hour > 12 ? hour - 23 : hour + 1;
      expect(Math.abs(fromEleven)).toBeLessThanOrEqual(1.5);
    }
    const night = nights.at(-1) ?? {};
    const hr = await getJson(
      `${emulator.url}/v2/usercollection/heartrate?start_datetime=${encodeURIComponent(String(night.bedtime_start))}&end_datetime=${encodeURIComponent(String(night.bedtime_end))}`,
      token,
    );
    const rows = (hr.body as ListBody).data;
    expect(rows.map((row) => row.bpm)).toEqual((night.heart_rate as { items: number[] }).items);
    expect(new Set(rows.map((row) => row.source))).toEqual(new Set(['sleep']));
  });

  it('scores sit in real ranges; activity strings have the right length', async () => {
    const { docs } = await all(emulator.url, '/v2/usercollection/daily_activity', token, {
      start_date: '2025-04-01',
      end_date: '2025-06-30',
    });
    for (const doc of docs) {
      expect(String(doc.class_5_min)).toHaveLength(288);
      expect((doc.met as { items: number[] }).items).toHaveLength(1440);
      expect(Number(doc.steps)).toBeGreaterThanOrEqual(3000);
      expect(Number(doc.steps)).toBeLessThanOrEqual(15000);
    }
    const scores = (
      await all(emulator.url, '/v2/usercollection/daily_sleep', token, {
        start_date: '2024-07-01',
        end_date: TODAY,
      })
    ).docs.map((doc) => Number(doc.score));
    const mostly = scores.filter((score) => score >= 60 && score <= 95).length / scores.length;
    expect(mostly).toBeGreaterThan(0.8);
    expect(scores.some((score) => score < 60)).toBe(true);
  });

  it('a year of heart rate (over 105k samples) generates well under a second', () => {
    const cache = new PlanCache('perf');
    const from = Date.parse('2024-01-01T00:00:00Z');
    // CPU time, not wall-clock time: on a loaded machine the wall clock also
    // counts the time other processes had the CPU.
    const cpu0 = process.cpuUsage();
    let samples = 0;
    for (let day = 0; day < 365; day += 30) {
      const start = from + day * 86_400_000;
      const end = Math.min(from + 365 * 86_400_000, start + 30 * 86_400_000);
      samples += heartRateSeries(cache, 1, start, end, Number.POSITIVE_INFINITY).rows.length;
    }
    const cpu = process.cpuUsage(cpu0);
    expect(samples).toBeGreaterThan(365 * 288);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(1000);
  });
});
