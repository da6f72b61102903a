/**
 * Local-history benchmarks, each beside its baseline measured in the same run:
 * - a full `oura sync` of two years of every type at 40 ms per request, against
 *   its lower bound (requests x latency / the client's concurrency), with peak RSS,
 *   and against a 0 ms emulator: each the median of three, each against a fresh emulator;
 * - an incremental sync after one new day (the emulator's history grows by a day);
 * - the check of the whole file for damage (quick_check) alone, and an
 *   incremental sync with that check due against one without;
 * - `oura_summary` over 365 days from the history vs live, in-process;
 * - the database's size;
 * - the migration of that file as the JSONB layout (schema 2) had it.
 *
 * Run after `npm run build`: `node bench/history.js` (or via bench/run.js).
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import Database from 'better-sqlite3';
import { OuraClient } from '../dist/api/client.js';
import { addDays, localDay } from '../dist/calendar/days.js';
import { openForWrite } from '../dist/history/database.js';
import { openHistory } from '../dist/history/history.js';
import { mcpHistory } from '../dist/mcp/history.js';
import { createOuraMcpServer } from '../dist/mcp/server.js';
import { benchDir, cpuSeconds, startEmulatorProcess } from './helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 40);
/**
 * Calls a server has answered before its summary counts as warm: V8 optimises
 * the tool's code over some tens of calls (in one measurement, one process on
 * one machine, the median of calls 6-26 was ~1.5x that of calls 51-71).
 */
const SUMMARY_WARM_UP = 50;
const CONCURRENCY = 8;
const DAYS = 730;
/** Full two-year syncs per row, each against a fresh emulator: the row reads their median. */
const FULL_SYNC_RUNS = 3;

/** `oura sync --json` as a user runs it (bin/oura.js, its shebang flags), with peak RSS. */
async function syncProcess(emulator, dataDir) {
  const args = [join(root, 'bin/oura.js'), 'sync', '--json'];
  const env = {
    ...process.env,
    OURA_ACCESS_TOKEN: emulator.token,
    OURA_API_URL: emulator.url,
    OURA_DATA_DIR: dataDir,
    OURA_CONFIG_DIR: dataDir,
  };
  const useTime = existsSync('/usr/bin/time');
  const [cmd, argv] = useTime ? ['/usr/bin/time', ['-v', ...args]] : [args[0], args.slice(1)];
  const started = performance.now();
  const child = spawn(cmd, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => {
    stdout += c;
  });
  child.stderr.on('data', (c) => {
    stderr += c;
  });
  const code = await new Promise((resolve) => child.on('close', resolve));
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`oura sync failed (${code}): ${stderr.slice(-500)}`);
  const summary = JSON.parse(stdout);
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]);
  const seconds = (label) =>
    Number(new RegExp(`${label} time \\(seconds\\): ([\\d.]+)`).exec(stderr)?.[1]);
  const cpuMs = useTime ? (seconds('User') + seconds('System')) * 1000 : Number.NaN;
  return { ms, summary, rssMb: useTime ? kb / 1024 : Number.NaN, cpuMs };
}

/**
 * Opening a two-year file of schema 2 (documents as JSONB, before any SQLite
 * could read them) for writing: the migration rewrites every document as text
 * and lays the table out again, in one transaction, then VACUUMs. The file is
 * made from the synced one, as the old build left it.
 */
async function migrationRow(dbFile) {
  const file = join(benchDir('oura-bench-migrate-'), 'default.sqlite');
  const source = new Database(dbFile, { readonly: true });
  await source.backup(file);
  source.close();
  const old = new Database(file);
  old.exec(`UPDATE documents SET doc = jsonb(doc);
    DELETE FROM meta WHERE key = 'layout';
    PRAGMA user_version = 2;
    VACUUM;`);
  const documents = old.prepare('SELECT count(*) FROM documents').pluck().get();
  old.close();
  const before = statSync(file).size;
  const started = performance.now();
  const db = await openForWrite(file);
  const ms = performance.now() - started;
  db.close();
  return {
    name: 'schema 2 (JSONB) file migrated on open, 2y',
    value: Math.round(ms),
    unit: 'ms',
    target: '-',
    note: `${documents} documents, ${round(before / 1024 / 1024)} MB -> ${round(statSync(file).size / 1024 / 1024)} MB, VACUUM included`,
  };
}

/** The run of median wall time (FULL_SYNC_RUNS is odd). */
function medianRun(runs) {
  return [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)];
}

/** Each run's wall time, in the order run: "3 runs (5210, 5103, 5388 ms)". */
const runsMs = (runs) =>
  `${runs.length} runs (${runs.map((run) => Math.round(run.ms)).join(', ')} ms)`;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * `oura_summary` over `range` through an in-process MCP client, `runs` times
 * after `warmUp` untimed calls (a warm server: its history open, its code
 * compiled by V8's optimising tier, which takes some tens of calls); the
 * median ms, the median of the first `runs` calls (`fromStartMs`: a fresh
 * server), of the `runs` calls after the first five (`afterFiveMs`: what this
 * row measured when it warmed up with five), and the source.
 */
async function summaryTimes(deps, range, runs, warmUp = 0) {
  const server = createOuraMcpServer(deps);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(clientSide);
  const all = [];
  let source;
  for (let i = -warmUp; i < runs; i++) {
    const started = performance.now();
    const result = await client.callTool({
      name: 'oura_summary',
      arguments: { start_date: range.start, end_date: range.end },
    });
    all.push(performance.now() - started);
    if (result.isError) throw new Error(JSON.stringify(result.content));
    source = result.structuredContent.source;
  }
  await client.close();
  return {
    ms: median(all.slice(warmUp)),
    fromStartMs: median(all.slice(0, runs)),
    afterFiveMs: warmUp >= 5 + runs ? median(all.slice(5, 5 + runs)) : undefined,
    source,
  };
}

/** @returns {Promise<{name: string, value: number, unit: string, target: string, note: string}[]>} */
export async function run() {
  const today = localDay();
  // The account starts two years back; the full syncs' emulators' history ends yesterday, the
  // incremental sync's today.
  const startDay = addDays(today, -DAYS);
  const rateLimit = { limit: 1_000_000, windowSeconds: 300 };
  const dataDir = benchDir('oura-bench-history-');
  const rows = [];

  // Each full sync against its own fresh emulator (its history ending yesterday), as
  // the first sync of a new account meets it; the median of FULL_SYNC_RUNS, as one
  // sync's wall time moved by 5-10% from run to run on a quiet machine.
  const freshSync = async (latencyMs, dir) => {
    const emulator = await startEmulatorProcess({
      port: 0,
      today: addDays(today, -1),
      startDay,
      latencyMs,
      rateLimit,
    });
    try {
      const emulatorCpu = cpuSeconds(emulator.pid);
      const sync = await syncProcess(emulator, dir);
      return { ...sync, emulatorCpuMs: (cpuSeconds(emulator.pid) - emulatorCpu) * 1000 };
    } finally {
      await emulator.close();
    }
  };
  /** A sync into a directory of its own, removed once measured (two years is ~40 MB). */
  const throwawaySync = async (latencyMs, prefix) => {
    const dir = benchDir(prefix);
    try {
      return await freshSync(latencyMs, dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  // At 40 ms and at 0 ms in turn, so a change in the machine's load falls on both alike.
  // The first at 40 ms fills dataDir, which the rows below go on with.
  const fullRuns = [];
  const floorRuns = [];
  for (let i = 0; i < FULL_SYNC_RUNS; i++) {
    fullRuns.push(
      i === 0
        ? await freshSync(LATENCY_MS, dataDir)
        : await throwawaySync(LATENCY_MS, 'oura-bench-full-'),
    );
    // The CPU floor the latency bound ignores (emulator data generation, JSON,
    // SQLite): the same sync against a 0 ms emulator, in the same run.
    floorRuns.push(await throwawaySync(0, 'oura-bench-floor-'));
  }
  const full = medianRun(fullRuns);
  if (fullRuns.some((run) => run.summary.requests !== full.summary.requests)) {
    throw new Error(`full syncs sent unequal requests: ${fullRuns.map((r) => r.summary.requests)}`);
  }
  const lowerBound = (full.summary.requests * LATENCY_MS) / CONCURRENCY;
  const floor = medianRun(floorRuns);
  rows.push(
    {
      name: 'full sync 2y all types: wall time',
      value: Math.round(full.ms),
      unit: 'ms',
      target: '-',
      note: `${full.summary.requests} requests at ${LATENCY_MS} ms, process start included; median of ${runsMs(fullRuns)}`,
    },
    {
      name: 'full sync 2y: wall time / lower bound',
      value: round(full.ms / lowerBound),
      unit: 'x',
      target: '<= 1.25',
      note: `lower bound = ${full.summary.requests} x ${LATENCY_MS} ms / ${CONCURRENCY} = ${Math.round(lowerBound)} ms`,
    },
    {
      name: 'full sync 2y: wall / max(lower bound, 0-latency wall)',
      value: round(full.ms / Math.max(lowerBound, floor.ms)),
      unit: 'x',
      target: 'info',
      note: `the same sync against a 0 ms emulator took ${Math.round(floor.ms)} ms (median; server + client CPU)`,
    },
    {
      name: 'full sync 2y against a 0 ms emulator: wall time',
      value: Math.round(floor.ms),
      unit: 'ms',
      target: '<= 2000',
      note: `median of ${runsMs(floorRuns)}; in that run, CPU: the client ${Math.round(floor.cpuMs)} ms (both threads), the emulator ${Math.round(floor.emulatorCpuMs)} ms; node -e 0 on this machine: see start-up`,
    },
    {
      name: 'full sync 2y: peak RSS',
      value: round(Math.max(...fullRuns.map((run) => run.rssMb))),
      unit: 'MB',
      target: '<= 150',
      note: `/usr/bin/time -v of bin/oura.js sync, the most of the ${FULL_SYNC_RUNS} syncs at ${LATENCY_MS} ms`,
    },
  );
  const dbFile = join(dataDir, 'default.sqlite');
  const size = ['', '-wal'].reduce((sum, suffix) => {
    try {
      return sum + statSync(`${dbFile}${suffix}`).size;
    } catch {
      return sum;
    }
  }, 0);
  rows.push({
    name: 'database size, 2y of every type',
    value: round(size / 1024 / 1024),
    unit: 'MB',
    target: '<= 100',
    note: 'file + WAL after the full sync',
  });
  rows.push(await migrationRow(dbFile));

  const todayEmulator = await startEmulatorProcess({
    port: 0,
    today,
    startDay,
    latencyMs: LATENCY_MS,
    rateLimit,
  });
  try {
    const next = await syncProcess(todayEmulator, dataDir);
    const inserted = Object.values(next.summary.types).reduce((s, c) => s + c.inserted, 0);
    rows.push(
      {
        name: 'incremental sync after one new day: requests',
        value: next.summary.requests,
        unit: '',
        target: '<= 40',
        note: `${inserted} documents new, revisit window 7 days`,
      },
      {
        name: 'incremental sync after one new day: wall time',
        value: Math.round(next.ms),
        unit: 'ms',
        target: '<= 1500',
        note: `${LATENCY_MS} ms latency, process start included`,
      },
    );

    rows.push(...(await checkRows(todayEmulator, dataDir, dbFile)));

    const client = new OuraClient({ token: todayEmulator.token, baseUrl: todayEmulator.url });
    const status = async () => ({});
    const range = { start: addDays(today, -364), end: today };
    const makeClient = async () => client;
    const local = await summaryTimes(
      { client, status, history: mcpHistory(openHistory(dbFile), makeClient) },
      range,
      21,
      SUMMARY_WARM_UP,
    );
    const live = await summaryTimes({ client, status }, range, 3);
    rows.push(
      {
        name: 'oura_summary 365 days from the history: median',
        value: round(local.ms),
        unit: 'ms',
        target: '<= 8',
        note: `in-process MCP client, source ${local.source}, 21 runs after ${SUMMARY_WARM_UP} untimed`,
      },
      {
        name: 'oura_summary 365 days from the history: after 5 calls',
        value: round(local.afterFiveMs),
        unit: 'ms',
        target: 'info',
        note: `median of calls 6-26: what the row above measured until it warmed up with ${SUMMARY_WARM_UP} (V8 was still optimising), comparable with earlier runs`,
      },
      {
        name: 'oura_summary 365 days from the history: from a fresh server',
        value: round(local.fromStartMs),
        unit: 'ms',
        target: 'info',
        note: 'median of its first 21 calls, the first opening the history',
      },
      {
        name: 'oura_summary 365 days live: median',
        value: Math.round(live.ms),
        unit: 'ms',
        target: '-',
        note: `source ${live.source}, ${LATENCY_MS} ms latency, 3 runs`,
      },
      {
        name: 'oura_summary: live / history',
        value: round(live.ms / local.ms),
        unit: 'x',
        target: '>= 30',
        note: `same run, same data (the history warm after ${SUMMARY_WARM_UP} calls; the live calls unwarmed)`,
      },
    );
  } finally {
    await todayEmulator.close();
  }
  return rows;
}

/** Runs `fn` on the history file with a read-write connection of its own. */
function withDb(dbFile, fn) {
  const db = new Database(dbFile);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/**
 * The self-check (history/self-check.ts): quick_check alone on the 2-year
 * file, then incremental syncs (nothing new: the revisit window only) with
 * the check due and not due, alternating so that load on the machine falls
 * on both alike.
 */
async function checkRows(emulator, dataDir, dbFile) {
  const checks = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const verdict = withDb(dbFile, (db) => db.pragma('quick_check', { simple: true }));
    checks.push(performance.now() - started);
    if (verdict !== 'ok') throw new Error(`quick_check: ${verdict}`);
  }
  const due = [];
  const notDue = [];
  for (let i = 0; i < 5; i++) {
    withDb(dbFile, (db) => db.prepare("DELETE FROM meta WHERE key = 'checked_at'").run());
    due.push((await syncProcess(emulator, dataDir)).ms);
    // The run above recorded its check: this one skips it.
    notDue.push((await syncProcess(emulator, dataDir)).ms);
  }
  const mb = round(statSync(dbFile).size / 1024 / 1024);
  return [
    {
      name: 'quick_check of the 2y history: median',
      value: Math.round(median(checks)),
      unit: 'ms',
      target: 'info',
      note: `${mb} MB file, warm cache, 5 runs (${checks.map((ms) => Math.round(ms)).join(', ')})`,
    },
    {
      name: 'incremental sync, check not due: median',
      value: Math.round(median(notDue)),
      unit: 'ms',
      target: '-',
      note: `the usual run; ${LATENCY_MS} ms latency, 5 runs (${notDue.map((ms) => Math.round(ms)).join(', ')})`,
    },
    {
      name: 'incremental sync, check due: median',
      value: Math.round(median(due)),
      unit: 'ms',
      target: '-',
      note: `at most every 12 h, and --full; 5 runs (${due.map((ms) => Math.round(ms)).join(', ')})`,
    },
    {
      name: 'incremental sync: check due - not due',
      value: Math.round(median(due) - median(notDue)),
      unit: 'ms',
      target: `< ${Math.round(median(checks))}`,
      note: 'the check runs in the writer thread while windows are fetched',
    },
  ];
}

function round(n) {
  return Math.round(n * 100) / 100;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const r of await run()) {
    console.log(
      `${r.name.padEnd(50)} ${String(r.value).padStart(9)} ${r.unit.padEnd(3)} target ${r.target.padEnd(7)} ${r.note}`,
    );
  }
}
