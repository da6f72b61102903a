/**
 * The heart-rate histogram's shortcut (one time-zone conversion per source
 * hour instead of per sample) against the slow, obvious answer — a Date per
 * sample — in time zones with half- and three-quarter-hour offsets and DST,
 * for samples written in UTC and in other offsets.
 */
import { describe, expect, it } from 'vitest';
import { addDays, localDay } from '../src/calendar/days.js';
import { HourHistogram } from '../src/report/hours.js';

/** `2026-03-08T06:35:00-07:00`: an instant written in a given offset (minutes east of UTC). */
function isoIn(ms: number, offsetMinutes: number): string {
  const shifted = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  if (offsetMinutes === 0) return `${shifted}+00:00`;
  const sign = offsetMinutes > 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return `${shifted}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

for (const zone of ['Asia/Kolkata', 'Asia/Kathmandu', 'America/St_Johns', 'Europe/Berlin']) {
  describe(`in ${zone}`, () => {
    it('counts each sample in its local hour and local day, as a Date per sample would', () => {
      const saved = process.env.TZ;
      process.env.TZ = zone;
      try {
        // Four days around a DST change in the northern spring (2026-03-08 in America, 03-29 in Europe).
        const start = zone.startsWith('America') ? '2026-03-07' : '2026-03-28';
        const range = { start, end: addDays(start, 1) };
        const histogram = new HourHistogram(range);
        const expected = new Map<string, number>();
        const first = Date.parse(`${addDays(start, -1)}T00:00:00Z`);
        for (let i = 0; i < 4 * 288; i++) {
          const ms = first + i * 300_000;
          const bpm = 50 + (i % 40);
          const timestamp = isoIn(ms, [0, -420, 330][i % 3] ?? 0);
          histogram.add(timestamp, bpm);
          const at = new Date(ms);
          const day = localDay(at);
          if (day < range.start || day > range.end) continue;
          const key = `${at.getHours()}|${bpm}`;
          expected.set(key, (expected.get(key) ?? 0) + 1);
        }
        const got = new Map(histogram.cells().map(([h, bpm, n]) => [`${h}|${bpm}`, n]));
        expect(got).toEqual(expected);
        expect([...got.values()].reduce((s, n) => s + n, 0)).toBeGreaterThan(500);
      } finally {
        // Assigning undefined would set TZ to the string "undefined", a zone that does not exist.
        if (saved === undefined) delete process.env.TZ;
        else process.env.TZ = saved;
      }
    });
  });
}
