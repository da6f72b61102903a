/**
 * The emulator's first ring is set up on the first local day of its history,
 * in every time zone: a history read from the set-up day (a login without the
 * daily scopes) must start on the day the data starts. At 18:00 UTC the set-up
 * fell on the next local day east of UTC+6, and such a sync lost its first day.
 * Each zone runs in its own process: the time zone is process-wide.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const EMULATOR = new URL('../dist/emulator/index.js', import.meta.url).href;
const TODAY = '2026-06-15';
const HISTORY_DAYS = 30;
const FIRST_DAY = '2026-05-17';

/** The first ring's `set_up_at` as the emulator serves it, run in time zone `tz`. */
async function firstSetUp(tz: string): Promise<string> {
  const script = `
    const { startEmulator } = await import(${JSON.stringify(EMULATOR)});
    const emulator = await startEmulator({ port: 0, today: '${TODAY}', historyDays: ${HISTORY_DAYS} });
    const response = await fetch(emulator.url + '/v2/usercollection/ring_configuration', {
      headers: { authorization: 'Bearer ' + emulator.mintTokens().access_token },
    });
    const body = await response.json();
    await emulator.close();
    process.stdout.write(body.data[0].set_up_at);
  `;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, TZ: tz },
  });
  return stdout;
}

/** The local day of `instant` in `tz`. */
const localDayIn = (instant: string, tz: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(new Date(instant));

describe('the emulator ring set-up day', () => {
  for (const tz of [
    'Pacific/Kiritimati',
    'Pacific/Auckland',
    'UTC',
    'America/St_Johns',
    'Pacific/Honolulu',
  ]) {
    it(`is the history's first local day in ${tz}`, async () => {
      const setUp = await firstSetUp(tz);
      expect(setUp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
      expect(localDayIn(setUp, tz)).toBe(FIRST_DAY);
    });
  }
});
