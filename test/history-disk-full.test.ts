/**
 * A full disk stops `oura sync` with exit 1 and a clear message, leaving a
 * sound database holding whole windows only; with room again, the next sync
 * completes it. Needs a small tmpfs (root, as on CI); elsewhere it is skipped
 * with a visible message, and on CI it must run.
 */

import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDays, localDay } from '../src/calendar/days.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { cleanEnv, runCli } from './helpers/cli.js';
import { heartRateSamples } from './helpers/heart-rate.js';
import { integrityCheck, queryHistory } from './helpers/history.js';
import { ON_CI } from './helpers/requirements.js';
import { tempDir } from './helpers/temp.js';

const lastDay = addDays(localDay(), -1);
let emulator: Emulator;
let token: string;
let mountPoint: string;
let mounted = false;

function mountSmallDisk(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0700', 'tmpfs', dir], {
      stdio: 'pipe',
    });
    return true;
  } catch (error) {
    if (ON_CI) throw error;
    console.warn(`skipping the full-disk test: cannot mount a tmpfs here (${String(error)})`);
    return false;
  }
}

beforeAll(async () => {
  emulator = await startEmulator({ today: lastDay, historyDays: 200 });
  token = emulator.mintTokens().access_token;
  mountPoint = await mkdtemp(join(tmpdir(), 'oura-full-'));
  mounted = mountSmallDisk(mountPoint);
});
afterAll(async () => {
  await emulator?.close();
  if (mounted) execFileSync('umount', [mountPoint]);
  await rm(mountPoint, { recursive: true, force: true });
});

it('a full disk stops the sync cleanly; with room again the next sync finishes', async (context) => {
  if (!mounted) {
    context.skip();
    return;
  }
  const env = (dataDir: string) =>
    cleanEnv({ OURA_ACCESS_TOKEN: token, OURA_API_URL: emulator.url, OURA_DATA_DIR: dataDir });
  const dataDir = join(mountPoint, 'data');
  const full = await runCli(['sync', '--types', 'heartrate,daily_activity'], { env: env(dataDir) });
  expect(full.code).toBe(1);
  expect(full.stderr).toMatch(/the disk holding .*default\.sqlite is full; the sync stopped/);
  const path = join(dataDir, 'default.sqlite');
  expect(integrityCheck(path)).toBe('ok');
  // Whole windows only: the samples match the committed days exactly.
  const [state] = queryHistory<{ start_day: string; through_day: string }>(
    path,
    "SELECT start_day, through_day FROM sync_state WHERE type = 'heartrate'",
  );
  const [{ n } = { n: -1 }] = queryHistory<{ n: number }>(
    path,
    'SELECT count(*) AS n FROM heartrate_samples',
  );
  if (state) {
    expect(n).toBe(await heartRateSamples(emulator, state.start_day, state.through_day));
  } else expect(n).toBe(0);

  // Room again: the history moves to a bigger disk, and the sync goes on from where it stopped.
  const roomy = await tempDir('oura-roomy-');
  execFileSync('cp', ['-a', `${dataDir}/.`, roomy]);
  const done = await runCli(['sync', '--json', '--types', 'heartrate,daily_activity'], {
    env: env(roomy),
  });
  expect(done.code).toBe(0);
  expect(
    queryHistory(join(roomy, 'default.sqlite'), 'SELECT count(*) AS n FROM heartrate_samples'),
  ).toEqual([{ n: await heartRateSamples(emulator, addDays(lastDay, -199), lastDay) }]);
});
