/**
 * Trends over the local history: one value per day for each metric
 * (aggregated per day first, so two sleep periods do not weigh double), then
 * averaged per day, week (from Monday) or month, with a one-line reading of
 * the direction from a least-squares line through the periods.
 */
import type { DayRange } from '../api/days.js';
import type { Db } from '../history/database.js';

interface Metric {
  view: string;
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

export type Period = 'day' | 'week' | 'month';

const PERIOD_SQL: Record<Period, string> = {
  day: 'day',
  // The Monday on or before the day.
  week: "date(day, '-6 days', 'weekday 1')",
  month: 'substr(day, 1, 7)',
};

export interface TrendPoint {
  period: string;
  value: number | null;
  days: number;
}

export interface Trend {
  metric: string;
  points: TrendPoint[];
  reading: string;
}

const round = (n: number) => Math.round(n * 10) / 10;

export function trendOf(db: Db, metric: string, range: DayRange, period: Period): Trend {
  const m = METRICS[metric];
  if (!m) throw new Error(`unknown metric ${metric}`);
  const sql = `WITH daily AS (
    SELECT day, ${m.daily} AS v FROM "${m.view}"
    WHERE day BETWEEN ? AND ?${m.where ? ` AND ${m.where}` : ''} GROUP BY day)
  SELECT ${PERIOD_SQL[period]} AS period, avg(v) AS value, count(v) AS days
  FROM daily WHERE v IS NOT NULL GROUP BY 1 ORDER BY 1`;
  const points = (db.prepare(sql).all(range.start, range.end) as TrendPoint[]).map((p) => ({
    ...p,
    value: p.value === null ? null : round(p.value),
  }));
  return { metric, points, reading: readDirection(metric, m, points) };
}

/** "sleep score rose from 76 to 82 (+8%) over 11 months", from the fitted line's ends. */
function readDirection(name: string, metric: Metric, points: TrendPoint[]): string {
  const values = points.flatMap((p, i) => (p.value === null ? [] : [[i, p.value] as const]));
  if (values.length < 2) return `${metric.description}: not enough data for a trend.`;
  const n = values.length;
  const mx = values.reduce((s, [x]) => s + x, 0) / n;
  const my = values.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = values.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const slope = values.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx;
  const firstX = values[0]?.[0] ?? 0;
  const lastX = values[n - 1]?.[0] ?? 0;
  const from = my + slope * (firstX - mx);
  const to = my + slope * (lastX - mx);
  const change = from === 0 ? 0 : ((to - from) / Math.abs(from)) * 100;
  const span = `${points[0]?.period} to ${points[points.length - 1]?.period}`;
  if (Math.abs(change) < 2) {
    return `${metric.description} (${name}) held steady around ${round(my)}${metric.unit}, ${span}.`;
  }
  const verb = change > 0 ? 'rose' : 'fell';
  return `${metric.description} (${name}) ${verb} from about ${round(from)} to ${round(to)}${metric.unit} (${change > 0 ? '+' : ''}${Math.round(change)}%), ${span}.`;
}
