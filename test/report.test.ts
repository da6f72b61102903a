/**
 * `oura report` as a real process over a history filled by a real `oura sync`
 * against the emulator, the page opened in headless Chromium with every
 * request blocked and recorded: nothing leaves the page, nothing is logged,
 * every chart holds the history's data points (counted through uPlot), the
 * header's numbers are the history's averages; and the bad inputs: days the
 * history lacks, a range without data, an unwritable --out, no secret in the
 * file. `oura_report` over MCP writes the same file.
 */

import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDay } from '../src/calendar/days.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { launchBrowser, type TestBrowser } from './helpers/browser.js';
import { cleanEnv, expectNoSecrets, OURA_BIN, REPO_ROOT, runCli } from './helpers/cli.js';
import { queryHistory } from './helpers/history.js';
import { chromiumAvailable } from './helpers/requirements.js';
import { tempDir } from './helpers/temp.js';

const lastDay = addDays(localDay(), -1);
/** Sync covers through the machine's today (the emulator's data ends the day before). */
const syncedThrough = localDay();
const HISTORY_DAYS = 120;
const firstDay = addDays(lastDay, -(HISTORY_DAYS - 1));
/** Screenshots and the PDF stay here for a person to look at; `.tmp/` is not committed. */
const ARTIFACTS = join(REPO_ROOT, '.tmp', 'test-artifacts', 'report');

let emulator: Emulator;
let token: string;
let refreshToken: string;
let dataDir: string;
let database: string;

function env(extra: Record<string, string | undefined> = {}) {
  return cleanEnv({
    OURA_ACCESS_TOKEN: token,
    OURA_API_URL: emulator.url,
    OURA_DATA_DIR: dataDir,
    OURA_CONFIG_DIR: dataDir,
    ...extra,
  });
}

async function oura(args: string[], extra: Record<string, string | undefined> = {}) {
  const result = await runCli(args, { env: env(extra) });
  expectNoSecrets(result, [token, refreshToken]);
  return result;
}

beforeAll(async () => {
  emulator = await startEmulator({ today: lastDay, historyDays: HISTORY_DAYS });
  const tokens = emulator.mintTokens();
  token = tokens.access_token;
  refreshToken = tokens.refresh_token ?? '';
  dataDir = await tempDir('oura-report-');
  database = join(dataDir, 'default.sqlite');
  await mkdir(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await emulator?.close();
});

const reports = async () => (await readdir(dataDir)).filter((f) => f.endsWith('.html'));

describe('before any sync', () => {
  it('exits 1 saying to run oura sync, and writes nothing', async () => {
    const result = await oura(['report', '--no-open']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no local history yet[\s\S]*Run `oura sync`/);
    expect(result.stdout).toBe('');
  });
});

describe('after a sync', () => {
  let reportPath: string;
  let html: string;

  beforeAll(async () => {
    const sync = await oura(['sync', '--json']);
    expect(sync.code, sync.stderr).toBe(0);
    const result = await oura(['report', '--no-open']);
    expect(result.code, result.stderr).toBe(0);
    reportPath = result.stdout.trim();
    html = await readFile(reportPath, 'utf8');
  });

  it('writes the whole history into the data dir, named by its range, owner-only', async () => {
    expect(reportPath).toBe(join(dataDir, `oura-report-${firstDay}_${syncedThrough}.html`));
    expect((await stat(reportPath)).mode & 0o777).toBe(0o600);
    expect(html).toContain(`Your Oura history, ${firstDay} to ${syncedThrough}`);
  });

  it('inlines uPlot from node_modules and allows no fetch at all', async () => {
    const uplot = await readFile(
      join(REPO_ROOT, 'node_modules/uplot/dist/uPlot.iife.min.js'),
      'utf8',
    );
    expect(html).toContain(uplot);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none';/);
    expect(html).not.toMatch(/<script[^>]+src=|<link|<img|<iframe|@import|url\(/);
  });

  it('holds no token, secret or personal detail', async () => {
    const [info] = queryHistory<{ email: string | null }>(
      database,
      'SELECT email FROM personal_info',
    );
    for (const secret of [token, refreshToken, 'oura-demo-secret', info?.email ?? undefined]) {
      if (secret) expect(html).not.toContain(secret);
    }
    expect(html).not.toMatch(/emu_(at|rt|code)_|Bearer |access_token|refresh_token/i);
  });

  it('opening without --no-open tries the browser and says when there is none', async () => {
    const result = await oura(['report'], { DISPLAY: undefined, WAYLAND_DISPLAY: undefined });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(reportPath);
    expect(result.stderr).toMatch(/could not open a browser here; open the file above yourself/);
  });

  describe('in headless Chromium', () => {
    let browser: TestBrowser | undefined;
    let page: Page;
    const blocked: string[] = [];
    const logged: string[] = [];
    let renderedMs = 0;
    const hasChromium = chromiumAvailable();
    const run = hasChromium ? it : it.skip;

    beforeAll(async () => {
      if (!hasChromium) return;
      browser = await launchBrowser();
      const url = pathToFileURL(reportPath).href;
      // Everything but the report itself is refused and recorded.
      await browser.context.route('**', (route) => {
        if (route.request().url() === url) return route.continue();
        blocked.push(route.request().url());
        return route.abort();
      });
      page = await browser.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') logged.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => logged.push(`pageerror: ${e.message}`));
      await page.setViewportSize({ width: 1200, height: 900 });
      await page.goto(url);
      await page.waitForFunction(() => document.documentElement.dataset.rendered);
      renderedMs = Number(await page.evaluate(() => document.documentElement.dataset.rendered));
    });
    afterAll(async () => {
      await browser?.close();
    });

    /** Non-null values per series of each chart, read from uPlot's own data. */
    const points = () =>
      page.evaluate(() => {
        const charts = (window as unknown as { ouraCharts: Record<string, { data: unknown[][] }> })
          .ouraCharts;
        return Object.fromEntries(
          Object.entries(charts).map(([id, u]) => [
            id,
            u.data.slice(1).map((s) => s.filter((v) => v !== null && v !== undefined).length),
          ]),
        );
      });

    run('no request leaves the page and nothing is logged', async () => {
      await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
      expect(await page.locator('[src], [href]').count()).toBe(0);
      expect(blocked).toEqual([]);
      expect(logged).toEqual([]);
      expect(renderedMs).toBeGreaterThan(0);
    });

    run('every chart holds the data points of the history', async () => {
      const count = (sql: string) => Number(Object.values(queryHistory(database, sql)[0] ?? {})[0]);
      const nights = count('SELECT count(DISTINCT day) FROM sleep');
      const activity = count('SELECT count(DISTINCT day) FROM daily_activity');
      const readiness = count('SELECT count(DISTINCT day) FROM daily_readiness');
      const byChart = await points();
      expect(Object.keys(byChart).sort()).toEqual(
        [
          'cardiovascular-age',
          'heart-rate-day',
          'hrv',
          'resilience',
          'resting-hr',
          'scores',
          'sleep-regularity',
          'sleep-stages',
          'sleep-total',
          'spo2',
          'steps',
          'stress',
          'vo2-max',
        ].sort(),
      );
      expect(nights).toBeGreaterThan(100);
      expect(byChart['sleep-stages']).toEqual([nights, nights, nights, nights]);
      expect(byChart.steps).toEqual([activity, activity]);
      expect(byChart.scores?.[0]).toBe(readiness);
      expect(byChart['heart-rate-day']).toEqual([24, 24, 24]);
      for (const [id, series] of Object.entries(byChart)) {
        for (const n of series) expect(n, `a series of ${id} is empty`).toBeGreaterThan(0);
      }
      // Each chart drew its canvas, has a caption in words, and a table alternative.
      expect(await page.locator('.plot canvas').count()).toBe(Object.keys(byChart).length);
      expect(await page.locator('figure figcaption:not([hidden])').count()).toBe(
        Object.keys(byChart).length + 1,
      );
      expect(await page.locator('.calendar .day[title*="min"]').count()).toBe(
        count('SELECT count(DISTINCT day) FROM workout'),
      );
    });

    run('a table alternative lists every day with data', async () => {
      await page.locator('#table-steps summary').click();
      // The table is built on the details' toggle event, which fires after the click returns.
      await page.locator('#table-steps table').waitFor();
      const rows = page.locator('#table-steps tbody tr');
      const activity = queryHistory<{ day: string; steps: number }>(
        database,
        'SELECT day, steps FROM daily_activity ORDER BY day',
      );
      expect(await rows.count()).toBe(activity.length);
      const last = activity[activity.length - 1];
      expect(await rows.last().textContent()).toContain(
        `${last?.day}${last?.steps.toLocaleString('en-US')} steps`,
      );
    });

    run('the header states the averages of the history', async () => {
      const [sleep] = queryHistory<{ avg: number }>(
        database,
        'SELECT avg(score) AS avg FROM daily_sleep',
      );
      const card = page.locator('.summary:not([hidden]) .metrics li', { hasText: 'Sleep score' });
      expect(await card.locator('.value').textContent()).toBe(String(Math.round(sleep?.avg ?? 0)));
    });

    run(
      'range buttons show the last 30 days in every daily chart; hover shows values',
      async () => {
        await page.getByRole('button', { name: '30 d' }).click();
        const spans = await page.evaluate(() =>
          Object.entries(
            (
              window as unknown as {
                ouraCharts: Record<
                  string,
                  { scales: { x: { min: number; max: number; time: boolean } } }
                >;
              }
            ).ouraCharts,
          )
            .filter(([, u]) => u.scales.x.time)
            .map(([, u]) => (u.scales.x.max - u.scales.x.min) / 86_400),
        );
        expect(spans.length).toBeGreaterThan(8);
        for (const days of spans) expect(days).toBe(30);
        // The words follow the span: the cards average the last 30 days, the captions count them.
        const from = addDays(syncedThrough, -29);
        const [sleep] = queryHistory<{ avg: number }>(
          database,
          'SELECT avg(score) AS avg FROM daily_sleep WHERE day BETWEEN ? AND ?',
          from,
          syncedThrough,
        );
        const card = page.locator('.summary:not([hidden]) .metrics li', { hasText: 'Sleep score' });
        expect(await card.locator('.value').textContent()).toBe(
          String(Math.round(sleep?.avg ?? 0)),
        );
        expect(await page.locator('.summary:not([hidden]) .meta').textContent()).toContain(
          `The last 30 days, ${addDays(syncedThrough, -29)} to ${syncedThrough}`,
        );
        const nights = queryHistory<{ n: number }>(
          database,
          'SELECT count(DISTINCT day) AS n FROM sleep WHERE day >= ?',
          addDays(syncedThrough, -29),
        )[0]?.n;
        const caption = page.locator('#fig-sleep-stages figcaption:not([hidden])');
        expect(await caption.textContent()).toMatch(new RegExp(`^Over ${nights} nights`));
        expect(await page.locator('#chart-sleep-stages').getAttribute('aria-label')).toBe(
          await caption.textContent(),
        );
        const plot = page.locator('#chart-steps .u-over');
        const box = await plot.boundingBox();
        if (!box) throw new Error('no plot area');
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        expect(await page.locator('#chart-steps .u-legend').textContent()).toMatch(/\d+ steps/);
        // Dragging across a chart zooms into it; a double-click shows everything again.
        const span = () =>
          page.evaluate(() => {
            const u = (
              window as unknown as {
                ouraCharts: Record<string, { scales: { x: { min: number; max: number } } }>;
              }
            ).ouraCharts.steps;
            return u ? (u.scales.x.max - u.scales.x.min) / 86_400 : 0;
          });
        await page.getByRole('button', { name: 'all' }).click();
        const all = await span();
        await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
        await page.mouse.down();
        await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2, { steps: 5 });
        await page.mouse.up();
        expect(await span()).toBeLessThan(all / 3);
        await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
        expect(await span()).toBe(all);
      },
    );

    run('prints to PDF and draws in dark mode without errors', async () => {
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('nav.ranges').isVisible()).toBe(false);
      const pdf = await page.pdf({ format: 'A4' });
      await writeFile(join(ARTIFACTS, 'report.pdf'), pdf);
      expect(pdf.length).toBeGreaterThan(10_000);
      // Switching to dark mode on an open page redraws the axes in the dark ink.
      await page.emulateMedia({ media: 'screen', colorScheme: 'dark' });
      const axisInk = await page.evaluate(() => {
        const u = (
          window as unknown as {
            ouraCharts: Record<string, { axes: { stroke: (u: unknown, i: number) => string }[] }>;
          }
        ).ouraCharts.steps;
        return u?.axes[1]?.stroke(u, 1);
      });
      expect(axisInk).toBe('#e6edf3');
      await page.screenshot({ path: join(ARTIFACTS, 'report-dark.png'), fullPage: true });
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe('rgb(13, 17, 23)');
      expect(blocked).toEqual([]);
      expect(logged).toEqual([]);
    });
  });

  it('the whole history has nothing before it to compare with: the page does not pretend to', () => {
    expect(html).not.toContain('no data for the previous period');
    const summary = /<div class="summary" data-span="0">([\s\S]*?)<\/div>/.exec(html)?.[1];
    expect(summary).toContain('Sleep score');
    expect(summary).not.toContain('Changes compare');
    expect(summary).not.toContain('class="change');
  });

  it('a start long before the history: clipped to where the history starts, and says so', async () => {
    const out = join(dataDir, 'from-2000.html');
    const result = await oura([
      'report',
      '--no-open',
      '--start',
      '2000-01-01',
      '--end',
      lastDay,
      '--out',
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const note = `The history starts on ${firstDay}: the report begins there, not on 2000-01-01.`;
    expect(result.stderr).toContain(`oura: ${note}`);
    const page = await readFile(out, 'utf8');
    expect(page).toContain(`Your Oura history, ${firstDay} to ${lastDay}`);
    expect(page).toContain(`<p class="note">${note}</p>`);
    // Nothing to compare the whole history with (the 30 d and 90 d views have their 30 and 90 days before).
    const summary = /<div class="summary" data-span="0">([\s\S]*?)<\/div>/.exec(page)?.[1];
    expect(summary).not.toContain('Changes compare with the');
  });

  it('--start/--end and --out write that range where asked', async () => {
    const out = join(dataDir, 'month.html');
    // An earlier, world-readable report is overwritten and made owner-only.
    await writeFile(out, '<head><meta name="generator" content="oura-connect report">', {
      mode: 0o644,
    });
    const start = addDays(lastDay, -29);
    const result = await oura([
      'report',
      '--no-open',
      '--start',
      start,
      '--end',
      lastDay,
      '--out',
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(out);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    const page = await readFile(out, 'utf8');
    expect(page).toContain(`Your Oura history, ${start} to ${lastDay}`);
    // The previous 30 days are in the history: the header compares with them.
    expect(page).toContain(
      `Changes compare with the 30 days before (${addDays(start, -30)} to ${addDays(start, -1)})`,
    );
    expect(page).not.toContain('no data for the previous period');
  });

  it('days after the last sync: says so and offers oura sync, writes nothing', async () => {
    const before = await reports();
    const requests = emulator.stats.apiRequests;
    const result = await oura(['report', '--no-open', '--end', addDays(syncedThrough, 3)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `the history covers ${firstDay} to ${syncedThrough}, not up to ${addDays(syncedThrough, 3)}`,
    );
    expect(result.stderr).toMatch(/Run `oura sync`/);
    expect(await reports()).toEqual(before);
    // It never goes live for the missing days.
    expect(emulator.stats.apiRequests).toBe(requests);
  });

  it('a range without data: a clear message and no page', async () => {
    const before = await reports();
    const result = await oura([
      'report',
      '--no-open',
      '--start',
      '2016-01-01',
      '--end',
      '2016-01-31',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the history has no data from 2016-01-01 to 2016-01-31');
    expect(result.stdout).toBe('');
    expect(await reports()).toEqual(before);
  });

  it('a day that is not a day, or an end before the start, is a usage error (exit 2)', async () => {
    const bad = await oura(['report', '--no-open', '--start', 'last tuesday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--start');
    const reversed = await oura(['report', '--no-open', '--start', lastDay, '--end', firstDay]);
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toContain(
      `the last day ${firstDay} is before the first day ${lastDay}`,
    );
  });

  it('an unwritable --out exits 1 naming the path', async () => {
    const file = join(dataDir, 'a-file');
    await writeFile(file, 'x');
    const out = join(file, 'report.html');
    const result = await oura(['report', '--no-open', '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot write the report to ${out}`);
  });

  it('days before what a later-starting sync copied: offers oura sync --since', async () => {
    const partial = await tempDir('oura-report-partial-');
    const since = addDays(lastDay, -20);
    const sync = await oura(['sync', '--since', since], { OURA_DATA_DIR: partial });
    expect(sync.code, sync.stderr).toBe(0);
    const asked = addDays(lastDay, -40);
    const result = await oura(['report', '--no-open', '--start', asked], {
      OURA_DATA_DIR: partial,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`not from ${asked}`);
    expect(result.stderr).toContain(`oura sync --since ${asked}`);
  });

  it('a type the history lacks: its section is left out with one line', async () => {
    const partial = await tempDir('oura-report-types-');
    const types = 'daily_sleep,sleep,daily_readiness,daily_activity';
    const sync = await oura(['sync', '--types', types], { OURA_DATA_DIR: partial });
    expect(sync.code, sync.stderr).toBe(0);
    const out = join(partial, 'r.html');
    const result = await oura(['report', '--no-open', '--out', out], { OURA_DATA_DIR: partial });
    expect(result.code, result.stderr).toBe(0);
    const page = await readFile(out, 'utf8');
    for (const name of [
      'Heart rate',
      'Stress and resilience',
      'Blood oxygen and breathing',
      'VO2 max',
    ]) {
      expect(page).toContain(`<p class="omitted">${name}: no data in the history for`);
      expect(result.stderr).toContain(`left out: ${name}: no data`);
    }
    expect(page).not.toContain('id="chart-stress"');
    expect(page).not.toContain('id="chart-heart-rate-day"');
    expect(page).toContain('id="chart-sleep-stages"');
  });

  describe('oura_report over MCP', () => {
    let client: Client;
    beforeAll(async () => {
      const e = env();
      client = new Client({ name: 'oura-test', version: '1.0.0' });
      await client.connect(
        new StdioClientTransport({
          command: process.execPath,
          args: [OURA_BIN, 'mcp'],
          env: Object.fromEntries(
            Object.entries(e).filter((kv): kv is [string, string] => kv[1] !== undefined),
          ),
          stderr: 'ignore',
        }),
      );
    });
    afterAll(async () => {
      await client?.close();
    });

    it('writes the report and returns its path and the header numbers', async () => {
      const start = addDays(lastDay, -13);
      const result = (await client.callTool({
        name: 'oura_report',
        arguments: { start_date: start, end_date: lastDay },
      })) as CallToolResult;
      expect(result.isError).toBeFalsy();
      const out = result.structuredContent as {
        path: string;
        metrics: { name: string; value: number | null; previous: number | null }[];
        source: string;
      };
      expect(out.path).toBe(join(dataDir, `oura-report-${start}_${lastDay}.html`));
      expect((await stat(out.path)).isFile()).toBe(true);
      expect(out.source).toBe('local');
      const avg = (from: string, to: string) =>
        queryHistory<{ avg: number }>(
          database,
          'SELECT avg(score) AS avg FROM daily_readiness WHERE day BETWEEN ? AND ?',
          from,
          to,
        )[0]?.avg ?? 0;
      const readiness = out.metrics.find((m) => m.name === 'Readiness score');
      expect(readiness?.value).toBe(Math.round(avg(start, lastDay)));
      expect(readiness?.previous).toBe(Math.round(avg(addDays(start, -14), addDays(start, -1))));
      const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
      expect(text).toContain(out.path);
      expect(text).not.toContain(token);
    });

    it('a range the history lacks is an error that names oura sync', async () => {
      const result = (await client.callTool({
        name: 'oura_report',
        arguments: { end_date: addDays(syncedThrough, 5) },
      })) as CallToolResult;
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).toMatch(/oura sync/);
    });
  });
});
