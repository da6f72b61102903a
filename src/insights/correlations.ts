/**
 * Lagged correlations between daily metrics: Spearman's rho of metric A on a
 * day with metric B the same day, one day or two days later, for every pair.
 * Scanning ~180 pairs finds some by chance, so the p-values are adjusted by
 * Benjamini–Hochberg and only pairs whose adjusted p is at most q = 0.05 are
 * reported.
 */
import type { Day } from '../calendar/days.js';
import { DAILY_METRICS, type DailyMetric, type DailySeries } from './daily-metrics.js';
import { aligned, daysFrom } from './day-index.js';
import { benjaminiHochberg } from './stats/fdr.js';
import type { Answer } from './stats/min-n.js';
import { spearman } from './stats/spearman.js';

export const LAGS = [0, 1, 2] as const;
/** Fewest paired days for a pair to be tested. */
export const MIN_PAIRS = 20;
/** The false discovery rate. */
export const CORRELATION_Q = 0.05;

export interface LaggedCorrelation {
  /** The metric on the first day. */
  a: DailyMetric;
  /** The metric `lag` days later. */
  b: DailyMetric;
  lag: number;
  n: number;
  rho: number;
  p: number;
  p_adjusted: number;
}

export type CorrelationsAnswer = Answer<{
  start: Day;
  end: Day;
  /** Pairs tested (enough paired days); survivors are among them. */
  tested: number;
  /** Pairs whose BH-adjusted p ≤ q, strongest evidence first. */
  survivors: LaggedCorrelation[];
}>;

/** The pairs scanned: same-day pairs once, lagged pairs in both directions, never a metric with itself. */
export function metricPairs(): { a: DailyMetric; b: DailyMetric; lag: number }[] {
  const pairs = [];
  for (const lag of LAGS) {
    for (const [i, a] of DAILY_METRICS.entries()) {
      for (const [j, b] of DAILY_METRICS.entries()) {
        if (i === j || (lag === 0 && j < i)) continue;
        pairs.push({ a, b, lag });
      }
    }
  }
  return pairs;
}

/** Spearman correlations of every pair and lag over `start`…`end`, BH-filtered. */
export function laggedCorrelations(series: DailySeries, start: Day, end: Day): CorrelationsAnswer {
  const tested: Omit<LaggedCorrelation, 'p_adjusted'>[] = [];
  let mostPairs = 0;
  const days = daysFrom(start, end);
  const values = Object.fromEntries(DAILY_METRICS.map((m) => [m, aligned(series[m], days)]));
  for (const { a, b, lag } of metricPairs()) {
    const first = values[a] as Float64Array;
    const later = values[b] as Float64Array;
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i + lag < days.length; i++) {
      const u = first[i] as number;
      const v = later[i + lag] as number;
      if (Number.isNaN(u) || Number.isNaN(v)) continue;
      x.push(u);
      y.push(v);
    }
    mostPairs = Math.max(mostPairs, x.length);
    if (x.length < MIN_PAIRS) continue;
    const result = spearman(x, y);
    if (result) tested.push({ a, b, lag, ...result });
  }
  const adjusted = benjaminiHochberg(tested.map(({ p }) => p));
  const survivors = tested
    .map((pair, k) => ({ ...pair, p_adjusted: adjusted[k] as number }))
    .filter(({ p_adjusted }) => p_adjusted <= CORRELATION_Q)
    .sort((u, v) => u.p_adjusted - v.p_adjusted || u.p - v.p);
  const method =
    `Spearman's rho of metric A on a day with metric B 0, 1 or 2 days later, ${start}…${end}, for ` +
    `every pair with at least ${MIN_PAIRS} paired days; p from the t approximation, adjusted by ` +
    `Benjamini–Hochberg over all ${tested.length} pairs tested; only adjusted p ≤ ${CORRELATION_Q} reported.`;
  if (tested.length === 0) {
    return { status: 'not_enough_data', n: mostPairs, needed: MIN_PAIRS, method };
  }
  return { status: 'ok', method, start, end, tested: tested.length, survivors };
}
