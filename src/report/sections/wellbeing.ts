/** Stress and resilience, SpO2 and breathing disturbance, cardiovascular age and VO2 max, where the history has them. */
import { align, COLORS, type DayAxis } from '../axis.js';
import type { ChartSpec, Section } from '../model.js';
import type { DayValues } from '../queries.js';
import { mean, present } from '../stats.js';
import { count, round } from '../words.js';

/** Oura's resilience levels, lowest first, drawn as 1..5. */
const LEVELS = ['limited', 'adequate', 'solid', 'strong', 'exceptional'];

const minutes = (values: DayValues): DayValues =>
  new Map([...values].map(([day, v]) => [day, v === null ? null : round(v / 60)]));

export function stressSection(
  axis: DayAxis,
  data: { stress: DayValues; recovery: DayValues; resilience: Map<string, string | null> },
): Section | undefined {
  const charts: ChartSpec[] = [];
  if (data.stress.size > 0 || data.recovery.size > 0) {
    const stress = align(axis, minutes(data.stress));
    const recovery = align(axis, minutes(data.recovery));
    charts.push({
      id: 'stress',
      title: 'Time in high stress and in recovery',
      caption: `On average ${count(mean(stress) ?? 0)} min a day in high stress and ${count(mean(recovery) ?? 0)} min in recovery.`,
      axis: 'day',
      x: axis.x,
      yLabel: 'minutes',
      series: [
        { label: 'High stress', unit: 'min', values: stress, kind: 'bar', color: COLORS.stress },
        { label: 'Recovery', unit: 'min', values: recovery, kind: 'line', color: COLORS.recovery },
      ],
    });
  }
  if (data.resilience.size > 0) {
    const tally = new Map<string, number>();
    for (const level of data.resilience.values())
      if (level) tally.set(level, (tally.get(level) ?? 0) + 1);
    const ranked = [...tally].sort((a, b) => b[1] - a[1]);
    const numeric = new Map(
      [...data.resilience].map(([day, level]) => {
        const index = level ? LEVELS.indexOf(level) : -1;
        return [day, index < 0 ? null : index + 1];
      }),
    );
    charts.push({
      id: 'resilience',
      title: 'Resilience level',
      caption:
        `Resilience was most often ${ranked[0]?.[0] ?? 'unknown'} (${ranked[0]?.[1] ?? 0} days)` +
        `${ranked
          .slice(1)
          .map(([level, n]) => `, ${level} ${n} days`)
          .join('')}. ` +
        `Levels are drawn 1 to 5: ${LEVELS.join(', ')}.`,
      axis: 'day',
      x: axis.x,
      yLabel: 'level (1–5)',
      series: [
        {
          label: 'Resilience level',
          unit: '',
          values: align(axis, numeric),
          kind: 'points',
          color: COLORS.recovery,
        },
      ],
    });
  }
  return charts.length ? { id: 'stress', title: 'Stress and resilience', charts } : undefined;
}

export function spo2Section(axis: DayAxis, spo2: DayValues, bdi: DayValues): Section | undefined {
  if (spo2.size === 0 && bdi.size === 0) return undefined;
  const s = align(axis, spo2).map((v) => (v === null ? null : round(v, 1)));
  const b = align(axis, bdi);
  const xs = present(s);
  return {
    id: 'spo2',
    title: 'Blood oxygen and breathing',
    charts: [
      {
        id: 'spo2',
        title: 'SpO2 and breathing disturbance at night',
        caption:
          `Average blood oxygen (SpO2) was ${round(mean(s) ?? 0, 1)} %` +
          (xs.length ? ` (from ${Math.min(...xs)} to ${Math.max(...xs)} %)` : '') +
          `; the breathing disturbance index averaged ${round(mean(b) ?? 0, 1)}.`,
        axis: 'day',
        x: axis.x,
        yLabel: 'SpO2 %',
        rightLabel: 'disturbance index',
        series: [
          { label: 'SpO2', unit: '%', values: s, kind: 'line', color: COLORS.spo2, decimals: 1 },
          {
            label: 'Breathing disturbance index',
            unit: '',
            values: b,
            kind: 'points',
            color: COLORS.awake,
            right: true,
          },
        ],
      },
    ],
  };
}

/** A single slowly changing value (cardiovascular age, VO2 max): first and last reading in words. */
export function singleValueSection(
  axis: DayAxis,
  spec: { id: string; title: string; name: string; unit: string },
  values: DayValues,
): Section | undefined {
  const v = align(axis, values);
  const readings = v.flatMap((x, i) => (x === null ? [] : [{ x, day: axis.days[i] }]));
  const first = readings[0];
  const final = readings[readings.length - 1];
  if (!first || !final) return undefined;
  return {
    id: spec.id,
    title: spec.title,
    charts: [
      {
        id: spec.id,
        title: spec.title,
        caption: `${spec.name} went from ${first.x} ${spec.unit} on ${first.day} to ${final.x} ${spec.unit} on ${final.day} (${readings.length} readings).`,
        axis: 'day',
        x: axis.x,
        yLabel: spec.unit,
        series: [
          { label: spec.name, unit: spec.unit, values: v, kind: 'line', color: COLORS.other },
        ],
      },
    ],
  };
}
