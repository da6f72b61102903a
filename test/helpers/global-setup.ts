import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { now, pinOffset } from '../../src/clock.js';

/** Names a run may leave in its temp root: the stand-in home, removed with it. */
const HOME_NAME = 'home';
/**
 * Node's module compile cache, which npm turns on in the temp dir on Node >=
 * 22.1 (the tests that run `npm pack`): compiled npm code, no test's data, and
 * removed with the root like the home.
 */
const COMPILE_CACHE_NAME = 'node-compile-cache';

/**
 * Builds nothing; checks that `npm test` built `dist/`, and fences the run in:
 * workers (and the CLI processes they start, see `cleanEnv`) get a temp dir and
 * a home of their own under one run root, so nothing is written to the user's
 * real dirs. At the end, anything a test left in that temp dir fails the run
 * (each test file removes its own dirs, see cleanup.ts), and the root goes.
 */
export default function setup(): () => void {
  const root = resolve(import.meta.dirname, '..', '..');
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm test` (it builds first) or `npm run build`.');
  }
  anchorPinnedClock();
  const zone = zoneAwayFromMidnight(now());
  if (zone) {
    console.warn(`local midnight is less than an hour away: the run uses TZ=${zone}`);
    process.env.TZ = zone;
  }
  sweepStaleRunRoots();
  const runRoot = mkdtempSync(join(tmpdir(), RUN_ROOT_PREFIX));
  const home = join(runRoot, HOME_NAME);
  mkdirSync(home, { mode: 0o700 });
  Object.assign(process.env, {
    TMPDIR: runRoot,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
  });
  return () => {
    const left = readdirSync(runRoot).filter(
      (name) => name !== HOME_NAME && name !== COMPILE_CACHE_NAME,
    );
    rmSync(runRoot, { recursive: true, force: true });
    if (left.length > 0) {
      // Vitest reports a teardown error but keeps exit code 0: fail the run explicitly.
      process.exitCode = 1;
      throw new Error(
        `tests left ${left.length} entries in the temp dir (make them use tempDir() from test/helpers/temp.ts): ${left.join(', ')}`,
      );
    }
  };
}

const RUN_ROOT_PREFIX = 'oura-test-run-';
/** A run root untouched this long belongs to a run that was killed (its teardown never ran). */
const STALE_RUN_ROOT_MS = 12 * 3_600_000;

/** Removes the roots killed runs left; a run going on beside this one touches its own far more often. */
function sweepStaleRunRoots(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(RUN_ROOT_PREFIX)) continue;
    const path = join(tmpdir(), name);
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_RUN_ROOT_MS) {
        rmSync(path, { recursive: true, force: true });
      }
    } catch {
      // Gone meanwhile, or another user's: not this run's to remove.
    }
  }
}

/**
 * With `OURA_NOW` set (a pinned date, see src/clock.ts), every worker and CLI
 * process must read the same clock however late it starts: the pin is rewritten
 * to name the real instant at which it holds, now.
 */
function anchorPinnedClock(): void {
  const pin = process.env.OURA_NOW;
  if (!pin) return;
  const real = Date.now();
  const shown = new Date(real + pinOffset(pin, real));
  process.env.OURA_NOW = `${shown.toISOString()}@${real}`;
  console.warn(`the clock is pinned: the run starts at ${shown.toString()}`);
}

/**
 * Tests read today's date (`localDay()`) when their file loads, and the CLI
 * processes they start read it again later: a run that crosses local midnight
 * would compare two different days. Starting within an hour of midnight, the
 * run (workers and CLI processes inherit TZ, see `cleanEnv`) moves to the
 * whole-hour offset where it is about noon; otherwise the machine's zone stays.
 */
export function zoneAwayFromMidnight(now: Date): string | undefined {
  const minutesLeft = 24 * 60 - (now.getHours() * 60 + now.getMinutes());
  if (minutesLeft > 60) return undefined;
  const east = 12 - now.getUTCHours();
  // IANA's Etc zones are named with the POSIX sign: Etc/GMT-5 is 5 hours east of UTC.
  return east === 0 ? 'Etc/UTC' : `Etc/GMT${east > 0 ? '-' : '+'}${Math.abs(east)}`;
}
