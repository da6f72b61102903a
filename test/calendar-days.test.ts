/**
 * isDay and daysOf decide by arithmetic (month lengths, the Gregorian leap
 * rule) rather than through a Date per day: a sync checks every document's
 * day, and a year's check-in lists every day of the year.
 */
import { describe, expect, it } from 'vitest';
import { addDays, daysOf, isDay } from '../src/calendar/days.js';

describe('isDay', () => {
  it('accepts real days, leap days by the Gregorian rule', () => {
    for (const day of [
      '2024-02-29',
      '2000-02-29',
      '2026-12-31',
      '2026-01-01',
      '2026-04-30',
      '0100-01-01',
      '9999-12-31',
    ]) {
      expect(isDay(day), day).toBe(true);
    }
  });

  it('refuses days that do not exist and other writings', () => {
    const refused = [
      '2023-02-29',
      '1900-02-29',
      '2100-02-29',
      '2026-04-31',
      '2026-06-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2026-01-32',
      '0099-12-31', // years before 100 were never taken
      '2026-1-01',
      '2026-01-01T00:00',
      ' 2026-01-01',
      '',
    ];
    for (const day of refused) expect(isDay(day), day).toBe(false);
  });
});

describe('daysOf', () => {
  it('lists every day as addDays writes it, over leap years, month and year ends', () => {
    for (const start of ['2023-12-30', '2024-02-27', '1899-12-31', '2099-02-27']) {
      const days = daysOf({ start, end: addDays(start, 1200) });
      expect(days).toHaveLength(1201);
      days.forEach((day, i) => {
        expect(day).toBe(addDays(start, i));
      });
    }
    expect(daysOf({ start: '2024-02-28', end: '2024-03-01' })).toEqual([
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
    ]);
    expect(daysOf({ start: '2026-05-01', end: '2026-04-30' })).toEqual([]);
  });
});
