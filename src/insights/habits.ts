/**
 * What a habit does: for each exposure on an evening (a tag, a workout type, a
 * late workout, going to bed after midnight), the next night's and the next
 * day's metrics on evenings with it versus evenings without it. Each
 * comparison gives the difference of means, Hedges' g, a 95 % percentile
 * bootstrap interval, n on each side, and Welch's p adjusted for the number of
 * comparisons made (Benjamini–Hochberg), so one lucky tag among twenty is not
 * reported as a finding.
 */
import { addDays, type Day } from '../calendar/days.js';
import { type DailyMetric, type DailySeries, mainSleeps } from './daily-metrics.js';
import { aligned, daysFrom } from './day-index.js';
import { parseLocalTime } from './local-time.js';
import type { InsightDocuments } from './source.js';
import {
  type BootstrapOptions,
  bootstrapMeanDifference,
  type Interval,
} from './stats/bootstrap.js';
import { mean } from './stats/descriptive.js';
import { hedgesG } from './stats/effect-size.js';
import { benjaminiHochberg } from './stats/fdr.js';
import { type Answer, notEnoughData } from './stats/min-n.js';
import { welchTTest } from './stats/welch.js';

/**
 * Fewest evenings on each side of a comparison. Welch's p leans on the small
 * side's own spread: a handful of evenings that happen to miss the person's
 * occasional bad nights look tight and "significant". With 8 the emulator's
 * histories without effects gave p < 0.001 four times in 715 small-group
 * comparisons (0.7 expected) and findings in 3 of 40 seeds; with 20, none
 * such and 2 (test/insights-planted.test.ts).
 */
export const MIN_GROUP_N = 20;
/** The false discovery rate the comparisons are held to. */
export const FDR_Q = 0.05;
/** A workout ending at or after this local time (minutes after midnight) is late. */
export const LATE_WORKOUT_MINUTES = 20 * 60;

/** The outcomes compared, all read on the day after the evening. */
export const HABIT_OUTCOMES: readonly { metric: DailyMetric; when: 'next_night' | 'next_day' }[] = [
  { metric: 'average_hrv', when: 'next_night' },
  { metric: 'lowest_heart_rate', when: 'next_night' },
  { metric: 'total_sleep_hours', when: 'next_night' },
  { metric: 'sleep_score', when: 'next_day' },
  { metric: 'readiness_score', when: 'next_day' },
];

/**
 * The evenings of each exposure: `tag:<tag_type_code>` (a custom tag by its
 * name), `workout:<activity>`, `late_workout` and `bedtime_after_midnight`
 * (the night filed under the next day began on that day's calendar date).
 */
export function exposures(docs: InsightDocuments): Map<string, Set<Day>> {
  const evenings = new Map<string, Set<Day>>();
  const add = (name: string, day: Day) => {
    const days = evenings.get(name) ?? new Set<Day>();
    days.add(day);
    evenings.set(name, days);
  };
  for (const tag of docs.enhanced_tag) {
    const code = tag.tag_type_code && tag.tag_type_code !== 'custom' ? tag.tag_type_code : null;
    add(`tag:${code ?? tag.custom_name ?? 'custom'}`, tag.start_day);
  }
  for (const workout of docs.workout) {
    add(`workout:${workout.activity}`, workout.day);
    const end = parseLocalTime(workout.end_datetime);
    if (end && (end.day > workout.day || end.minutes >= LATE_WORKOUT_MINUTES)) {
      add('late_workout', workout.day);
    }
  }
  for (const [day, sleep] of mainSleeps(docs.sleep)) {
    if (parseLocalTime(sleep.bedtime_start)?.day === day)
      add('bedtime_after_midnight', addDays(day, -1));
  }
  return evenings;
}

/** The figures of one comparison. */
export interface ComparisonFigures {
  n_with: number;
  n_without: number;
  mean_with: number;
  mean_without: number;
  /** Mean with minus mean without. */
  difference: number;
  hedges_g: number | null;
  /** Null only when the caller asked for the findings' intervals alone (see {@link HabitOptions}). */
  interval: Interval | null;
  /** Welch's two-sided p, and the same adjusted across every comparison made. */
  p: number;
  p_adjusted: number;
  /** True when p_adjusted ≤ the FDR q. */
  finding: boolean;
}

export type HabitComparison = {
  exposure: string;
  outcome: DailyMetric;
  when: string;
} & Answer<ComparisonFigures>;

export type HabitsAnswer = Answer<{ start: Day; end: Day; comparisons: HabitComparison[] }>;

/** How the comparisons are made: the bootstrap's seed, and which comparisons get an interval. */
export interface HabitOptions extends BootstrapOptions {
  /**
   * `all` (default), or `findings`: the intervals of the comparisons that are
   * findings only, the others null. The bootstraps are most of the time habits
   * take; a reader that shows only the findings (the report) need not pay for
   * the rest. A finding's interval is the same either way.
   */
  intervals?: 'all' | 'findings';
}

/**
 * One comparison's figures; the interval, p_adjusted and finding are filled in
 * once all are made.
 */
function compare(withIt: number[], without: number[]): Answer<ComparisonFigures> {
  const counted = `${withIt.length} evenings with, ${without.length} without.`;
  const refusal = notEnoughData(Math.min(withIt.length, without.length), MIN_GROUP_N, counted);
  if (refusal) return refusal;
  const test = welchTTest(withIt, without);
  // Both sides constant: no spread to judge a difference by.
  if (!test)
    return {
      status: 'not_enough_data',
      n: 0,
      needed: 2,
      method: `${counted} No variation on either side.`,
    };
  return {
    status: 'ok',
    method: counted,
    n_with: withIt.length,
    n_without: without.length,
    mean_with: mean(withIt),
    mean_without: mean(without),
    difference: mean(withIt) - mean(without),
    hedges_g: hedgesG(withIt, without),
    interval: null,
    p: test.p,
    p_adjusted: Number.NaN,
    finding: false,
  };
}

/** Every exposure × outcome comparison over the evenings `start`…`end − 1`. */
export function habitEffects(
  docs: InsightDocuments,
  series: DailySeries,
  start: Day,
  end: Day,
  options: HabitOptions = {},
): HabitsAnswer {
  const { intervals = 'all', ...bootstrap } = options;
  const method =
    `Evenings ${start}…${addDays(end, -1)} with vs without each exposure; outcome the next night or day. ` +
    `Difference of means, Hedges' g, 95 % percentile bootstrap interval, Welch p adjusted by ` +
    `Benjamini–Hochberg over all comparisons (finding: adjusted p ≤ ${FDR_Q}); at least ` +
    `${MIN_GROUP_N} evenings each side.`;
  const comparisons: HabitComparison[] = [];
  /** The comparisons with figures, and their groups for the bootstrap. */
  const tested: { index: number; p: number; groups: [number[], number[]]; seed: string }[] = [];
  const names = [...exposures(docs)].sort(([a], [b]) => (a < b ? -1 : 1));
  const days = daysFrom(start, end);
  const outcomes = HABIT_OUTCOMES.map((o) => ({ ...o, values: aligned(series[o.metric], days) }));
  // Without evenings enough for both sides of any comparison, there is nothing to say.
  // The last day has no next day in the range: it is no evening.
  const scorable = days
    .slice(0, -1)
    .filter((_, i) => outcomes.some(({ values }) => !Number.isNaN(values[i + 1] as number)));
  const refusal = notEnoughData(
    scorable.length,
    2 * MIN_GROUP_N,
    `${method} Evenings with a next-day outcome counted.`,
  );
  if (refusal) return refusal;
  for (const [exposure, evenings] of names) {
    const exposed = days.map((day) => evenings.has(day));
    for (const { metric, when, values } of outcomes) {
      const withIt: number[] = [];
      const without: number[] = [];
      // Evening i, outcome on day i + 1.
      for (let i = 0; i + 1 < days.length; i++) {
        const value = values[i + 1] as number;
        if (!Number.isNaN(value)) (exposed[i] ? withIt : without).push(value);
      }
      const figures = compare(withIt, without);
      if (figures.status === 'ok') {
        const seed = `${bootstrap.seed ?? 1}|${exposure}|${metric}`;
        tested.push({ index: comparisons.length, p: figures.p, groups: [withIt, without], seed });
      }
      comparisons.push({
        exposure,
        outcome: metric,
        when,
        ...figures,
        method: `${metric} (${when.replace('_', ' ')}) after evenings with vs without ${exposure}: ${figures.method}`,
      });
    }
  }
  const adjusted = benjaminiHochberg(tested.map(({ p }) => p));
  tested.forEach(({ index, groups: [withIt, without], seed }, k) => {
    const comparison = comparisons[index];
    if (comparison?.status !== 'ok') return;
    comparison.p_adjusted = adjusted[k] as number;
    comparison.finding = comparison.p_adjusted <= FDR_Q;
    // Each comparison's own seed: its interval does not depend on which others were bootstrapped.
    if (intervals === 'all' || comparison.finding) {
      comparison.interval = bootstrapMeanDifference(withIt, without, { ...bootstrap, seed });
    }
  });
  return { status: 'ok', method, start, end, comparisons };
}
