/**
 * Trends over the local history: one value per day for each metric
 * (aggregated per day first, so two sleep periods do not weigh double), then
 * averaged per day, week (from Monday) or month, with a one-line reading of
 * the direction from a least-squares line through the periods. Each period
 * says how many days it rests on and whether only part of it lies inside the
 * asked range and the history, and the line weighs each period by its days.
 */
import type { DayRange } from '../calendar/days.js';
import type { HistoryReader } from '../history/history.js';
import type { DataType } from '../oura/data-types.js';
import {
  dayCount,
  midpoint,
  overlap,
  PERIOD_SQL,
  type Period,
  periodDays,
} from './trend-periods.js';

export type { Period } from './trend-periods.js';

interface Metric {
  /** The view (named as its data type) the metric reads. */
  view: DataType;
  /** SQL over the view's columns giving one value per day. */
  daily: string;
  where?: string;
  unit: string;
  description: string;
}

export const METRICS: Record<string, Metric> = {
  sleep_score: { view: 'daily_sleep', daily: 'avg(score)', unit: '', description: 'sleep score' },
  readiness_score: {
    view: 'daily_readiness',
    daily: 'avg(score)',
    unit: '',
    description: 'readiness score',
  },
  activity_score: {
    view: 'daily_activity',
    daily: 'avg(score)',
    unit: '',
    description: 'activity score',
  },
  steps: {
    view: 'daily_activity',
    daily: 'avg(steps)',
    unit: ' steps',
    description: 'steps per day',
  },
  total_sleep_hours: {
    view: 'sleep',
    daily: 'sum(total_sleep_duration) / 3600.0',
    unit: ' h',
    description: 'hours asleep per day, naps included',
  },
  hrv: {
    view: 'sleep',
    daily: 'avg(average_hrv)',
    where: "type = 'long_sleep'",
    unit: ' ms',
    description: 'average HRV of the main sleep',
  },
  resting_heart_rate: {
    view: 'sleep',
    daily: 'min(lowest_heart_rate)',
    where: "type = 'long_sleep'",
    unit: ' bpm',
    description: 'lowest heart rate of the main sleep',
  },
  temperature_deviation: {
    view: 'daily_readiness',
    daily: 'avg(temperature_deviation)',
    unit: ' °C',
    description: 'skin temperature deviation',
  },
  spo2: {
    view: 'daily_spo2',
    daily: 'avg(spo2_average)',
    unit: '%',
    description: 'average SpO2 asleep',
  },
  stress_high_minutes: {
    view: 'daily_stress',
    daily: 'avg(stress_high) / 60.0',
    unit: ' min',
    description: 'minutes of high stress',
  },
  vo2_max: { view: 'vO2_max', daily: 'avg(vo2_max)', unit: '', description: 'estimated VO2 max' },
  active_calories: {
    view: 'daily_activity',
    daily: 'avg(active_calories)',
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

export function trendOf(
  read: HistoryReader,
  metric: string,
  range: DayRange,
  period: Period,
  coverageOf: CoverageOf,
): Trend {
  const m = METRICS[metric];
  if (!m) throw new Error(`unknown metric ${metric}`);
  const sql = `WITH daily AS (
    SELECT day, ${m.daily} AS v FROM "${m.view}"
    WHERE day BETWEEN ? AND ?${m.where ? ` AND ${m.where}` : ''} GROUP BY day)
  SELECT ${PERIOD_SQL[period]} AS period, avg(v) AS value, count(v) AS days
  FROM daily WHERE v IS NOT NULL GROUP BY 1 ORDER BY 1`;
  const history = coverageOf(m.view);
  // Days outside what was synced are unknown, not empty; without a record of it, the range is all we know.
  const known = (history && overlap(range, history)) ?? range;
  const rows = read.all<{ period: string; value: number | null; days: number }>(
    sql,
    range.start,
    range.end,
  );
  const placed = rows.map((row) => {
    const whole = periodDays(row.period, period);
    const covered = overlap(whole, known);
    const point: TrendPoint = {
      period: row.period,
      value: row.value === null ? null : round(row.value),
      days: row.days,
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
  const change = from === 0 ? 0 : ((to - from) / Math.abs(from)) * 100;
  const span = `${placed[0]?.point.period} to ${placed[placed.length - 1]?.point.period}`;
  if (Math.abs(change) < 2) {
    return `${metric.description} (${name}) held steady around ${round(my)}${metric.unit}, ${span}.${basis}`;
  }
  const verb = change > 0 ? 'rose' : 'fell';
  return `${metric.description} (${name}) ${verb} from about ${round(from)} to ${round(to)}${metric.unit} (${change > 0 ? '+' : ''}${Math.round(change)}%), ${span}.${basis}`;
}
