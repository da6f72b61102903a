/**
 * The insights against an independent reference: a history synced from the
 * emulator by `oura sync`, its documents read back from the SQLite file, the
 * insights computed by the library, and the same figures computed by
 * test/reference/insights.py (numpy + scipy, reading the file with Python's
 * sqlite3; written from the definitions, not translated from our code).
 *
 * Tolerances: deterministic figures agree to rounding (1e-9 absolute or
 * relative for p-values); bootstrap interval ends, which are Monte Carlo
 * estimates (ours 2000 resamples, the reference 20000 with another generator),
 * agree within 0.3 standard errors of the difference: the 2.5 % quantile of
 * 2000 resamples of a normal statistic varies by about 0.06 SE, so 0.3 SE is
 * about five of its standard deviations.
 */
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDays } from '../src/calendar/days.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { computeInsights, type Insights } from '../src/insights/insights.js';
import { INSIGHT_TYPES, type InsightSource } from '../src/insights/source.js';
import { cleanEnv, REPO_ROOT, runCli } from './helpers/cli.js';
import { queryHistory } from './helpers/history.js';
import { PYTHON3 } from './helpers/python.js';
import { describeOrSkip, ON_CI, peerAvailable } from './helpers/requirements.js';
import { tempDir } from './helpers/temp.js';

const run = promisify(execFile);
const SCRIPT = join(REPO_ROOT, 'test', 'reference', 'insights.py');
const TODAY = '2025-06-15';
/** A year and a bit: every habit and correlation has enough days. */
const DAYS = 400;
const START = addDays(TODAY, -(DAYS - 1));
/** Bootstrap interval ends may differ by this many standard errors (see above). */
const BOOTSTRAP_SE_TOLERANCE = 0.3;

function hasNumpyAndScipy(): boolean {
  try {
    execFileSync(PYTHON3, ['-c', 'import numpy, scipy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const NEEDS = 'python3 with numpy and scipy';
const HOW = 'apt-get install -y python3-numpy python3-scipy';
const found = hasNumpyAndScipy();
// Under any CI setting (not only CI=true) a missing reference is a failure: the check must run there.
if (!found && ON_CI) throw new Error(`CI is set, and ${NEEDS} is not available (${HOW})`);
const available = peerAvailable(NEEDS, found, HOW);

type Json = Record<string, unknown>;

function close(actual: unknown, expected: unknown, label: string, tolerance = 1e-9): void {
  expect(typeof actual, label).toBe('number');
  expect(
    Math.abs((actual as number) - (expected as number)),
    `${label}: ${actual} vs ${expected}`,
  ).toBeLessThanOrEqual(tolerance);
}

/** p-values span many decades: compare relatively (absolute below 1e-300). */
function closeP(actual: unknown, expected: unknown, label: string): void {
  const a = actual as number;
  const e = expected as number;
  expect(
    Math.abs(a - e) <= 1e-9 * Math.max(Math.abs(e), 1e-300) + 1e-15,
    `${label}: ${a} vs ${e}`,
  ).toBe(true);
}

function closeInterval(actual: unknown, expected: Json, se: number, label: string): void {
  const interval = actual as { low: number; high: number };
  close(interval.low, expected.low, `${label} low`, BOOTSTRAP_SE_TOLERANCE * se);
  close(interval.high, expected.high, `${label} high`, BOOTSTRAP_SE_TOLERANCE * se);
}

let emulator: Emulator;
let ours: Insights;
let reference: Json;

describeOrSkip(
  available,
  'python3 with numpy and scipy is missing',
  'insights against numpy/scipy',
  () => {
    beforeAll(async () => {
      emulator = await startEmulator({ today: TODAY, historyDays: DAYS });
      const dataDir = await tempDir('oura-insights-reference-');
      const sync = await runCli(
        ['sync', '--json', '--since', START, '--types', INSIGHT_TYPES.join(',')],
        {
          env: cleanEnv({
            OURA_ACCESS_TOKEN: emulator.mintTokens().access_token,
            OURA_API_URL: emulator.url,
            OURA_DATA_DIR: dataDir,
            OURA_CONFIG_DIR: dataDir,
            OURA_NOW: `${TODAY}T20:00:00`,
          }),
        },
      );
      expect(sync.code, sync.stderr).toBe(0);
      const database = (JSON.parse(sync.stdout) as { database: string }).database;

      const source: InsightSource = Object.fromEntries(
        INSIGHT_TYPES.map((type) => [
          type,
          queryHistory<{ doc: string }>(database, `SELECT doc FROM "${type}" ORDER BY id`).map(
            (row) => JSON.parse(row.doc),
          ),
        ]),
      );
      ours = computeInsights(source, { start: START, end: TODAY, seed: 1 }) as Insights;
      const { stdout } = await run(PYTHON3, [SCRIPT, database, START, TODAY], {
        maxBuffer: 64 << 20,
      });
      reference = JSON.parse(stdout) as Json;
    }, 180_000);
    afterAll(async () => {
      await emulator?.close();
    });

    it('sleep debt: the need and the 7- and 14-day debts', () => {
      const ref = reference.sleep_debt as Json;
      const debt = ours.sleep_debt;
      expect(debt.status).toBe('ok');
      if (debt.status !== 'ok') return;
      expect(debt.n).toBe(ref.n);
      close(debt.need_hours, ref.need_hours, 'need');
      const windows = ref.windows as Json[];
      for (const [i, window] of debt.windows.entries()) {
        expect(window.status).toBe('ok');
        if (window.status === 'ok')
          close(window.debt_hours, windows[i]?.debt_hours, `debt ${window.days}`);
      }
    });

    it('regularity: the SRI and its pairs', () => {
      const ref = reference.regularity as Json;
      const sri = ours.regularity;
      expect(sri.status).toBe('ok');
      if (sri.status !== 'ok') return;
      expect({ pairs: sri.pairs, days: sri.days }).toEqual({ pairs: ref.pairs, days: ref.days });
      close(sri.sri, ref.sri, 'SRI');
    });

    it('sleep timing: mid-sleep, social jetlag and its interval', () => {
      const ref = reference.sleep_timing as Json;
      const timing = ours.sleep_timing;
      expect(timing.status).toBe('ok');
      if (timing.status !== 'ok') return;
      expect([timing.n_work, timing.n_free]).toEqual([ref.n_work, ref.n_free]);
      for (const key of [
        'mid_sleep_hours',
        'mid_sleep_work_hours',
        'mid_sleep_free_hours',
        'social_jetlag_hours',
      ] as const) {
        close(timing[key], ref[key], key);
      }
      closeInterval(timing.interval, ref.interval as Json, ref.se as number, 'social jetlag');
    });

    it('early warnings: the same days, signals and z-scores', () => {
      const ref = reference.early_warnings as {
        n: number;
        warnings: { day: string; signals: Json[] }[];
      };
      const warnings = ours.early_warnings;
      expect(warnings.status).toBe('ok');
      if (warnings.status !== 'ok') return;
      expect(warnings.n).toBe(ref.n);
      // The emulator's occasional bad days (fever-like temperature, raised heart rate) give some to compare.
      expect(ref.warnings.length).toBeGreaterThan(0);
      expect(warnings.warnings.map((w) => w.day)).toEqual(ref.warnings.map((w) => w.day));
      for (const [i, day] of warnings.warnings.entries()) {
        const expected = ref.warnings[i]?.signals ?? [];
        expect(day.signals.map((s) => s.signal)).toEqual(expected.map((s) => s.signal));
        for (const [k, signal] of day.signals.entries())
          close(signal.z, expected[k]?.z, `${day.day} ${signal.signal}`);
      }
    });

    it('habits: every comparison, its n, difference, g, p, BH and interval', () => {
      const ref = reference.habits as Json[];
      const comparisons = ours.habits.status === 'ok' ? ours.habits.comparisons : [];
      expect(comparisons.map((c) => [c.exposure, c.outcome, c.status])).toEqual(
        ref.map((r) => [r.exposure, r.outcome, r.status]),
      );
      for (const [i, c] of comparisons.entries()) {
        const r = ref[i] as Json;
        const label = `${c.exposure} → ${c.outcome}`;
        if (c.status !== 'ok') continue;
        expect([c.n_with, c.n_without], label).toEqual([r.n_with, r.n_without]);
        close(c.difference, r.difference, `${label} difference`);
        close(c.hedges_g, r.hedges_g, `${label} g`);
        closeP(c.p, r.p, `${label} p`);
        closeP(c.p_adjusted, r.p_adjusted, `${label} adjusted p`);
        expect(c.finding, label).toBe(r.finding);
        closeInterval(c.interval, r.interval as Json, r.se as number, label);
      }
      // The emulator's weekly sauna and its Thursday run give comparisons with enough evenings.
      expect(comparisons.filter((c) => c.status === 'ok').length).toBeGreaterThan(10);
    });

    it('correlations: the pairs tested and the same survivors with the same rho and p', () => {
      const ref = reference.correlations as { tested: number; survivors: Json[] };
      const correlations = ours.correlations;
      expect(correlations.status).toBe('ok');
      if (correlations.status !== 'ok') return;
      expect(correlations.tested).toBe(ref.tested);
      // Scores and steps move together in the emulator: some pairs must survive, so the check is not empty.
      expect(ref.survivors.length).toBeGreaterThan(0);
      const key = (p: { a: unknown; b: unknown; lag: unknown }) => `${p.a}→${p.b}+${p.lag}`;
      const expected = new Map(ref.survivors.map((s) => [key(s as never), s]));
      expect(correlations.survivors.map(key).sort()).toEqual([...expected.keys()].sort());
      for (const pair of correlations.survivors) {
        const r = expected.get(key(pair)) as Json;
        expect(pair.n).toBe(r.n);
        close(pair.rho, r.rho, `${key(pair)} rho`);
        closeP(pair.p, r.p, `${key(pair)} p`);
        closeP(pair.p_adjusted, r.p_adjusted, `${key(pair)} adjusted p`);
      }
    });

    it('training load: acute, chronic and their ratio', () => {
      const ref = reference.training_load as Json;
      const load = ours.training_load;
      expect(load.status).toBe('ok');
      if (load.status !== 'ok') return;
      expect([load.n_acute, load.n_chronic]).toEqual([ref.n_acute, ref.n_chronic]);
      for (const key of ['acute_kcal', 'chronic_kcal', 'ratio'] as const)
        close(load[key], ref[key], key);
    });
  },
);
