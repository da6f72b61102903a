/**
 * Every insight over one range of days, from documents the caller supplies.
 * The CLI, the MCP tool and the report call this and print the answers; each
 * answer carries its n, its interval where it is an estimate, and its method
 * in words, or says "not enough data".
 */
import type { DayRange } from '../calendar/days.js';
import { type CorrelationsAnswer, laggedCorrelations } from './correlations.js';
import { dailySeries } from './daily-metrics.js';
import { type EarlyWarningsAnswer, earlyWarnings } from './early-warnings.js';
import { type HabitsAnswer, habitEffects } from './habits.js';
import { type RegularityAnswer, regularity } from './regularity.js';
import { type SleepDebtAnswer, sleepDebt } from './sleep-debt.js';
import { type SleepTimingAnswer, sleepTiming } from './sleep-timing.js';
import { type InsightSource, loadDocuments } from './source.js';
import { dailyLoad, type TrainingLoadAnswer, trainingLoad } from './training-load.js';

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
}

/**
 * The insights over `start`…`end`. Figures "as of" a day (sleep debt,
 * regularity, timing, training load) are as of `end`; the others use the
 * whole range. Only documents of the range are read.
 */
export function computeInsights(source: InsightSource, options: InsightOptions): Partial<Insights> {
  const { start, end } = options;
  const docs = loadDocuments(source, { start, end });
  const series = dailySeries(docs);
  const bootstrap = { seed: options.seed ?? 1 };
  const compute: { [K in InsightKind]: () => Insights[K] } = {
    sleep_debt: () => sleepDebt(series.total_sleep_hours, end),
    regularity: () => regularity(docs.sleep, end),
    sleep_timing: () => sleepTiming(docs.sleep, end, bootstrap),
    early_warnings: () => earlyWarnings(series, start, end),
    habits: () => habitEffects(docs, series, start, end, bootstrap),
    correlations: () => laggedCorrelations(series, start, end),
    training_load: () => trainingLoad(dailyLoad(docs.daily_activity, docs.workout), end),
  };
  const answers: Partial<Insights> = {};
  for (const kind of options.kinds ?? INSIGHT_KINDS) {
    (answers as Record<InsightKind, unknown>)[kind] = compute[kind]();
  }
  return answers;
}
