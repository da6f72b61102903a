/**
 * `oura report` over two years of every type (filled by a real `oura sync`
 * from the emulator in its own process):
 * - the report written: wall time of `oura report --no-open` as a user runs
 *   it, process start included (median of 5);
 * - the file's size;
 * - rendered in headless Chromium to the last chart: the page's own mark
 *   (performance.now() when its script has drawn every chart, counted from
 *   navigation start), median of 5 fresh pages, every request refused.
 *
 * Run after `npm run build`: `node bench/report.js` (or via bench/run.js).
 */
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { addDays, localDay } from '../dist/calendar/days.js';
import { benchDir, startEmulatorProcess } from './helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OURA = join(root, 'bin/oura.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DAYS = 730;
const RUNS = 5;
const run$ = promisify(execFile);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** `oura sync` of two years from the emulator in its own process, over a real socket. */
async function syncTwoYears(dataDir) {
  const emulator = await startEmulatorProcess({
    port: 0,
    today: addDays(localDay(), -1),
    historyDays: DAYS,
    rateLimit: { limit: 1_000_000, windowSeconds: 300 },
  });
  try {
    await run$(OURA, ['sync'], {
      env: {
        ...process.env,
        OURA_ACCESS_TOKEN: emulator.token,
        OURA_API_URL: emulator.url,
        OURA_DATA_DIR: dataDir,
      },
    });
  } finally {
    await emulator.close();
  }
}

async function renderTimes(file) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    headless: true,
  });
  try {
    const url = pathToFileURL(file).href;
    const times = [];
    let refused = 0;
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
      await context.route('**', (route) => {
        if (route.request().url() === url) return route.continue();
        refused++;
        return route.abort();
      });
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForFunction(() => document.documentElement.dataset.rendered);
      times.push(Number(await page.evaluate(() => document.documentElement.dataset.rendered)));
      await context.close();
    }
    return { ms: median(times), refused };
  } finally {
    await browser.close();
  }
}

/** @returns {Promise<{name: string, value: number, unit: string, target: string, note: string}[]>} */
export async function run() {
  const dataDir = benchDir('oura-bench-report-');
  await syncTwoYears(dataDir);
  const env = { ...process.env, OURA_DATA_DIR: dataDir };
  const out = join(dataDir, 'report.html');
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run$(OURA, ['report', '--no-open', '--out', out], { env });
    times.push(performance.now() - started);
  }
  const rows = [
    {
      name: 'report 2y all types: written',
      value: Math.round(median(times)),
      unit: 'ms',
      target: '<= 2000',
      note: `oura report --no-open, process start included, median of ${RUNS}`,
    },
    {
      name: 'report 2y: file size',
      value: Math.round((statSync(out).size / 1024 / 1024) * 100) / 100,
      unit: 'MB',
      target: '<= 2',
      note: 'one HTML file: uPlot, styles, data; heart rate as 24 hourly histograms',
    },
  ];
  if (existsSync(CHROMIUM)) {
    const render = await renderTimes(out);
    rows.push({
      name: 'report 2y: rendered to the last chart',
      value: Math.round(render.ms),
      unit: 'ms',
      target: '<= 1500',
      note: `headless Chromium, from navigation start, median of ${RUNS}; ${render.refused} requests refused`,
    });
  } else {
    rows.push({
      name: 'report 2y: rendered to the last chart',
      value: Number.NaN,
      unit: 'ms',
      target: '<= 1500',
      note: `not measured: no Chromium at ${CHROMIUM}`,
    });
  }
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const r of await run()) {
    console.log(
      `${r.name.padEnd(40)} ${String(r.value).padStart(7)} ${r.unit.padEnd(3)} target ${r.target.padEnd(8)} ${r.note}`,
    );
  }
}
