/**
 * The history under stress, with real processes: a sync killed with SIGKILL
 * mid-backfill and resumed ends equal to an uninterrupted one; while a sync
 * runs, a reader is never blocked and never sees half a window, and a second
 * sync waits for the first.
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDays, localDay } from '../src/calendar/days.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { cleanEnv, runCli, startCli } from './helpers/cli.js';
import { heartRateByDay } from './helpers/heart-rate.js';
import { dumpHistory, integrityCheck } from './helpers/history.js';
import { tempDir } from './helpers/temp.js';

const lastDay = addDays(localDay(), -1);
// 14 heart-rate windows of 30 days: they commit in waves, so a kill lands between two.
const HISTORY_DAYS = 400;

const firstDay = addDays(lastDay, -(HISTORY_DAYS - 1));

let emulator: Emulator;
let token: string;
/** Heart-rate samples per day, as the emulator serves them. */
let perDay: Map<string, number>;

/** Samples from the first day through `through`. */
const samplesThrough = (through: string) =>
  [...perDay].reduce((sum, [day, n]) => (day <= through ? sum + n : sum), 0);

beforeAll(async () => {
  emulator = await startEmulator({ today: lastDay, historyDays: HISTORY_DAYS });
  token = emulator.mintTokens().access_token;
  perDay = await heartRateByDay(emulator, firstDay, lastDay);
  // Latency makes the backfill last long enough (a few seconds) to be interrupted.
  emulator.setFaults({ latencyMs: 25 });
});
afterAll(async () => {
  await emulator?.close();
});

function env(dataDir: string) {
  return cleanEnv({ OURA_ACCESS_TOKEN: token, OURA_API_URL: emulator.url, OURA_DATA_DIR: dataDir });
}

/** Polls `check` every 10 ms until it is true. */
async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Heart-rate windows committed so far, read without blocking the writer. */
function committedHeartRate(path: string): { through: string | null; samples: number } {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      // One read transaction: state and samples from the same snapshot.
      return db.transaction(() => {
        const state = db
          .prepare("SELECT start_day, through_day FROM sync_state WHERE type = 'heartrate'")
          .get() as { through_day: string } | undefined;
        const samples = db.prepare('SELECT count(*) AS n FROM heartrate_samples').get() as {
          n: number;
        };
        return { through: state?.through_day ?? null, samples: samples.n };
      })();
    } finally {
      db.close();
    }
  } catch {
    return { through: null, samples: 0 };
  }
}

/**
 * A `oura sync` into `dataDir`, once it has committed a heart-rate window and
 * before it ends: waits as long as the sync runs (a loaded machine makes the
 * first window slow), not a fixed time.
 */
async function syncPastItsFirstWindow(dataDir: string) {
  const path = join(dataDir, 'default.sqlite');
  const run = startCli(['sync'], { env: env(dataDir), mode: 'process' });
  let ended = false;
  void run.result.then(() => {
    ended = true;
  });
  await until(() => ended || committedHeartRate(path).through !== null, 150_000);
  expect(ended, 'the sync ended before a heart-rate window was seen committed').toBe(false);
  return run;
}

it('a sync killed with SIGKILL mid-backfill resumes to exactly what an uninterrupted sync stores', async () => {
  const reference = await tempDir('oura-crash-');
  const uninterrupted = await runCli(['sync'], { env: env(reference) });
  expect(uninterrupted.code).toBe(0);

  const dataDir = await tempDir('oura-crash-');
  const path = join(dataDir, 'default.sqlite');
  const victim = await syncPastItsFirstWindow(dataDir);
  victim.kill('SIGKILL');
  const killed = await victim.result;
  expect(killed.code).toBeNull();

  // It really stopped half-way, and what it left is a sound database.
  const left = committedHeartRate(path);
  expect(left.samples).toBeLessThan(samplesThrough(lastDay));
  expect(integrityCheck(path)).toBe('ok');

  const resumed = await runCli(['sync'], { env: env(dataDir) });
  expect(resumed.stderr).toMatch(/^oura: synced 19 types into /);
  expect(resumed.code).toBe(0);
  expect(dumpHistory(path)).toEqual(dumpHistory(join(reference, 'default.sqlite')));
  // Three syncs of 400 days: minutes, not seconds, on a loaded 2-core machine.
}, 240_000);

it('Ctrl-C mid-backfill says what is kept and that `oura sync` continues, and ends by the signal', async () => {
  const dataDir = await tempDir('oura-crash-');
  const path = join(dataDir, 'default.sqlite');
  const victim = await syncPastItsFirstWindow(dataDir);
  victim.kill('SIGINT');
  const stopped = await victim.result;
  expect(stopped.code, 'ended by the signal, as without the notice').toBeNull();
  expect(stopped.stderr).toMatch(
    /oura: interrupted: every window finished so far is kept; `oura sync` continues where it stopped\.\n$/,
  );
  expect(integrityCheck(path)).toBe('ok');
}, 180_000);

it('during a sync, readers see whole windows only and a second sync waits its turn', async () => {
  const dataDir = await tempDir('oura-crash-');
  const path = join(dataDir, 'default.sqlite');
  // Slower answers keep the first sync running long enough for many snapshots.
  emulator.setFaults({ latencyMs: 60 });
  const first = startCli(['sync', '--types', 'heartrate,daily_sleep'], {
    env: env(dataDir),
    mode: 'process',
  });
  // The first sync holds the lock once it has created the file.
  await until(() => existsSync(path));
  // Stopped (lock held) until the second one says it waits: a slow start of the
  // second process must not let the first finish before it ever sees the lock.
  const firstPid = first.pid as number;
  process.kill(firstPid, 'SIGSTOP');
  const second = startCli(['sync', '--types', 'heartrate,daily_sleep', '--json'], {
    mode: 'process',
    env: env(dataDir),
  });
  try {
    await second.waitForStderr(/another `oura sync` is running for this profile; waiting/);
  } finally {
    process.kill(firstPid, 'SIGCONT');
  }

  // Every snapshot holds exactly the samples of the committed days: never part of a window.
  let snapshots = 0;
  let running = true;
  void first.result.then(() => {
    running = false;
  });
  while (running) {
    const started = Date.now();
    const { through, samples } = committedHeartRate(path);
    // A blocked reader would wait out better-sqlite3's 5 s busy timeout; an unblocked one
    // can still take a second or more to open and count on a loaded machine.
    expect(Date.now() - started).toBeLessThan(4000);
    if (through !== null) {
      // The last window runs through today, where the emulator has no data yet.
      expect(samples).toBe(samplesThrough(through));
      snapshots++;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(snapshots).toBeGreaterThan(3);
  expect((await first.result).code).toBe(0);
  emulator.setFaults({ latencyMs: 25 });
  const after = await second.result;
  expect(after.code).toBe(0);
  // The second sync ran after the first: nothing left to add.
  const summary = JSON.parse(after.stdout) as { types: Record<string, { inserted: number }> };
  expect(summary.types.heartrate?.inserted).toBe(0);
});
