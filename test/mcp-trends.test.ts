/**
 * `oura_trends` periods that lie only partly inside the asked range or the
 * history: the calendar rules, and the trend of a hand-made history whose
 * last month holds two days. (Both stores' `fields` are held to the same rows
 * by test/history-contract.test.ts; here the rows are handed over directly.)
 */
import { describe, expect, it } from 'vitest';
import { addDays, type DayRange } from '../src/calendar/days.js';
import type { StoredHistoryReader } from '../src/history/store-contract.js';
import { dayCount, overlap, periodDays, periodOf } from '../src/mcp/trend-periods.js';
import { trendOf } from '../src/mcp/trends.js';

/** A reader of fields over rows of one type, as either store gives them. */
function rowsReader(rows: Record<string, unknown>[]): Pick<StoredHistoryReader, 'fields'> {
  return {
    fields: async (_type, fields, range: DayRange) =>
      rows
        .filter((row) => String(row.day) >= range.start && String(row.day) <= range.end)
        .map((row) =>
          Object.fromEntries([['day', row.day], ...fields.map((f) => [f, row[f] ?? null])]),
        ),
  };
}

describe('trend periods', () => {
  it('know the days of a week and of a month, leap years included', () => {
    expect(periodDays('2024-02', 'month')).toEqual({ start: '2024-02-01', end: '2024-02-29' });
    expect(periodDays('2023-02', 'month')).toEqual({ start: '2023-02-01', end: '2023-02-28' });
    expect(periodDays('2024-12', 'month')).toEqual({ start: '2024-12-01', end: '2024-12-31' });
    expect(periodDays('2024-12-30', 'week')).toEqual({ start: '2024-12-30', end: '2025-01-05' });
    expect(periodDays('2024-05-07', 'day')).toEqual({ start: '2024-05-07', end: '2024-05-07' });
  });

  it("name a day by its week's Monday and its month", () => {
    expect(periodOf('2024-12-30', 'week')).toBe('2024-12-30'); // a Monday
    expect(periodOf('2025-01-05', 'week')).toBe('2024-12-30'); // the Sunday after it
    expect(periodOf('2024-03-01', 'week')).toBe('2024-02-26'); // across a leap day
    expect(periodOf('2024-03-01', 'month')).toBe('2024-03');
    expect(periodOf('2024-03-01', 'day')).toBe('2024-03-01');
  });

  it('count the days two ranges share', () => {
    const march = periodDays('2024-03', 'month');
    const asked = { start: '2024-01-10', end: '2024-03-02' };
    expect(overlap(march, asked)).toEqual({ start: '2024-03-01', end: '2024-03-02' });
    expect(dayCount(overlap(march, asked) ?? march)).toBe(2);
    expect(overlap(march, { start: '2024-04-01', end: '2024-04-02' })).toBeUndefined();
  });
});

describe('trendOf', () => {
  // A sleep score of 70 every day of January and February 2024, and 90 on March 1 and 2.
  const scores: Record<string, unknown>[] = [];
  for (let day = '2024-01-01'; day <= '2024-03-02'; day = addDays(day, 1)) {
    scores.push({ day, score: day >= '2024-03-01' ? 90 : 70 });
  }
  const synced = () => ({ start: '2024-01-01', end: '2024-03-02' });

  it('marks a month the range or the history cuts short as partial, with its n', async () => {
    const trend = await trendOf(
      rowsReader(scores),
      'sleep_score',
      { start: '2023-12-01', end: '2024-03-31' },
      'month',
      synced,
    );
    expect(trend.points).toEqual([
      { period: '2024-01', value: 70, days: 31, covered_days: 31, period_days: 31, partial: false },
      { period: '2024-02', value: 70, days: 29, covered_days: 29, period_days: 29, partial: false },
      { period: '2024-03', value: 90, days: 2, covered_days: 2, period_days: 31, partial: true },
    ]);
    expect(trend.days).toBe(62);
    expect(trend.reading).toMatch(/Based on 62 days\. Partial months: 2024-03 \(2 of 31 days\)\.$/);

    const asked = await trendOf(
      rowsReader(scores),
      'sleep_score',
      { start: '2024-01-20', end: '2024-02-29' },
      'month',
      synced,
    );
    expect(asked.points.map((p) => [p.period, p.days, p.covered_days, p.partial])).toEqual([
      ['2024-01', 12, 12, true],
      ['2024-02', 29, 29, false],
    ]);
  });

  it('weighs each period by its days: two days of a month do not pull the line like thirty', async () => {
    const trend = await trendOf(
      rowsReader(scores),
      'sleep_score',
      { start: '2024-01-01', end: '2024-03-31' },
      'month',
      synced,
    );
    // Per period, 70, 70, 90 would read "rose from about 66.7 to 86.7 (+30%)".
    const change = Number(/\(\+(\d+)%\)/.exec(trend.reading)?.[1]);
    expect(change, trend.reading).toBeLessThan(10);
  });

  it('reads a deviation from zero in its unit, not as a percentage of a value near 0', async () => {
    const range = { start: '2024-01-01', end: '2024-03-31' };
    const days = () => range;
    const monthly = (values: number[]) =>
      rowsReader(
        values.flatMap((value, month) =>
          Array.from({ length: 28 }, (_, i) => ({
            day: addDays(`2024-0${month + 1}-01`, i),
            temperature_deviation: value,
          })),
        ),
      );
    const rising = await trendOf(
      monthly([0.01, 0.2, 0.41]),
      'temperature_deviation',
      range,
      'month',
      days,
    );
    expect(rising.reading).toMatch(
      /^skin temperature deviation \(temperature_deviation\) rose from about 0\.01 to 0\.41 °C \(\+0\.4 °C\), 2024-01 to 2024-03\./,
    );
    const steady = await trendOf(
      monthly([-0.02, 0.01, 0.03]),
      'temperature_deviation',
      range,
      'month',
      days,
    );
    expect(steady.reading).toMatch(/held steady around 0\.01 °C/);
  });

  it("makes one value of a day's documents: hours asleep add up naps, HRV is the main sleep's", async () => {
    const sleeps = rowsReader([
      { day: '2024-05-06', type: 'long_sleep', total_sleep_duration: 7 * 3600, average_hrv: 40 },
      { day: '2024-05-06', type: 'sleep', total_sleep_duration: 3600, average_hrv: 80 },
      { day: '2024-05-07', type: 'long_sleep', total_sleep_duration: null, average_hrv: null },
    ]);
    const range = { start: '2024-05-06', end: '2024-05-07' };
    const days = () => range;
    const hours = await trendOf(sleeps, 'total_sleep_hours', range, 'day', days);
    expect(hours.points.map((p) => [p.period, p.value, p.days])).toEqual([['2024-05-06', 8, 1]]);
    const hrv = await trendOf(sleeps, 'hrv', range, 'day', days);
    expect(hrv.points.map((p) => [p.period, p.value])).toEqual([['2024-05-06', 40]]);
  });
});
