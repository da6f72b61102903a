/**
 * Insights find what was planted and invent nothing (docs/insights.md says how
 * each figure is checked). The emulator writes known causes into its synthetic history: a
 * tag that moves the next night, a week of fever. The habit comparisons and
 * the early warnings must find each with an interval covering the true size,
 * and on histories with nothing planted must stay quiet. The documents come
 * the way the product gets them: from real emulators over their sockets,
 * through the typed client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OuraClient } from '../src/api/client.js';
import { addDays, type Day } from '../src/calendar/days.js';
import { PlanCache } from '../src/emulator/data/plan.js';
import { type PlantedEffect, startEmulator } from '../src/emulator/index.js';
import type { EarlyWarningsAnswer } from '../src/insights/early-warnings.js';
import type { HabitComparison, HabitsAnswer } from '../src/insights/habits.js';
import { computeInsights } from '../src/insights/insights.js';
import type { InsightDocuments } from '../src/insights/source.js';

/** A fixed past day: the histories never depend on the clock. */
const TODAY = '2024-03-01';
/** A year: enough evenings for a tag on every third day, short enough for 40 seeds. */
const DAYS = 365;
const RANGE = { start: addDays(TODAY, -DAYS), end: TODAY };

/** What habits and early warnings read (activity only feeds correlations and training load). */
const TYPES = ['sleep', 'daily_sleep', 'daily_readiness', 'enhanced_tag', 'workout'] as const;

// The emulator files days in the process's zone; one zone makes the figures
// below the same on every machine.
let savedZone: string | undefined;
beforeAll(() => {
  savedZone = process.env.TZ;
  process.env.TZ = 'UTC';
});
afterAll(() => {
  if (savedZone === undefined) delete process.env.TZ;
  else process.env.TZ = savedZone;
});

/** The documents insights read over {@link RANGE}, from a real emulator for `seed`. */
async function fetchDocuments(seed: string, effects: PlantedEffect[]): Promise<InsightDocuments> {
  const emulator = await startEmulator({ today: TODAY, seed, effects, historyDays: DAYS + 2 });
  try {
    const client = new OuraClient({
      baseUrl: emulator.url,
      token: emulator.mintTokens().access_token,
    });
    const docs: Partial<Record<(typeof TYPES)[number], unknown[]>> = {};
    for (const type of TYPES) {
      const list: unknown[] = [];
      for await (const doc of client.list(type, RANGE)) list.push(doc);
      docs[type] = list;
    }
    return docs as InsightDocuments;
  } finally {
    await emulator.close();
  }
}

function insightsOf(docs: InsightDocuments) {
  const answers = computeInsights(docs, { ...RANGE, kinds: ['habits', 'early_warnings'] });
  return {
    habits: answers.habits as HabitsAnswer,
    warnings: answers.early_warnings as EarlyWarningsAnswer,
  };
}

type OkComparison = Extract<HabitComparison, { status: 'ok' }>;

function comparison(habits: HabitsAnswer, exposure: string, outcome: string): OkComparison {
  if (habits.status !== 'ok') throw new Error(`habits: ${habits.method}`);
  const found = habits.comparisons.find((c) => c.exposure === exposure && c.outcome === outcome);
  if (found?.status !== 'ok') throw new Error(`${exposure}/${outcome}: ${found?.method}`);
  return found;
}

function findings(habits: HabitsAnswer): string[] {
  if (habits.status !== 'ok') return [];
  return habits.comparisons
    .filter((c): c is OkComparison => c.status === 'ok' && c.finding)
    .map(
      (c) => `${c.exposure}/${c.outcome} ${c.difference.toFixed(2)} (n ${c.n_with}/${c.n_without})`,
    );
}

function warningDays(warnings: EarlyWarningsAnswer): Map<Day, string[]> {
  if (warnings.status !== 'ok') throw new Error(`early warnings: ${warnings.method}`);
  return new Map(warnings.warnings.map((w) => [w.day, w.signals.map((s) => s.signal)]));
}

const dayNumber = (day: Day) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/**
 * Days the emulator drew as bad for `seed` (illness, travel, a late party:
 * resting heart rate up to 6 bpm higher, HRV lower, some with fever). They
 * leave the baseline for real, so a warning on one is no false flag. The plan
 * draws a bad day's wellness from 0.05–0.35 and a good one's from 0.45–1
 * (src/emulator/data/plan.ts).
 */
function drawnBadDays(seed: string, days: Iterable<Day>): Set<Day> {
  const plans = new PlanCache(seed);
  return new Set([...days].filter((day) => plans.get(dayNumber(day)).wellness < 0.45));
}

/** Runs `work` over `items`, `width` at a time (each emulator serves one seed). */
async function inBatches<T, R>(items: T[], width: number, work: (item: T) => Promise<R>) {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width) {
    out.push(...(await Promise.all(items.slice(i, i + width).map(work))));
  }
  return out;
}

describe('a planted tag effect', () => {
  // Alcohol every third evening: the next night's HRV 8 ms lower, resting heart rate 3 bpm higher.
  const alcohol: PlantedEffect = {
    kind: 'tag',
    tag: 'tag_generic_alcohol',
    everyNthDay: 3,
    nextNight: { average_hrv: -8, lowest_heart_rate: 3 },
  };

  it('is a finding for next-night HRV and resting heart rate, each interval covering the planted size', async () => {
    const { habits } = insightsOf(await fetchDocuments('user', [alcohol]));
    for (const [outcome, planted] of [
      ['average_hrv', -8],
      ['lowest_heart_rate', 3],
    ] as const) {
      const c = comparison(habits, 'tag:tag_generic_alcohol', outcome);
      console.log(
        `alcohol → ${outcome}: difference ${c.difference.toFixed(2)}, 95 % interval ` +
          `[${c.interval?.low.toFixed(2)}, ${c.interval?.high.toFixed(2)}], n ${c.n_with} with / ` +
          `${c.n_without} without, adjusted p ${c.p_adjusted.toExponential(1)}`,
      );
      expect(c.finding, outcome).toBe(true);
      expect(c.when).toBe('next_night');
      expect(c.interval?.low, outcome).toBeLessThanOrEqual(planted);
      expect(c.interval?.high, outcome).toBeGreaterThanOrEqual(planted);
      // A third of the year's evenings carry the tag (a few more where it was drawn anyway).
      expect(c.n_with).toBeGreaterThanOrEqual(115);
      expect(c.n_with).toBeLessThanOrEqual(140);
      expect(c.n_with + c.n_without).toBeGreaterThanOrEqual(DAYS - 5);
    }
  }, 60_000);
});

describe('a planted illness', () => {
  // A week of fever-like nights ending a month before the last day.
  const illness: PlantedEffect = {
    kind: 'illness',
    startDaysAgo: 40,
    days: 7,
    nights: { temperature_deviation: 0.8, lowest_heart_rate: 6, average_hrv: -10 },
  };
  const stretch = Array.from({ length: 7 }, (_, i) => addDays(TODAY, -40 + i));

  it('is flagged on most of its days, naming its signals, and adds no flag outside it', async () => {
    const [ill, plain] = await Promise.all([
      fetchDocuments('user', [illness]),
      fetchDocuments('user', []),
    ]);
    const flagged = warningDays(insightsOf(ill).warnings);
    const flaggedPlain = warningDays(insightsOf(plain).warnings);
    const inside = stretch.filter((day) => flagged.has(day));
    console.log(
      `illness ${stretch[0]}…${stretch[6]}: flagged ${inside.length}/7: ` +
        inside.map((day) => `${day} ${flagged.get(day)?.join('+')}`).join('; '),
    );
    // Each day's shifts are 3 to 5 of the person's standard deviations on every
    // signal, so two of three clear |z| ≥ 2 almost always; the later days' baselines
    // already hold a few ill days, which may lift one of them back below. Five of
    // seven leaves room for that and still says "this week".
    expect(inside.length).toBeGreaterThanOrEqual(5);
    const named = new Set(inside.flatMap((day) => flagged.get(day) ?? []));
    expect([...named].sort()).toEqual(['hrv', 'resting_heart_rate', 'temperature_deviation']);
    // Outside the week, the planted history is flagged only where the same history
    // without the illness is (the person's own drawn bad days): planting the week
    // raises no flag anywhere else.
    const outside = [...flagged.keys()].filter((day) => !stretch.includes(day));
    console.log(
      `outside the week: ${outside.length} flags, same days as without it: ${outside.every((d) => flaggedPlain.has(d))}`,
    );
    expect(outside.filter((day) => !flaggedPlain.has(day))).toEqual([]);
  }, 60_000);
});

describe('nothing planted, 40 seeds', () => {
  it('shows a habit finding in at most 2 seeds, and early warnings on good days at the rate the threshold implies', async () => {
    const seeds = Array.from({ length: 40 }, (_, i) => `s${i + 1}`);
    const results = await inBatches(seeds, 4, async (seed) => {
      const { habits, warnings } = insightsOf(await fetchDocuments(seed, []));
      const flagged = [...warningDays(warnings).keys()];
      const scored = warnings.status === 'ok' ? warnings.n : 0;
      // Every day has its night, so the scored days are the last `scored` of the range.
      const scoredDays = Array.from({ length: scored }, (_, i) => addDays(TODAY, -i));
      const bad = drawnBadDays(seed, scoredDays);
      return {
        seed,
        found: findings(habits),
        flagged: flagged.length,
        goodDays: scored - bad.size,
        falseFlags: flagged.filter((day) => !bad.has(day)).length,
      };
    });
    for (const r of results) {
      console.log(
        `${r.seed}: habit findings ${r.found.length ? r.found.join(', ') : 'none'}; ` +
          `warnings ${r.flagged}, ${r.falseFlags} of them on the ${r.goodDays} days drawn good`,
      );
    }
    // Benjamini–Hochberg at q = 0.05 holds the chance of any finding on a history
    // with no effect to at most 5 %: 2 of 40 seeds.
    const withFindings = results.filter((r) => r.found.length > 0).map((r) => r.seed);
    expect(
      withFindings.length,
      `seeds with a habit finding: ${withFindings.join(', ')}`,
    ).toBeLessThanOrEqual(2);

    // A good day is flagged when two of its three signals reach z ≥ 2 the unwelcome
    // way; each does so on 2.28 % of days (one-sided normal tail). Independent
    // signals would give 0.16 %, but resting heart rate and HRV move together (in
    // people and in the emulator), and whatever their dependence the chance of
    // two of three is at most 3 × 2.28 % / 2 = 3.4 % (Markov on the count of signals
    // out). Over some 13,000 good days one binomial standard error is about 0.15 %,
    // so the bound is no coin toss.
    const falseFlags = results.reduce((sum, r) => sum + r.falseFlags, 0);
    const goodDays = results.reduce((sum, r) => sum + r.goodDays, 0);
    const rate = falseFlags / goodDays;
    console.log(
      `false warnings: ${falseFlags} of ${goodDays} good days (${(100 * rate).toFixed(2)} %)`,
    );
    expect(rate).toBeLessThanOrEqual(0.034);
  }, 180_000);
});
