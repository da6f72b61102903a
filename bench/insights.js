/**
 * `oura insights` and `oura_insights` over a two-year history (filled by a
 * real `oura sync` from the emulator in its own process):
 * - the command as a new process (process start included, median of 5): the
 *   default range (the last 90 days), every kind over the two years, and every
 *   kind but habits over the two years (the habit bootstraps are most of it);
 * - the MCP tool from a warm server (in-process client, median of 5 after a
 *   warm-up call), default range and the two years;
 * - the library alone over the two years, from whole documents, warm.
 *
 * Run after `npm run build`: `node bench/insights.js` (or via bench/run.js).
 */
import { execFile } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import Database from 'better-sqlite3';
import { addDays, localDay } from '../dist/calendar/days.js';
import { openHistory } from '../dist/history/history.js';
import { computeInsights, INSIGHT_KINDS } from '../dist/insights/insights.js';
import { INSIGHT_TYPES } from '../dist/insights/source.js';
import { mcpHistory } from '../dist/mcp/history.js';
import { createOuraMcpServer } from '../dist/mcp/server.js';
import { benchDir, startEmulatorProcess } from './helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OURA = join(root, 'bin/oura.js');
const DAYS = 730;
const RUNS = 5;
const run$ = promisify(execFile);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The median ms of `runs` calls of `fn`. */
async function timed(fn, runs = RUNS) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return median(times);
}

/** Every document insights read, whole, as the library's reference input. */
function wholeDocuments(database) {
  const db = new Database(database, { readonly: true });
  try {
    return Object.fromEntries(
      INSIGHT_TYPES.map((type) => [
        type,
        db
          .prepare(`SELECT doc FROM "${type}"`)
          .all()
          .map((row) => JSON.parse(row.doc)),
      ]),
    );
  } finally {
    db.close();
  }
}

/** `oura_insights` with `args` from a warm in-process server: the median ms. */
async function toolTimes(database, argsList) {
  const history = mcpHistory(openHistory(database), async () => {
    throw new Error('the bench does not sync');
  });
  const server = createOuraMcpServer({ client: undefined, status: async () => ({}), history });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(clientSide);
  try {
    const call = async (args) => {
      const result = await client.callTool({ name: 'oura_insights', arguments: args });
      if (result.isError) throw new Error(JSON.stringify(result.content));
    };
    const medians = [];
    for (const args of argsList) {
      await call(args);
      medians.push(await timed(() => call(args)));
    }
    return medians;
  } finally {
    await client.close();
  }
}

/** @returns {Promise<{name: string, value: number, unit: string, target: string, note: string}[]>} */
export async function run() {
  const dataDir = benchDir('oura-bench-insights-');
  const end = localDay();
  const start = addDays(end, -(DAYS - 1));
  const emulator = await startEmulatorProcess({
    port: 0,
    today: end,
    historyDays: DAYS,
    rateLimit: { limit: 1_000_000, windowSeconds: 300 },
  });
  const env = { ...process.env, OURA_DATA_DIR: dataDir };
  let database;
  try {
    const { stdout } = await run$(
      OURA,
      ['sync', '--json', '--since', start, '--types', INSIGHT_TYPES.join(',')],
      { env: { ...env, OURA_ACCESS_TOKEN: emulator.token, OURA_API_URL: emulator.url } },
    );
    database = JSON.parse(stdout).database;
  } finally {
    await emulator.close();
  }
  const oura = (args) => () => run$(OURA, ['insights', '--json', ...args], { env });
  const noHabits = INSIGHT_KINDS.filter((kind) => kind !== 'habits').join(',');
  const load = () => loadavg()[0].toFixed(1);

  const loadBefore = load();
  const defaultRange = await timed(oura([]));
  const twoYears = await timed(oura(['--start', start]));
  const twoYearsNoHabits = await timed(oura(['--start', start, '--kind', noHabits]));
  const [toolDefault, toolTwoYears] = await toolTimes(database, [
    {},
    { start_date: start, end_date: end },
  ]);
  const source = wholeDocuments(database);
  computeInsights(source, { start, end });
  const computeOnly = await timed(() => computeInsights(source, { start, end }));
  const note = (what) => `${what}; median of ${RUNS}; load average ${loadBefore}→${load()}`;
  const row = (name, ms, target, what) => ({
    name,
    value: Math.round(ms),
    unit: 'ms',
    target,
    note: note(what),
  });
  return [
    row('oura insights (last 90 days), 2y history', defaultRange, '<= 1000', 'new process'),
    row('oura insights --start 2y back, every kind', twoYears, '<= 1000', 'new process'),
    row('oura insights --start 2y back, no habits', twoYearsNoHabits, '', 'new process'),
    row('oura_insights (last 90 days), warm server', toolDefault, '<= 300', 'in-process client'),
    row('oura_insights 2y, every kind, warm server', toolTwoYears, '', 'in-process client'),
    row('insights 2y: library only, whole documents', computeOnly, '', 'warm, parsed'),
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const r of await run()) {
    console.log(
      `${r.name.padEnd(44)} ${String(r.value).padStart(7)} ${r.unit.padEnd(3)} target ${r.target.padEnd(8)} ${r.note}`,
    );
  }
}
