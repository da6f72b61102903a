/**
 * `oura serve` (issue 19), against the emulator in its own process with two
 * years of history for two accounts, each signed in over HTTP and backfilled:
 * - `tools/call` of `oura_summary` over 365 days through /mcp with a bearer
 *   token, beside the same tool called in-process (in-memory transport) on
 *   the same history file and a loopback round trip of the server's trivial
 *   `GET /`, all interleaved in the same run;
 * - 100 MCP sessions at once (initialize, tools/list, tools/call), half per
 *   account, beside 100 concurrent sessions of as many `GET /` round trips.
 *
 * The one-at-a-time client shares this process with the server (startServe
 * in-process), so its own cost is in those figures, the baselines' included;
 * each burst comes from a process of its own (see serve-load.js), after a
 * warm-up burst of the same kind there.
 *
 * Run after `npm run build`: `node bench/serve.js` (or `node bench/run.js serve`).
 */
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { addDays, localDay } from '../dist/calendar/days.js';
import { openHistory } from '../dist/history/history.js';
import { mcpHistory } from '../dist/mcp/history.js';
import { createOuraMcpServer } from '../dist/mcp/server.js';
import { userDirectory } from '../dist/serve/user-engines.js';
import { burstInProcess, mcpPost, trivialGet } from './serve-load.js';
import { startServeBench } from './serve-setup.js';

const DAYS = 730;
const ROUNDS = Number(process.env.BENCH_SERVE_ROUNDS ?? 200);
const SESSIONS = 100;

const sorted = (values) => [...values].sort((a, b) => a - b);
const percentile = (values, p) =>
  sorted(values)[Math.min(values.length - 1, Math.floor(values.length * p))];
const median = (values) => percentile(values, 0.5);

/**
 * The burst's outcome with the CPU this process (the server) spent meanwhile:
 * on a shared machine, less at the mercy of other load than the wall clock.
 */
async function withServerCpu(fn) {
  const before = process.cpuUsage();
  const outcome = await fn();
  const { user, system } = process.cpuUsage(before);
  return { ...outcome, cpuMs: (user + system) / 1000 };
}

async function timed(fn) {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

/** The same tools over the same history file, in this process, with no HTTP and no token. */
async function inProcessClient(historyFile) {
  const history = mcpHistory(openHistory(historyFile), async () => {
    throw new Error('the bench does not sync');
  });
  const server = createOuraMcpServer({ client: undefined, status: async () => ({}), history });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(clientSide);
  return client;
}

/** @returns {Promise<{name: string, value: number | string, unit: string, target?: string, note?: string}[]>} */
export async function run() {
  const today = localDay();
  // Yesterday is the last whole day in the history, so the year is answered locally.
  const end = addDays(today, -1);
  const start = addDays(end, -364);
  const load = () => loadavg()[0].toFixed(1);
  const setupStarted = performance.now();
  const bench = await startServeBench({
    emulator: { today, historyDays: DAYS, accounts: 2 },
  });
  const setupMs = performance.now() - setupStarted;
  const loadBefore = load();
  const mcpUrl = `${bench.serve.publicUrl}/mcp`;
  const rootUrl = `${bench.serve.publicUrl}/`;
  const [tokenA, tokenB] = bench.tokens;
  try {
    // 1. oura_summary over a year: through /mcp, in-process, and a trivial round trip.
    const yearCall = {
      name: 'oura_summary',
      arguments: { start_date: start, end_date: end },
    };
    const overHttp = () =>
      mcpPost(mcpUrl, tokenA, { id: 1, method: 'tools/call', params: yearCall });
    const first = await overHttp();
    if (first.structuredContent?.days?.length !== 365)
      throw new Error(`oura_summary answered ${first.structuredContent?.days?.length} days`);
    if (first.structuredContent.source !== 'local')
      throw new Error(
        `oura_summary answered from ${first.structuredContent.source}, not the history`,
      );
    // The in-process side reads the history of the person the token belongs to.
    const local = await inProcessClient(
      join(userDirectory(bench.usersDir, bench.emulator.accounts[0].userId), 'history.sqlite'),
    );
    const again = await local.callTool(yearCall);
    if (
      JSON.stringify(again.structuredContent?.days) !== JSON.stringify(first.structuredContent.days)
    )
      throw new Error('the in-process tool answers otherwise than /mcp');
    const inProcess = () => local.callTool(yearCall);
    for (let i = 0; i < 20; i++) {
      await overHttp();
      await inProcess();
      await trivialGet(rootUrl);
    }
    const http = [];
    const direct = [];
    const trivial = [];
    // Interleaved, so drift (CPU frequency, other load) hits every side alike.
    for (let i = 0; i < ROUNDS; i++) {
      http.push((await timed(overHttp)).ms);
      direct.push((await timed(inProcess)).ms);
      trivial.push((await timed(() => trivialGet(rootUrl))).ms);
    }
    await local.close();

    // 2. 100 sessions at once, half for each person, each calling a week's check-in.
    const weekCall = { name: 'oura_summary', arguments: {} };
    const trivialBurst = await withServerCpu(() =>
      burstInProcess({ kind: 'get', url: rootUrl, count: SESSIONS }),
    );
    const sessions = await withServerCpu(() =>
      burstInProcess({
        kind: 'mcp',
        url: mcpUrl,
        tokens: [tokenA, tokenB],
        count: SESSIONS,
        call: weekCall,
      }),
    );
    // The load process runs a warm-up burst before the measured one: two bursts' worth.
    const cpuPerSession = (b) => b.cpuMs / (2 * SESSIONS);

    const rounds = `median of ${ROUNDS}, interleaved`;
    const loadNote = `load average ${loadBefore}→${load()} on ${availableParallelism()} cores`;
    return [
      {
        name: 'GET / round trip (baseline)',
        value: median(trivial),
        unit: 'ms',
        note: `${rounds}; set-up ${(setupMs / 1000).toFixed(0)} s (2 × ${DAYS}-day backfill); ${loadNote}`,
      },
      {
        name: 'oura_summary 365 d, in-process (baseline)',
        value: median(direct),
        unit: 'ms',
        note: `${rounds}; in-memory transport, same history`,
      },
      {
        name: 'oura_summary 365 d through /mcp',
        value: median(http),
        unit: 'ms',
        target: '<= 20',
        note: `${rounds}; p90 ${percentile(http, 0.9).toFixed(1)} ms; bearer token`,
      },
      {
        name: '/mcp cost over in-process (ratio)',
        value: median(http) / median(direct),
        unit: '×',
        note: `+${(median(http) - median(direct)).toFixed(1)} ms; GET / is ${median(trivial).toFixed(2)} ms of it`,
      },
      {
        name: `${SESSIONS} × 4 GET / at once: p99 (baseline)`,
        value: percentile(trivialBurst.times, 0.99),
        unit: 'ms',
        note: `${trivialBurst.errors} errors; median ${median(trivialBurst.times).toFixed(1)} ms`,
      },
      {
        name: `${SESSIONS} MCP sessions at once: p99`,
        value: percentile(sessions.times, 0.99),
        unit: 'ms',
        target: '<= 250',
        note: `initialize+list+call; median ${median(sessions.times).toFixed(1)} ms; ${(percentile(sessions.times, 0.99) / percentile(trivialBurst.times, 0.99)).toFixed(1)}× the baseline`,
      },
      {
        name: 'server CPU per GET / session (baseline)',
        value: cpuPerSession(trivialBurst),
        unit: 'ms',
        note: '4 round trips; user + system time of the server process',
      },
      {
        name: 'server CPU per MCP session',
        value: cpuPerSession(sessions),
        unit: 'ms',
        note: `${(cpuPerSession(sessions) / cpuPerSession(trivialBurst)).toFixed(1)}× the baseline; 100 sessions need ${((cpuPerSession(sessions) * SESSIONS) / 1000).toFixed(2)} s of one core`,
      },
      {
        name: `${SESSIONS} MCP sessions at once: errors`,
        // A string, so the table prints "0", not "0.00".
        value: String(sessions.errors),
        unit: '',
        target: '0',
        note: sessions.firstError ?? '',
      },
    ];
  } finally {
    await bench.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const row of await run()) console.log(row);
}
