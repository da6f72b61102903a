/**
 * Backfill benchmark: one year of every data type from the emulator with 40 ms
 * injected latency per request, fetched by our client and by a naive
 * sequential client written the obvious way, in the same run; plus the peak
 * memory of streaming two years of heart rate through the CLI.
 *
 * Run after `npm run build`: `node bench/backfill.js` (or via bench/run.js).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OuraClient } from '../dist/api/client.js';
import { addDays, localDay, startOfLocalDay, toLocalIso } from '../dist/calendar/days.js';
import { DATA_TYPES, ENDPOINTS } from '../dist/oura/data-types.js';
import { startEmulatorProcess } from './helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 40);
const CONCURRENCY = 8;

/** The obvious client: one request at a time, following next_token, 30-day heart-rate windows in turn. */
async function naiveBackfill(baseUrl, token, range) {
  let requests = 0;
  const get = async (path, params) => {
    const url = new URL(baseUrl + path);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    requests++;
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return response.json();
  };
  const all = async (path, params) => {
    let count = 0;
    let next;
    do {
      const body = await get(path, next ? { ...params, next_token: next } : params);
      count += body.data.length;
      next = body.next_token;
    } while (next);
    return count;
  };
  let documents = 0;
  for (const type of DATA_TYPES) {
    const e = ENDPOINTS[type];
    if (e.kind === 'date')
      documents += await all(e.path, { start_date: range.start, end_date: range.end });
    else if (e.kind === 'none' && e.paginated) documents += await all(e.path, {});
    else if (e.kind === 'none') {
      await get(e.path, {});
      documents++;
    } else {
      for (let day = range.start; day <= range.end; day = addDays(day, 30)) {
        const [last] = [addDays(day, 29), range.end].sort(); // the earlier of the two days
        documents += await all(e.path, {
          start_datetime: toLocalIso(startOfLocalDay(day)),
          end_datetime: toLocalIso(startOfLocalDay(addDays(last, 1))),
        });
      }
    }
  }
  return { requests, documents };
}

/** Our client: `types` at once, sharing one concurrency limit; requests and documents counted. */
async function clientFetch(baseUrl, token, range, types) {
  let requests = 0;
  const client = new OuraClient({
    token,
    baseUrl,
    concurrency: CONCURRENCY,
    onRequest: () => {
      requests++;
    },
  });
  const counts = await Promise.all(
    types.map(async (type) => {
      if (type === 'personal_info') {
        await client.personalInfo();
        return 1;
      }
      let n = 0;
      const r = ENDPOINTS[type].kind === 'none' ? undefined : range;
      for await (const _ of client.list(type, r)) n++;
      return n;
    }),
  );
  return { requests, documents: counts.reduce((a, b) => a + b, 0) };
}

/**
 * The types with one document per day, what a daily dashboard reads: the
 * `daily_*` types, and the two others kept per day.
 */
const DAILY_TYPES = [
  ...DATA_TYPES.filter((type) => type.startsWith('daily_')),
  'sleep_time',
  'vO2_max',
];

/**
 * The longest chain of requests that must follow each other: a daily type's
 * first page, then its windows of a page each, together (src/api/date-list.ts).
 */
const PAGE_CHAIN = 2;

async function timed(fn) {
  const started = performance.now();
  const result = await fn();
  return { ...result, ms: performance.now() - started };
}

/** Peak RSS (MB) of the CLI streaming two years of heart rate, counting its lines. */
async function cliPeakRss(emulatorUrl, token) {
  const today = localDay();
  const args = [
    join(root, 'bin/oura.js'),
    'get',
    'heartrate',
    '--start',
    addDays(today, -730),
    '--end',
    today,
    '--format',
    'ndjson',
  ];
  const env = {
    ...process.env,
    OURA_ACCESS_TOKEN: token,
    OURA_API_URL: emulatorUrl,
    OURA_CONFIG_DIR: join(root, '.tmp', 'bench-config'),
  };
  const useTime = existsSync('/usr/bin/time');
  // Run bin/oura.js itself, as a user's shell does: it tunes V8 before loading the CLI.
  const [cmd, argv] = useTime ? ['/usr/bin/time', ['-v', ...args]] : [args[0], args.slice(1)];
  const child = spawn(cmd, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let samples = 0;
  child.stdout.on('data', (chunk) => {
    for (const byte of chunk) if (byte === 10) samples++;
  });
  let stderr = '';
  child.stderr.on('data', (c) => {
    stderr += c;
  });
  const code = await new Promise((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`oura get failed (${code}): ${stderr.slice(-500)}`);
  if (!useTime) return { mb: Number.NaN, note: '/usr/bin/time missing' };
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]);
  return { mb: kb / 1024, note: `/usr/bin/time -v, 2 years, ${samples} samples` };
}

/** @returns {Promise<{name: string, value: number, unit: string, target: string, note: string}[]>} */
export async function run() {
  const today = localDay();
  const range = { start: addDays(today, -364), end: today };
  const emulator = await startEmulatorProcess({
    port: 0,
    today,
    latencyMs: LATENCY_MS,
    rateLimit: { limit: 1_000_000, windowSeconds: 300 },
  });
  try {
    const { token } = emulator;
    const naive = await timed(() => naiveBackfill(emulator.url, token, range));
    const ours = await timed(() => clientFetch(emulator.url, token, range, DATA_TYPES));
    const lowerBound = (ours.requests * LATENCY_MS) / CONCURRENCY;
    const daily = await timed(() => clientFetch(emulator.url, token, range, DAILY_TYPES));
    const dailyBound = Math.max(
      (daily.requests * LATENCY_MS) / CONCURRENCY,
      PAGE_CHAIN * LATENCY_MS,
    );
    const rss = await cliPeakRss(emulator.url, token);
    // The emulator's own CPU time (data generation, JSON) is a floor the latency
    // bound ignores: measure it with a zero-latency emulator in the same run.
    const instant = await startEmulatorProcess({
      port: 0,
      today,
      rateLimit: { limit: 1_000_000, windowSeconds: 300 },
    });
    const cpuFloor = await timed(() =>
      clientFetch(instant.url, instant.token, range, DATA_TYPES),
    ).finally(() => instant.close());
    return [
      {
        name: 'backfill 1y all types: client wall time',
        value: Math.round(ours.ms),
        unit: 'ms',
        target: '-',
        note: `${ours.requests} requests, ${ours.documents} documents, ${LATENCY_MS} ms latency, concurrency ${CONCURRENCY}`,
      },
      {
        name: 'backfill 1y all types: naive sequential wall time',
        value: Math.round(naive.ms),
        unit: 'ms',
        target: '-',
        note: `${naive.requests} requests, ${naive.documents} documents`,
      },
      {
        name: 'backfill speed-up vs naive sequential',
        value: round(naive.ms / ours.ms),
        unit: 'x',
        target: '>= 5',
        note: 'same emulator process, same run',
      },
      {
        name: 'backfill wall time / lower bound',
        value: round(ours.ms / lowerBound),
        unit: 'x',
        target: '<= 1.5',
        note: `lower bound = ${ours.requests} requests x ${LATENCY_MS} ms / ${CONCURRENCY} = ${Math.round(lowerBound)} ms`,
      },
      {
        name: 'backfill wall time / max(lower bound, 0-latency wall)',
        value: round(ours.ms / Math.max(lowerBound, cpuFloor.ms)),
        unit: 'x',
        target: 'info',
        note: `same client against a 0 ms emulator took ${Math.round(cpuFloor.ms)} ms (server + client CPU)`,
      },
      {
        name: '9 daily types, 1 year, at once: wall time / lower bound',
        value: round(daily.ms / dailyBound),
        unit: 'x',
        target: '<= 1.3',
        note: `${Math.round(daily.ms)} ms, ${daily.requests} requests, ${daily.documents} documents; bound = max(${daily.requests} x ${LATENCY_MS} / ${CONCURRENCY}, ${PAGE_CHAIN} pages x ${LATENCY_MS}) = ${Math.round(dailyBound)} ms`,
      },
      {
        name: 'peak RSS: oura get heartrate 2y --format ndjson',
        value: round(rss.mb),
        unit: 'MB',
        target: '<= 150',
        note: rss.note,
      },
    ];
  } finally {
    await emulator.close();
  }
}

function round(n) {
  return Math.round(n * 100) / 100;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rows = await run();
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(50)} ${String(r.value).padStart(9)} ${r.unit.padEnd(3)} target ${r.target.padEnd(7)} ${r.note}`,
    );
  }
}
