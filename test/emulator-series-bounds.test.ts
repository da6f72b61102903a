/**
 * The emulator's heart-rate series covers its history's local days exactly:
 * from the local midnight starting the first day to the one ending the last,
 * on days the clocks change too. Those midnights were taken at the offset of
 * local noon, an hour off on such a day: a history ending the day before New
 * York fell back served an hour of the next day, which a sync then stored (a
 * history test failed under OURA_NOW on that day). Each zone runs in its own
 * process: the time zone is process-wide.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const EMULATOR = new URL('../dist/emulator/index.js', import.meta.url).href;
const FIVE_MINUTES = 5 * 60_000;

interface Served {
  first: string;
  last: string;
  /** Local midnight starting the history's first day, and the one after its last day. */
  dayStart: string;
  dayEnd: string;
}

/** The first and last heart-rate samples of a history from `firstDay` to `lastDay`, served in `tz`. */
async function servedSeries(tz: string, firstDay: string, lastDay: string): Promise<Served> {
  const script = `
    const { startEmulator } = await import(${JSON.stringify(EMULATOR)});
    const [firstDay, lastDay] = ${JSON.stringify([firstDay, lastDay])};
    const days = (Date.parse(lastDay) - Date.parse(firstDay)) / 86_400_000 + 1;
    const emulator = await startEmulator({ port: 0, today: lastDay, historyDays: days });
    const midnight = (day, add = 0) => {
      const [y, m, d] = day.split('-').map(Number);
      return new Date(y, m - 1, d + add);
    };
    const query = new URLSearchParams({
      start_datetime: new Date(midnight(firstDay, -1)).toISOString(),
      end_datetime: new Date(midnight(lastDay, 2)).toISOString(),
    });
    const samples = [];
    for (;;) {
      const response = await fetch(emulator.url + '/v2/usercollection/heartrate?' + query, {
        headers: { authorization: 'Bearer ' + emulator.mintTokens().access_token },
      });
      const page = await response.json();
      samples.push(...page.data);
      if (!page.next_token) break;
      query.set('next_token', page.next_token);
    }
    await emulator.close();
    process.stdout.write(JSON.stringify({
      first: samples[0].timestamp,
      last: samples[samples.length - 1].timestamp,
      dayStart: midnight(firstDay).toISOString(),
      dayEnd: midnight(lastDay, 1).toISOString(),
    }));
  `;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, TZ: tz },
  });
  return JSON.parse(stdout) as Served;
}

const addDays = (day: string, n: number) =>
  new Date(Date.parse(day) + n * 86_400_000).toISOString().slice(0, 10);

describe('the emulator heart-rate series', () => {
  // Days the clocks change: back (fall) and forward (spring).
  for (const [tz, changeDay] of [
    ['America/New_York', '2025-11-02'],
    ['America/New_York', '2025-03-09'],
    ['Europe/Berlin', '2025-10-26'],
    ['Pacific/Auckland', '2025-04-06'],
  ] as const) {
    it(`ends at the local midnight after its last day when the next day is ${changeDay} in ${tz}`, async () => {
      const served = await servedSeries(tz, addDays(changeDay, -3), addDays(changeDay, -1));
      const end = Date.parse(served.dayEnd);
      expect(Date.parse(served.last)).toBeLessThan(end);
      expect(Date.parse(served.last)).toBeGreaterThanOrEqual(end - FIVE_MINUTES);
    });

    it(`starts at the local midnight of its first day when that is ${changeDay} in ${tz}`, async () => {
      const served = await servedSeries(tz, changeDay, addDays(changeDay, 2));
      const start = Date.parse(served.dayStart);
      expect(Date.parse(served.first)).toBeGreaterThanOrEqual(start);
      expect(Date.parse(served.first)).toBeLessThan(start + FIVE_MINUTES);
    });
  }
});
