/**
 * isDay: a real calendar day written `YYYY-MM-DD`, decided by arithmetic
 * (month lengths, the Gregorian leap rule), as a sync checks every document's day.
 */
import { describe, expect, it } from 'vitest';
import { isDay } from '../src/calendar/days.js';

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
