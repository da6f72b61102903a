/**
 * Daily bars over a long range: more days than the chart can draw apart
 * become weekly averages, and the caption says so. The weekly means on their
 * own (weeks from Monday, partial weeks, missing days), then a two-year
 * report in headless Chromium: weekly bars at full range, daily bars again
 * for a short span, and the choice redone when the window is resized.
 */

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../src/calendar/days.js';
import { buildModel } from '../src/report/build.js';
import { renderPage } from '../src/report/page.js';
import type { HistoryData, NightRow } from '../src/report/queries.js';
import { weeklyMeans } from '../src/report/weeks.js';
import { launchBrowser, type TestBrowser } from './helpers/browser.js';
import { emptyHistory } from './helpers/report-history.js';
import { chromiumAvailable } from './helpers/requirements.js';
import { tempDir } from './helpers/temp.js';

/** Seconds at UTC midnight, as the page's day axis has them. */
const at = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;
const daysFrom = (start: string, end: string) =>
  Array.from({ length: daysBetween(start, end) + 1 }, (_, i) => addDays(start, i));

describe('weekly means', () => {
  it('weeks start on Monday; each is placed on its Thursday, the middle of its days', () => {
    // 2024-01-01 is a Monday: two whole weeks.
    const days = daysFrom('2024-01-01', '2024-01-14');
    const weeks = weeklyMeans(days.map(at), [days.map((_, i) => i + 1)]);
    expect(weeks.x).toEqual([at('2024-01-04'), at('2024-01-11')]);
    expect(weeks.values).toEqual([[4, 11]]);
    expect(weeks.counts).toEqual([[7, 7]]);
  });

  it('partial weeks at either end average only the days the range holds', () => {
    // Saturday 2023-12-30 to Tuesday 2024-01-09: 2 days, a whole week, 2 days.
    const days = daysFrom('2023-12-30', '2024-01-09');
    const weeks = weeklyMeans(days.map(at), [days.map((_, i) => i * 10)]);
    expect(weeks.x).toEqual([at('2023-12-28'), at('2024-01-04'), at('2024-01-11')]);
    expect(weeks.values).toEqual([[5, 50, 95]]);
    expect(weeks.counts).toEqual([[2, 7, 2]]);
  });

  it('days without data count in no week; a week without any is null; columns apart', () => {
    const days = daysFrom('2024-01-01', '2024-01-21');
    const steps = days.map((day, i) => {
      if (day >= '2024-01-08' && day <= '2024-01-14') return null;
      return i === 0 ? 1_000 : i === 1 ? undefined : 2_000;
    });
    const sleep = days.map(() => 7);
    const weeks = weeklyMeans(days.map(at), [steps as (number | null)[], sleep]);
    expect(weeks.values[0]).toEqual([(1_000 + 5 * 2_000) / 6, null, 2_000]);
    expect(weeks.counts[0]).toEqual([6, 0, 7]);
    expect(weeks.values[1]).toEqual([7, 7, 7]);
    expect(weeks.counts[1]).toEqual([7, 7, 7]);
  });

  it('no days, no weeks', () => {
    expect(weeklyMeans([], [[]])).toEqual({ x: [], values: [[]], counts: [[]] });
  });
});

/** Two years of made-up history with fixed days: the page does not read the clock. */
const START = '2022-07-01';
const END = '2024-06-30';
const DAYS = daysBetween(START, END) + 1;

function twoYears(): HistoryData {
  const days = daysFrom(START, END);
  const perDay = (f: (i: number) => number) => new Map(days.map((d, i) => [d, f(i)]));
  const nights: NightRow[] = days.map((day, i) => ({
    day,
    bedtime_start: `${addDays(day, -1)}T23:10:00+02:00`,
    bedtime_end: `${day}T07:05:00+02:00`,
    total: 25_000 + (i % 9) * 300,
    deep: 5_000,
    rem: 6_000,
    light: 12_000 + (i % 9) * 300,
    awake: 2_000,
    efficiency: 88,
    lowest_hr: 55,
    hrv: 45,
  }));
  return {
    ...emptyHistory(),
    sleepScore: perDay((i) => 70 + (i % 20)),
    readinessScore: perDay((i) => 75 + (i % 15)),
    activityScore: perDay((i) => 80 + (i % 10)),
    steps: perDay((i) => 6_000 + (i % 11) * 500),
    activeCalories: perDay((i) => 300 + (i % 7) * 20),
    nights,
  };
}

const hasChromium = chromiumAvailable();
const run = hasChromium ? it : it.skip;

describe('a two-year report in headless Chromium', () => {
  let browser: TestBrowser | undefined;
  let page: Page;
  const logged: string[] = [];

  beforeAll(async () => {
    if (!hasChromium) return;
    const model = buildModel(
      twoYears(),
      { range: { start: START, end: END }, historyStart: START },
      null,
      new Date(`${END}T08:00:00Z`),
    );
    const file = join(await tempDir('oura-report-weekly-'), 'report.html');
    await writeFile(file, await renderPage(model));
    browser = await launchBrowser();
    const url = pathToFileURL(file).href;
    // The page is self-contained: anything else it asked for would be a fault.
    await browser.context.route('**', (route) =>
      route.request().url() === url ? route.continue() : route.abort(),
    );
    page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') logged.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => logged.push(`pageerror: ${e.message}`));
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.goto(url);
    await page.waitForFunction(() => document.documentElement.dataset.rendered);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** What uPlot holds for a chart: how many x values, and the days its x scale shows. */
  const drawn = (id: string) =>
    page.evaluate((chart) => {
      const u = (
        window as unknown as {
          ouraCharts: Record<
            string,
            { data: unknown[][]; scales: { x: { min: number; max: number } } }
          >;
        }
      ).ouraCharts[chart];
      return {
        points: u?.data[0]?.length ?? 0,
        days: u ? (u.scales.x.max - u.scales.x.min) / 86_400 : 0,
      };
    }, id);
  const caption = (id: string) =>
    page.locator(`#fig-${id} figcaption:not([hidden])`).textContent({ timeout: 5_000 });
  const weeklyNote = (days: number) =>
    `Weekly averages: ${days} days do not fit the chart's width. `;
  // Every week that holds a day of the range, partial ones at the ends included.
  const mondayOf = (day: string) => addDays(day, -((new Date(at(day) * 1000).getUTCDay() + 6) % 7));
  const WEEKS = daysBetween(mondayOf(START), mondayOf(END)) / 7 + 1;

  run('the whole range: one bar a week, and the caption says why', async () => {
    expect(DAYS).toBe(731);
    for (const id of ['steps', 'sleep-total', 'sleep-stages']) {
      expect(await drawn(id), id).toMatchObject({ points: WEEKS });
      expect(await caption(id), id).toMatch(new RegExp(`^${weeklyNote(DAYS)}\\S`));
      expect(await page.locator(`#chart-${id}`).getAttribute('aria-label')).toBe(await caption(id));
    }
    // Charts without bars keep their days.
    expect((await drawn('hrv')).points).toBe(DAYS);
    expect(await caption('hrv')).not.toContain('Weekly averages');
    // Hover names the week and how many days its mean counts.
    const plot = page.locator('#chart-steps .u-over');
    await plot.scrollIntoViewIfNeeded();
    const box = await plot.boundingBox();
    if (!box) throw new Error('no plot area');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const legend = await page.locator('#chart-steps .u-legend').textContent();
    expect(legend).toMatch(/week of \d{4}-\d{2}-\d{2}/);
    expect(legend).toMatch(/[\d,]+ steps \(7 days\)/);
    expect(logged).toEqual([]);
  });

  run('30 d shows daily bars again; all goes back to weeks', async () => {
    await page.getByRole('button', { name: '30 d' }).click();
    expect(await drawn('steps')).toEqual({ points: DAYS, days: 30 });
    expect(await caption('steps')).toMatch(/^You walked/);
    await page.getByRole('button', { name: 'all' }).click();
    expect((await drawn('steps')).points).toBe(WEEKS);
    expect(await caption('steps')).toContain(weeklyNote(DAYS));
    expect(logged).toEqual([]);
  });

  run('a window too narrow for 90 days draws weeks; wide again, days', async () => {
    await page.getByRole('button', { name: '90 d' }).click();
    expect((await drawn('steps')).points).toBe(DAYS);
    // 90 days at 3 px each do not fit a phone-sized chart.
    await page.setViewportSize({ width: 360, height: 800 });
    await page.waitForFunction(
      () => document.querySelector('#fig-steps figcaption:not([hidden]) .weekly')?.textContent,
      undefined,
      { timeout: 10_000 },
    );
    expect(await caption('steps')).toContain(weeklyNote(90));
    expect((await drawn('steps')).points).toBe(WEEKS);
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.waitForFunction(
      () => !document.querySelector('#fig-steps figcaption:not([hidden]) .weekly')?.textContent,
      undefined,
      { timeout: 10_000 },
    );
    expect(await drawn('steps')).toEqual({ points: DAYS, days: 90 });
    expect(logged).toEqual([]);
  });
});
