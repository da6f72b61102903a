/** Readiness, sleep and activity scores with their 7-day rolling averages; HRV and resting heart rate with baselines. */
import { align, COLORS, type DayAxis, trailingMean } from '../axis.js';
import type { ChartSpec, Section, SeriesSpec } from '../model.js';
import type { DayValues, NightRow } from '../queries.js';
import { mean } from '../stats.js';
import { round } from '../words.js';

/** Oura's baselines are long-term averages; two months is the window the page explains. */
export const BASELINE_DAYS = 60;

function last(values: (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] != null) return values[i] ?? null;
  return null;
}

function scores(
  axis: DayAxis,
  all: { name: string; values: DayValues; color: string }[],
): ChartSpec | undefined {
  // The values reach back before the axis (for the averages); only days on the axis make a series.
  const present = all
    .map((s) => ({ ...s, daily: align(axis, s.values) }))
    .filter((s) => s.daily.some((v) => v !== null));
  if (present.length === 0) return undefined;
  const series: SeriesSpec[] = [];
  const words: string[] = [];
  for (const s of present) {
    const daily = s.daily;
    const avg7 = trailingMean(axis, s.values, 7, 4).map((v) => (v === null ? null : round(v, 1)));
    series.push(
      {
        label: `${s.name} (daily)`,
        unit: '',
        values: daily,
        kind: 'points',
        color: s.color,
        faint: true,
      },
      {
        label: `${s.name}, 7-day average`,
        unit: '',
        values: avg7,
        kind: 'line',
        color: s.color,
        decimals: 1,
      },
    );
    const latest = last(avg7);
    words.push(
      `${s.name.toLowerCase()} ${round(mean(daily) ?? 0)}` +
        (latest === null ? '' : ` (7-day average at the end: ${round(latest)})`),
    );
  }
  return {
    id: 'scores',
    title: 'Scores with their 7-day average',
    caption: `Average scores over the period: ${words.join('; ')}.`,
    axis: 'day',
    x: axis.x,
    yLabel: 'score',
    series,
  };
}

function withBaseline(
  axis: DayAxis,
  spec: { id: string; title: string; name: string; unit: string; color: string },
  byDay: DayValues,
): ChartSpec | undefined {
  const values = align(axis, byDay);
  if (values.every((v) => v === null)) return undefined;
  const baseline = trailingMean(axis, byDay, BASELINE_DAYS, 14).map((v) =>
    v === null ? null : round(v, 1),
  );
  const avg = round(mean(values) ?? 0, 1);
  const end = last(baseline);
  return {
    id: spec.id,
    title: spec.title,
    caption:
      `${spec.name} averaged ${avg} ${spec.unit} over the period` +
      (end === null ? '.' : `; its ${BASELINE_DAYS}-day baseline ended at ${end} ${spec.unit}.`),
    axis: 'day',
    x: axis.x,
    yLabel: spec.unit,
    series: [
      { label: spec.name, unit: spec.unit, values, kind: 'points', color: spec.color },
      {
        label: `${BASELINE_DAYS}-day baseline`,
        unit: spec.unit,
        values: baseline,
        kind: 'line',
        color: COLORS.baseline,
        decimals: 1,
      },
    ],
  };
}

/** The values may reach back before the axis: the 7-day averages count those days too. */
export function scoresSection(
  axis: DayAxis,
  data: { readiness: DayValues; sleep: DayValues; activity: DayValues },
): Section | undefined {
  const chart = scores(axis, [
    { name: 'Readiness', values: data.readiness, color: COLORS.readiness },
    { name: 'Sleep', values: data.sleep, color: COLORS.sleep },
    { name: 'Activity', values: data.activity, color: COLORS.activity },
  ]);
  return chart && { id: 'scores', title: 'Scores', charts: [chart] };
}

/** `nights` may reach back before the axis: the baselines count those nights too. */
export function recoverySection(axis: DayAxis, nights: NightRow[]): Section | undefined {
  const pick = (f: (n: NightRow) => number | null): DayValues =>
    new Map(nights.map((n) => [n.day, f(n)]));
  const charts = [
    withBaseline(
      axis,
      {
        id: 'hrv',
        title: 'Heart rate variability (HRV) at night',
        name: 'HRV',
        unit: 'ms',
        color: COLORS.hrv,
      },
      pick((n) => (n.hrv === null ? null : round(n.hrv))),
    ),
    withBaseline(
      axis,
      {
        id: 'resting-hr',
        title: 'Resting heart rate (lowest at night)',
        name: 'Resting heart rate',
        unit: 'bpm',
        color: COLORS.heart,
      },
      pick((n) => n.lowest_hr),
    ),
  ].filter((c): c is ChartSpec => c !== undefined);
  return charts.length
    ? { id: 'recovery', title: 'HRV and resting heart rate', charts }
    : undefined;
}
