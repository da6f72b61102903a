/** utcTimestamp (series/utc-timestamp.ts): an instant written as Oura writes a series row's, by hand. */
import { expect, it } from 'vitest';
import { utcTimestamp } from '../src/series/utc-timestamp.js';

const byDate = (seconds: number) => `${new Date(seconds * 1000).toISOString().slice(0, 19)}+00:00`;

it('writes every 7th second of a day (all hours, minutes and seconds) as Date does, days in any order', () => {
  const days = [20_089, 20_090, 0, -1, 2_932_896 /* 9999-12-31 */, 20_089];
  for (const day of days) {
    for (let inDay = 0; inDay < 86_400; inDay += 7) {
      const seconds = day * 86_400 + inDay;
      if (utcTimestamp(seconds) !== byDate(seconds)) {
        expect(utcTimestamp(seconds)).toBe(byDate(seconds));
      }
    }
    expect(utcTimestamp(day * 86_400 + 86_399)).toBe(byDate(day * 86_400 + 86_399));
  }
});
