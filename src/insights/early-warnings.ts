/**
 * Early warnings: days when body temperature, resting heart rate and HRV
 * together leave the person's own recent range, the pattern that often comes
 * with the start of an infection, heavy strain or a bad night out. Each signal
 * is scored against the previous 28 days with a robust z-score (median and
 * MAD, so earlier odd days do not hide today's); a day is flagged when at
 * least two signals are out in the unwelcome direction.
 */
import type { Day } from '../calendar/days.js';
import type { DailySeries } from './daily-metrics.js';
import { aligned, daysFrom } from './day-index.js';
import { type Answer, notEnoughData } from './stats/min-n.js';
import { robustZ } from './stats/robust.js';

/** Days of baseline before each scored day. */
export const BASELINE_DAYS = 28;
/** Fewest baseline values for a signal to be scored. */
export const MIN_BASELINE_VALUES = 14;
/** |z| at or beyond which a signal counts as out of range. */
export const Z_THRESHOLD = 2;
/** Signals out together that make a warning. */
export const MIN_SIGNALS = 2;
/** Fewest scored days for the insight. */
export const MIN_SCORED_DAYS = 7;

/** The signals, their daily metric and the direction that is unwelcome (+1: up). */
export const WARNING_SIGNALS = [
  { signal: 'temperature_deviation', metric: 'temperature_deviation', direction: 1 },
  { signal: 'resting_heart_rate', metric: 'lowest_heart_rate', direction: 1 },
  { signal: 'hrv', metric: 'average_hrv', direction: -1 },
] as const;

export type WarningSignal = (typeof WARNING_SIGNALS)[number]['signal'];

export interface WarningDay {
  day: Day;
  /** The signals out of range, with their robust z-scores. */
  signals: { signal: WarningSignal; value: number; z: number }[];
}

export const NOT_A_DIAGNOSIS =
  'Not a diagnosis: these days differ from your own recent baseline, which illness, alcohol, travel, ' +
  'hard training or a measuring problem can all cause.';

export type EarlyWarningsAnswer = Answer<{
  start: Day;
  end: Day;
  /** Days scored (at least two signals had a baseline). */
  n: number;
  warnings: WarningDay[];
  disclaimer: string;
}>;

/** Each signal's values on the range's days (NaN where missing). */
type SignalValues = { signal: WarningSignal; direction: number; values: Float64Array }[];

/** Robust z of each signal on day `i` against the {@link BASELINE_DAYS} before it, where scorable. */
function signalScores(
  signals: SignalValues,
  i: number,
): { signal: WarningSignal; value: number; z: number; direction: number }[] {
  const scores = [];
  for (const { signal, direction, values } of signals) {
    const value = values[i] as number;
    if (Number.isNaN(value)) continue;
    const baseline: number[] = [];
    for (let back = Math.max(0, i - BASELINE_DAYS); back < i; back++) {
      const earlier = values[back] as number;
      if (!Number.isNaN(earlier)) baseline.push(earlier);
    }
    if (baseline.length < MIN_BASELINE_VALUES) continue;
    const z = robustZ(value, baseline);
    if (z !== null) scores.push({ signal, value, z, direction });
  }
  return scores;
}

/** Warning days from `start` to `end`. */
export function earlyWarnings(series: DailySeries, start: Day, end: Day): EarlyWarningsAnswer {
  const warnings: WarningDay[] = [];
  let scored = 0;
  const days = daysFrom(start, end);
  const signals = WARNING_SIGNALS.map(({ signal, metric, direction }) => ({
    signal,
    direction,
    values: aligned(series[metric], days),
  }));
  for (const [i, day] of days.entries()) {
    const scores = signalScores(signals, i);
    if (scores.length < MIN_SIGNALS) continue;
    scored++;
    const out = scores.filter(({ z, direction }) => z * direction >= Z_THRESHOLD);
    if (out.length >= MIN_SIGNALS) {
      warnings.push({ day, signals: out.map(({ signal, value, z }) => ({ signal, value, z })) });
    }
  }
  const method =
    `Each day's temperature deviation, resting heart rate (lowest of the main sleep) and HRV are scored ` +
    `against the previous ${BASELINE_DAYS} days (robust z = (x − median) / (1.4826·MAD), at least ` +
    `${MIN_BASELINE_VALUES} values); a day is flagged when ${MIN_SIGNALS} or more are ${Z_THRESHOLD} or ` +
    'more beyond it (temperature or heart rate up, HRV down).';
  return (
    notEnoughData(scored, MIN_SCORED_DAYS, method) ?? {
      status: 'ok',
      method,
      start,
      end,
      n: scored,
      warnings,
      disclaimer: NOT_A_DIAGNOSIS,
    }
  );
}
