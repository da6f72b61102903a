/**
 * The emulator's series rows are a pure function of the account's seed and the
 * instant, however their parts are kept between pages: each day's heart-rate
 * stretches are made once per day plan (heartrate.ts), timestamps are written
 * by hand (utc-timestamp.ts).
 */
import { expect, it } from 'vitest';
import { batteryRows } from '../src/emulator/data/battery.js';
import { heartRateSeries } from '../src/emulator/data/heartrate.js';
import { PlanCache } from '../src/emulator/data/plan.js';
import { DAY_MS, utcIso } from '../src/emulator/time.js';

const START = Date.parse('2025-03-01T00:00:00Z');
const END = START + 20 * DAY_MS;
const series = (seed: string) => heartRateSeries(new PlanCache(seed), 1, START, END, 1e6).rows;

it("an account's heart rate is the same whatever other accounts' pages were made first", () => {
  const fresh = series('b');
  const other = series('a');
  expect(other).not.toEqual(fresh);
  // Laid out again from a new cache of the same seed, after the other account's days.
  expect(series('b')).toEqual(fresh);
});

it('heart rate is the same after the day plans were dropped and drawn again', () => {
  const plans = new PlanCache('c');
  const before = heartRateSeries(plans, 1, START, END, 1e6).rows;
  // More days than the cache keeps: it clears, and the same days get new plan objects.
  for (let num = 0; num <= 5001; num++) plans.get(30_000 + num);
  expect(heartRateSeries(plans, 1, START, END, 1e6).rows).toEqual(before);
});

it("battery rows' timestamps are utcIso's, before 1970 too", () => {
  for (const first of [START, Date.parse('1969-12-30T00:00:00Z')]) {
    const rows = batteryRows(1, first, 48 * 4);
    rows.forEach((row, i) => {
      expect(row.timestamp).toBe(utcIso(first + i * 30 * 60_000));
    });
  }
});
