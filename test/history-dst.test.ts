/**
 * Thirty local days that hold the change back from summer time last thirty
 * days and an hour, and the series routes refuse anything over thirty days:
 * heart rate across that change must still be read whole by `oura sync`,
 * which asks for the longest windows. Newfoundland went back on 2026-11-01.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { cleanEnv, runCli } from './helpers/cli.js';
import { heartRateSamples } from './helpers/heart-rate.js';
import { tempDir } from './helpers/temp.js';

const ZONE = 'America/St_Johns';
const savedZone = process.env.TZ;
let emulator: Emulator;
let token: string;

beforeAll(async () => {
  // The emulator runs in this process: its local days are Newfoundland's too.
  process.env.TZ = ZONE;
  emulator = await startEmulator({ today: '2026-11-19', historyDays: 60 });
  token = emulator.mintTokens().access_token;
});
afterAll(async () => {
  await emulator?.close();
  if (savedZone === undefined) delete process.env.TZ;
  else process.env.TZ = savedZone;
});

const env = (dataDir: string) =>
  cleanEnv({
    TZ: ZONE,
    OURA_NOW: '2026-11-20T12:00:00',
    OURA_ACCESS_TOKEN: token,
    OURA_API_URL: emulator.url,
    OURA_DATA_DIR: dataDir,
    OURA_CONFIG_DIR: dataDir,
  });

it('sync reads a 30-day heart-rate window across the change back from summer time', async () => {
  // 2026-10-22 .. 2026-11-20 is one 30-day window, with 2026-11-01 (25 hours) in it.
  const dir = await tempDir('oura-dst-');
  const result = await runCli(['sync', '--since', '2026-10-22', '--types', 'heartrate', '--json'], {
    env: env(dir),
  });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const summary = JSON.parse(result.stdout) as { types: { heartrate: { inserted: number } } };
  expect(summary.types.heartrate.inserted).toBe(
    await heartRateSamples(emulator, '2026-10-22', '2026-11-19'),
  );
});
