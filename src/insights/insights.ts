/**
 * Every insight over one range of days, from documents the caller supplies.
 * The CLI, the MCP tool and the report call this and print the answers; each
 * answer carries its n, its interval where it is an estimate, and its method
 * in words, or says "not enough data".
 */
import { addDays, type DayRange } from '../calendar/days.js';
import { type CorrelationsAnswer, laggedCorrelations } from './correlations.js';
import { dailySeries } from './daily-metrics.js';
import { type EarlyWarningsAnswer, earlyWarnings } from './early-warnings.js';
import { type HabitsAnswer, habitEffects } from './habits.js';
import { REGULARITY_DAYS, type RegularityAnswer, regularity } from './regularity.js';
import { NEED_DAYS, type SleepDebtAnswer, sleepDebt } from './sleep-debt.js';
import { type SleepTimingAnswer, sleepTiming, TIMING_DAYS } from './sleep-timing.js';
import { type InsightSource, loadDocuments } from './source.js';
import { CHRONIC_DAYS, dailyLoad, type TrainingLoadAnswer, trainingLoad } from './training-load.js';

/** The insights, by the name `oura insights --kind` takes. */
export const INSIGHT_KINDS = [
  'sleep_debt',
  'regularity',
  'sleep_timing',
  'early_warnings',
  'habits',
  'correlations',
  'training_load',
] as const;

export type InsightKind = (typeof INSIGHT_KINDS)[number];

export interface Insights {
  sleep_debt: SleepDebtAnswer;
  regularity: RegularityAnswer;
  sleep_timing: SleepTimingAnswer;
  early_warnings: EarlyWarningsAnswer;
  habits: HabitsAnswer;
  correlations: CorrelationsAnswer;
  training_load: TrainingLoadAnswer;
}

export interface InsightOptions extends DayRange {
  /** The insights to compute; default all. */
  kinds?: readonly InsightKind[];
  /** Seed of the bootstrap intervals (same seed, same intervals); default 1. */
  seed?: string | number;
  /** Which habit comparisons get a bootstrap interval: `all` (default) or the `findings` only, the rest null. */
  habitIntervals?: 'all' | 'findings';
}

/** The insights that are figures as of `end`, each over its own window of days ending there. */
const AS_OF_END: readonly InsightKind[] = [
  'sleep_debt',
  'regularity',
  'sleep_timing',
  'training_load',
];
/** The longest of those windows: the need's and mid-sleep's 90 days. */
export const AS_OF_END_DAYS = Math.max(NEED_DAYS, REGULARITY_DAYS, TIMING_DAYS, CHRONIC_DAYS);

/**
 * The insights over `start`…`end`. Figures "as of" a day (sleep debt,
 * regularity, timing, training load) are as of `end`, over the days their
 * method names (the need: the 90 days ending on `end`), also when the range
 * is shorter: their documents are read from up to {@link AS_OF_END_DAYS}
 * before `end`. The others use the range's days only.
 */
export function computeInsights(source: InsightSource, options: InsightOptions): Partial<Insights> {
  const { start, end } = options;
  const kinds = options.kinds ?? INSIGHT_KINDS;
  const lookBack = addDays(end, -(AS_OF_END_DAYS - 1));
  const asOfEnd = kinds.some((kind) => AS_OF_END.includes(kind));
  // Early warnings, habits and correlations walk the range's days only: documents before it go unread by them.
  const docs = loadDocuments(source, {
    start: asOfEnd && lookBack < start ? lookBack : start,
    end,
  });
  const series = dailySeries(docs);
  const bootstrap = { seed: options.seed ?? 1 };
  const compute: { [K in InsightKind]: () => Insights[K] } = {
    sleep_debt: () => sleepDebt(series.total_sleep_hours, end),
    regularity: () => regularity(docs.sleep, end),
    sleep_timing: () => sleepTiming(docs.sleep, end, bootstrap),
    early_warnings: () => earlyWarnings(series, start, end),
    habits: () =>
      habitEffects(docs, series, start, end, {
        ...bootstrap,
        intervals: options.habitIntervals ?? 'all',
      }),
    correlations: () => laggedCorrelations(series, start, end),
    training_load: () => trainingLoad(dailyLoad(docs.daily_activity, docs.workout), end),
  };
  const answers: Partial<Insights> = {};
  for (const kind of kinds) {
    (answers as Record<InsightKind, unknown>)[kind] = compute[kind]();
  }
  return answers;
}
