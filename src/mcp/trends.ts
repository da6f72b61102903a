/**
 * Trends over the local history: one value per day for each metric
 * (aggregated per day first, so two sleep periods do not weigh double), then
 * averaged per day, week (from Monday) or month, with a one-line reading of
 * the direction from a least-squares line through the periods. Each period
 * says how many days it rests on and whether only part of it lies inside the
 * asked range and the history, and the line weighs each period by its days.
 */
import type { DayRange } from '../calendar/days.js';
import type { DocumentType } from '../history/schema.js';
import type { StoredHistoryReader } from '../history/store-contract.js';
import type { DataType } from '../oura/data-types.js';
import { dayCount, midpoint, overlap, type Period, periodDays, periodOf } from './trend-periods.js';

export type { Period } from './trend-periods.js';

interface Metric {
  /** The data type the metric reads. */
  view: DocumentType;
  /** The document field it reads (a dotted path for a nested one). */
  field: string;
  /** How one day's documents make the day's value. */
  perDay: 'mean' | 'sum' | 'min';
  /** The day's value is divided by this (seconds to hours). */
  divisor?: number;
  /** Only the main sleep of the night (`type` long_sleep) counts. */
  mainSleepOnly?: boolean;
  unit: string;
  description: string;
  /**
   * A scale centred on zero (a deviation from one's own baseline): a
   * percentage of a value near 0 says nothing ("+1259% from about 0"), so
   * the change is read in the metric's unit, values to two decimals, and
   * one smaller than `steadyWithin` reads as steady.
   */
  zeroCentred?: { steadyWithin: number };
}

export const METRICS: Record<string, Metric> = {
  sleep_score: {
    view: 'daily_sleep',
    field: 'score',
    perDay: 'mean',
    unit: '',
    description: 'sleep score',
  },
  readiness_score: {
    view: 'daily_readiness',
    field: 'score',
    perDay: 'mean',
    unit: '',
    description: 'readiness score',
  },
  activity_score: {
    view: 'daily_activity',
    field: 'score',
    perDay: 'mean',
    unit: '',
    description: 'activity score',
  },
  steps: {
    view: 'daily_activity',
    field: 'steps',
    perDay: 'mean',
    unit: ' steps',
    description: 'steps per day',
  },
  total_sleep_hours: {
    view: 'sleep',
    field: 'total_sleep_duration',
    perDay: 'sum',
    divisor: 3600,
    unit: ' h',
    description: 'hours asleep per day, naps included',
  },
  hrv: {
    view: 'sleep',
    field: 'average_hrv',
    perDay: 'mean',
    mainSleepOnly: true,
    unit: ' ms',
    description: 'average HRV of the main sleep',
  },
  resting_heart_rate: {
    view: 'sleep',
    field: 'lowest_heart_rate',
    perDay: 'min',
    mainSleepOnly: true,
    unit: ' bpm',
    description: 'lowest heart rate of the main sleep',
  },
  temperature_deviation: {
    view: 'daily_readiness',
    field: 'temperature_deviation',
    perDay: 'mean',
    unit: ' °C',
    description: 'skin temperature deviation',
    zeroCentred: { steadyWithin: 0.1 },
  },
  spo2: {
    view: 'daily_spo2',
    field: 'spo2_percentage.average',
    perDay: 'mean',
    unit: '%',
    description: 'average SpO2 asleep',
  },
  stress_high_minutes: {
    view: 'daily_stress',
    field: 'stress_high',
    perDay: 'mean',
    divisor: 60,
    unit: ' min',
    description: 'minutes of high stress',
  },
  vo2_max: {
    view: 'vO2_max',
    field: 'vo2_max',
    perDay: 'mean',
    unit: '',
    description: 'estimated VO2 max',
  },
  active_calories: {
    view: 'daily_activity',
    field: 'active_calories',
    perDay: 'mean',
    unit: ' kcal',
    description: 'active calories',
  },
};

export interface TrendPoint {
  period: string;
  /** Mean of the period's daily values. */
  value: number | null;
  /** n: the days with a value the mean rests on. */
  days: number;
  /** Days of the period inside both the asked range and the history. */
  covered_days: number;
  /** Days the whole period holds: 1, 7, or 28 to 31. */
  period_days: number;
  /** Only part of the period lies inside the asked range and the history. */
  partial: boolean;
}

export interface Trend {
  metric: string;
  /** n: days with a value, over all the periods. */
  days: number;
  points: TrendPoint[];
  reading: string;
}

/** The days the history covers for a data type (first to last committed), if known. */
export type CoverageOf = (type: DataType) => DayRange | undefined;

const round = (n: number) => Math.round(n * 10) / 10;
/** Hundredths, for a deviation from zero (a tenth of a degree is a change there); never -0. */
const hundredths = (n: number) => Math.round(n * 100) / 100 || 0;
/** A value as the metric is read: tenths, or hundredths on a scale centred on zero. */
const roundFor = (metric: Metric, n: number) => (metric.zeroCentred ? hundredths(n) : round(n));

/**
 * One value per day with any: the day's documents' values (those that are
 * numbers) made one by the metric's rule. Read as fields of the documents, so
 * either store of the history answers alike.
 */
async function dailyValues(
  read: Pick<StoredHistoryReader, 'fields'>,
  metric: Metric,
  range: DayRange,
): Promise<Map<string, number>> {
  const fields = metric.mainSleepOnly ? [metric.field, 'type'] : [metric.field];
  const rows = await read.fields(metric.view, fields, range);
  const perDay = new Map<string, number[]>();
  for (const row of rows) {
    const value = row[metric.field];
    if (typeof value !== 'number') continue;
    if (metric.mainSleepOnly && row.type !== 'long_sleep') continue;
    const day = String(row.day);
    const values = perDay.get(day);
    if (values) values.push(value);
    else perDay.set(day, [value]);
  }
  const daily = new Map<string, number>();
  for (const [day, values] of perDay) {
    const value =
      metric.perDay === 'min'
        ? Math.min(...values)
        : metric.perDay === 'sum'
          ? sum(values)
          : sum(values) / values.length;
    daily.set(day, value / (metric.divisor ?? 1));
  }
  return daily;
}

const sum = (values: readonly number[]) => values.reduce((total, v) => total + v, 0);

export async function trendOf(
  read: Pick<StoredHistoryReader, 'fields'>,
  metric: string,
  range: DayRange,
  period: Period,
  coverageOf: CoverageOf,
): Promise<Trend> {
  const m = METRICS[metric];
  if (!m) throw new Error(`unknown metric ${metric}`);
  const perPeriod = new Map<string, number[]>();
  for (const [day, value] of await dailyValues(read, m, range)) {
    const key = periodOf(day, period);
    const values = perPeriod.get(key);
    if (values) values.push(value);
    else perPeriod.set(key, [value]);
  }
  const history = coverageOf(m.view);
  // Days outside what was synced are unknown, not empty; without a record of it, the range is all we know.
  const known = (history && overlap(range, history)) ?? range;
  const placed = [...perPeriod.keys()].sort().map((key) => {
    const values = perPeriod.get(key) as number[];
    const whole = periodDays(key, period);
    const covered = overlap(whole, known);
    const point: TrendPoint = {
      period: key,
      value: roundFor(m, sum(values) / values.length),
      days: values.length,
      covered_days: covered ? dayCount(covered) : 0,
      period_days: dayCount(whole),
      partial: !covered || dayCount(covered) < dayCount(whole),
    };
    // Where on the calendar the values were taken: a partial month's own days, not its middle.
    return { point, x: midpoint(covered ?? whole, range.start) };
  });
  const points = placed.map((p) => p.point);
  return {
    metric,
    days: points.reduce((n, p) => n + p.days, 0),
    points,
    reading: readDirection(metric, m, placed, period),
  };
}

/**
 * "sleep score rose from about 76 to 82 (+8%), 2024-01 to 2024-11. Based on
 * 300 days. Partial months: …", from the ends of a line fitted by least
 * squares with each period weighted by its days, so two days of a month do
 * not pull the line like thirty.
 */
function readDirection(
  name: string,
  metric: Metric,
  placed: { point: TrendPoint; x: number }[],
  period: Period,
): string {
  const values = placed.flatMap(({ point, x }) =>
    point.value === null ? [] : [{ x, y: point.value, w: point.days }],
  );
  const n = values.reduce((sum, v) => sum + v.w, 0);
  const partial = placed.filter(({ point }) => point.partial);
  const basis =
    ` Based on ${n} day${n === 1 ? '' : 's'}.` +
    (partial.length === 0
      ? ''
      : ` Partial ${period}s: ${partial.map(({ point: p }) => `${p.period} (${p.covered_days} of ${p.period_days} days)`).join(', ')}.`);
  if (values.length < 2) return `${metric.description}: not enough data for a trend.${basis}`;
  const mx = values.reduce((s, v) => s + v.w * v.x, 0) / n;
  const my = values.reduce((s, v) => s + v.w * v.y, 0) / n;
  const sxx = values.reduce((s, v) => s + v.w * (v.x - mx) ** 2, 0);
  const slope = values.reduce((s, v) => s + v.w * (v.x - mx) * (v.y - my), 0) / sxx;
  const from = my + slope * ((values[0]?.x ?? mx) - mx);
  const to = my + slope * ((values[values.length - 1]?.x ?? mx) - mx);
  const span = `${placed[0]?.point.period} to ${placed[placed.length - 1]?.point.period}`;
  const signed = (n: number) => `${n > 0 ? '+' : ''}${n}`;
  if (metric.zeroCentred) {
    if (Math.abs(to - from) < metric.zeroCentred.steadyWithin) {
      return `${metric.description} (${name}) held steady around ${hundredths(my)}${metric.unit}, ${span}.${basis}`;
    }
    return `${metric.description} (${name}) ${to > from ? 'rose' : 'fell'} from about ${hundredths(from)} to ${hundredths(to)}${metric.unit} (${signed(hundredths(to - from))}${metric.unit}), ${span}.${basis}`;
  }
  const change = from === 0 ? 0 : ((to - from) / Math.abs(from)) * 100;
  if (Math.abs(change) < 2) {
    return `${metric.description} (${name}) held steady around ${round(my)}${metric.unit}, ${span}.${basis}`;
  }
  const verb = change > 0 ? 'rose' : 'fell';
  return `${metric.description} (${name}) ${verb} from about ${round(from)} to ${round(to)}${metric.unit} (${signed(Math.round(change))}%), ${span}.${basis}`;
}
