/**
 * A year of the 9 daily types, all asked at once by a fresh process (no warm
 * code, no open connections), against the emulator in its own process at
 * 40 ms per request: wall time and requests beside what the data needs,
 * measured in the same run. The pages the data needs are those of one query
 * per type over the range widened by a day on each side (what peers send).
 *
 * Run after `npm run build`: `node bench/daily-year.js` (or `node bench/run.js daily-year`).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { addDays, localDay } from '../dist/calendar/days.js';
import { DATA_TYPES, ENDPOINTS } from '../dist/oura/data-types.js';
import { startEmulatorProcess } from './helpers.js';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 40);
const CONCURRENCY = 8;
const RUNS = 5;

/** The types kept one document a day: the `daily_*` types, sleep_time and vO2_max. */
const DAILY_TYPES = [
  ...DATA_TYPES.filter((type) => type.startsWith('daily_')),
  'sleep_time',
  'vO2_max',
];

/** What the fresh process runs: the client's lists of every type at once, timed from the client's creation. */
const CHILD = `
  const { OuraClient } = await import(${JSON.stringify(new URL('../dist/api/client.js', import.meta.url).href)});
  const { url, token, range, types, concurrency } = JSON.parse(process.argv[1]);
  const started = performance.now();
  const cpu = process.cpuUsage();
  let requests = 0;
  const client = new OuraClient({ token, baseUrl: url, concurrency, onRequest: () => { requests++; } });
  const counts = await Promise.all(types.map(async (type) => {
    let n = 0;
    for await (const _ of client.list(type, range)) n++;
    return n;
  }));
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  process.stdout.write(JSON.stringify({ ms, cpuMs, requests, documents: counts.reduce((a, b) => a + b, 0) }));
`;

function freshProcess(emulator, range) {
  const input = JSON.stringify({
    url: emulator.url,
    token: emulator.token,
    range,
    types: DAILY_TYPES,
    concurrency: CONCURRENCY,
  });
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD, input], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`client exited ${code}`)),
    );
  });
}

/** The pages one query per type over the widened range takes, followed to the last `next_token`. */
async function pagesNeeded(emulator, range) {
  let pages = 0;
  for (const type of DAILY_TYPES) {
    let next;
    do {
      const url = new URL(emulator.url + ENDPOINTS[type].path);
      url.searchParams.set('start_date', addDays(range.start, -1));
      url.searchParams.set('end_date', addDays(range.end, 1));
      if (next) url.searchParams.set('next_token', next);
      const response = await fetch(url, { headers: { authorization: `Bearer ${emulator.token}` } });
      if (!response.ok) throw new Error(`${type}: HTTP ${response.status}`);
      next = (await response.json()).next_token;
      pages++;
    } while (next);
  }
  return pages;
}

/** The median run of `RUNS` fresh processes (by wall time). */
async function medianRun(emulator, range) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await freshProcess(emulator, range));
  runs.sort((a, b) => a.ms - b.ms);
  return { ...runs[Math.floor(RUNS / 2)], fastest: runs[0].ms };
}

/** @returns {Promise<{name: string, value: number, unit: string, target: string, note: string}[]>} */
export async function run() {
  const today = localDay();
  const range = { start: addDays(today, -364), end: today };
  const options = { port: 0, today, rateLimit: { limit: 1_000_000, windowSeconds: 300 } };
  const slow = await startEmulatorProcess({ ...options, latencyMs: LATENCY_MS });
  let ours;
  let pages;
  try {
    pages = await pagesNeeded(slow, range);
    ours = await medianRun(slow, range);
  } finally {
    await slow.close();
  }
  // The emulator's and the client's own CPU time, which the latency bound leaves out.
  const instant = await startEmulatorProcess(options);
  const floor = await medianRun(instant, range).finally(() => instant.close());
  const bound = (pages * LATENCY_MS) / CONCURRENCY;
  return [
    {
      name: '9 daily types x 1 year at once, fresh process: wall time',
      value: Math.round(ours.ms),
      unit: 'ms',
      target: '-',
      note: `median of ${RUNS} processes (fastest ${Math.round(ours.fastest)} ms), ${ours.documents} documents, ${LATENCY_MS} ms latency, ${CONCURRENCY} in flight; the client's own CPU ${Math.round(ours.cpuMs)} ms`,
    },
    {
      name: '9 daily types x 1 year: requests / pages the data needs',
      value: round(ours.requests / pages),
      unit: 'x',
      target: '<= 1',
      note: `${ours.requests} requests; ${pages} pages = one query per type over the range widened by a day each side`,
    },
    {
      name: '9 daily types x 1 year: wall time / lower bound',
      value: round(ours.ms / bound),
      unit: 'x',
      target: '<= 1.3',
      note: `bound = ${pages} pages x ${LATENCY_MS} ms / ${CONCURRENCY} chains in parallel = ${Math.round(bound)} ms`,
    },
    {
      name: '9 daily types x 1 year: wall time / max(bound, 0 ms-latency wall)',
      value: round(ours.ms / Math.max(bound, floor.ms)),
      unit: 'x',
      target: 'info',
      note: `the same fresh process against a 0 ms emulator took ${Math.round(floor.ms)} ms (median; server + client CPU: a page of daily_activity is ~340 kB)`,
    },
  ];
}

function round(n) {
  return Math.round(n * 100) / 100;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const r of await run()) {
    console.log(
      `${r.name.padEnd(62)} ${String(r.value).padStart(7)} ${r.unit.padEnd(3)} target ${r.target.padEnd(7)} ${r.note}`,
    );
  }
}
