/**
 * The insights library over two years (filled by a real `oura sync` from the
 * emulator in its own process), until `oura insights` exists to time instead:
 * - a fresh Node process that reads the history's documents with
 *   better-sqlite3, parses them and computes every insight (process start
 *   included, median of 5): the figure `oura insights` will build on;
 * - the computation alone, in this process, median of 5 after a warm-up.
 *
 * Run after `npm run build`: `node bench/insights.js` (or via bench/run.js).
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { addDays, localDay } from '../dist/calendar/days.js';
import { computeInsights } from '../dist/insights/insights.js';
import { INSIGHT_TYPES } from '../dist/insights/source.js';
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

/** The documents insights read, as the CLI will hand them over. */
function readDocuments(database) {
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

/** What a process does: import, read, parse, compute. */
const PROCESS_SCRIPT = `
  const [database, start, end] = process.argv.slice(1);
  const { default: Database } = await import('better-sqlite3');
  const { computeInsights } = await import(${JSON.stringify(join(root, 'dist/insights/insights.js'))});
  const { INSIGHT_TYPES } = await import(${JSON.stringify(join(root, 'dist/insights/source.js'))});
  const db = new Database(database, { readonly: true });
  const source = Object.fromEntries(INSIGHT_TYPES.map((t) => [t, db.prepare('SELECT doc FROM "' + t + '"').all().map((r) => JSON.parse(r.doc))]));
  db.close();
  process.stdout.write(JSON.stringify(computeInsights(source, { start, end })).length + '\\n');
`;

/** @returns {Promise<{name: string, value: number, unit: string, target: string, note: string}[]>} */
export async function run() {
  const dataDir = benchDir('oura-bench-insights-');
  const end = addDays(localDay(), -1);
  const start = addDays(end, -(DAYS - 1));
  const emulator = await startEmulatorProcess({
    port: 0,
    today: end,
    historyDays: DAYS,
    rateLimit: { limit: 1_000_000, windowSeconds: 300 },
  });
  let database;
  try {
    const { stdout } = await run$(
      OURA,
      ['sync', '--json', '--since', start, '--types', INSIGHT_TYPES.join(',')],
      {
        env: {
          ...process.env,
          OURA_ACCESS_TOKEN: emulator.token,
          OURA_API_URL: emulator.url,
          OURA_DATA_DIR: dataDir,
        },
      },
    );
    database = JSON.parse(stdout).database;
  } finally {
    await emulator.close();
  }
  const processTimes = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run$(
      process.execPath,
      ['--input-type=module', '-e', PROCESS_SCRIPT, database, start, end],
      {
        cwd: root,
      },
    );
    processTimes.push(performance.now() - started);
  }
  const source = readDocuments(database);
  computeInsights(source, { start, end });
  const computeTimes = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    computeInsights(source, { start, end });
    computeTimes.push(performance.now() - started);
  }
  return [
    {
      name: 'insights 2y: read + compute, new process',
      value: Math.round(median(processTimes)),
      unit: 'ms',
      target: '<= 1000',
      note: `node start, better-sqlite3 read, JSON.parse, every insight; median of ${RUNS}`,
    },
    {
      name: 'insights 2y: compute only',
      value: Math.round(median(computeTimes)),
      unit: 'ms',
      target: '',
      note: `every insight from parsed documents, warm; median of ${RUNS}`,
    },
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const r of await run()) {
    console.log(
      `${r.name.padEnd(44)} ${String(r.value).padStart(7)} ${r.unit.padEnd(3)} target ${r.target.padEnd(8)} ${r.note}`,
    );
  }
}
