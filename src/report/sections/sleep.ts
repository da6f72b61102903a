/** Sleep: each night's stages as stacked bars, total sleep with efficiency, bedtime and wake-up regularity. */
import { align, COLORS, type DayAxis } from '../axis.js';
import type { ChartSpec, Section } from '../model.js';
import type { NightRow } from '../queries.js';
import { extremes, mean, median, stdev } from '../stats.js';
import { clock, duration, round, wallHours } from '../words.js';

const HOUR = 3600;

function column(axis: DayAxis, nights: NightRow[], pick: (n: NightRow) => number | null) {
  return align(axis, new Map(nights.map((n) => [n.day, pick(n)])));
}

function stages(axis: DayAxis, nights: NightRow[]): ChartSpec {
  const hours = (pick: (n: NightRow) => number | null) =>
    column(axis, nights, (n) => {
      const v = pick(n);
      return v === null ? null : round(v / HOUR, 2);
    });
  const avg = (pick: (n: NightRow) => number | null) => mean(nights.map(pick)) ?? 0;
  const total = column(axis, nights, (n) => n.total);
  const ext = extremes(total);
  return {
    id: 'sleep-stages',
    title: 'Sleep stages each night',
    caption:
      `Over ${nights.length} nights you slept ${duration(avg((n) => n.total))} on average: ` +
      `deep ${duration(avg((n) => n.deep))}, REM ${duration(avg((n) => n.rem))}, light ${duration(avg((n) => n.light))}, ` +
      `with ${duration(avg((n) => n.awake))} awake.` +
      (ext
        ? ` The longest night was ${duration(ext.max)} (${axis.days[ext.maxAt]}), the shortest ${duration(ext.min)} (${axis.days[ext.minAt]}).`
        : ''),
    axis: 'day',
    x: axis.x,
    yLabel: 'hours',
    series: [
      {
        label: 'Deep',
        unit: 'h',
        values: hours((n) => n.deep),
        kind: 'stack',
        duration: true,
        color: COLORS.deep,
        decimals: 2,
      },
      {
        label: 'REM',
        unit: 'h',
        values: hours((n) => n.rem),
        kind: 'stack',
        duration: true,
        color: COLORS.rem,
        decimals: 2,
      },
      {
        label: 'Light',
        unit: 'h',
        values: hours((n) => n.light),
        kind: 'stack',
        duration: true,
        color: COLORS.light,
        decimals: 2,
      },
      {
        label: 'Awake',
        unit: 'h',
        values: hours((n) => n.awake),
        kind: 'stack',
        duration: true,
        color: COLORS.awake,
        decimals: 2,
      },
    ],
  };
}

function totalAndEfficiency(axis: DayAxis, nights: NightRow[]): ChartSpec {
  const total = column(axis, nights, (n) => (n.total === null ? null : round(n.total / HOUR, 2)));
  const efficiency = column(axis, nights, (n) => n.efficiency);
  const ext = extremes(total);
  return {
    id: 'sleep-total',
    title: 'Total sleep and efficiency',
    caption:
      `Total sleep averaged ${duration((mean(total) ?? 0) * HOUR)}` +
      (ext ? ` (from ${duration(ext.min * HOUR)} to ${duration(ext.max * HOUR)})` : '') +
      `; sleep efficiency (time asleep in bed) averaged ${round(mean(efficiency) ?? 0)} %.`,
    axis: 'day',
    x: axis.x,
    yLabel: 'hours asleep',
    rightLabel: 'efficiency %',
    series: [
      {
        label: 'Total sleep',
        unit: 'h',
        values: total,
        kind: 'bar',
        color: COLORS.sleep,
        decimals: 2,
        duration: true,
      },
      {
        label: 'Efficiency',
        unit: '%',
        values: efficiency,
        kind: 'line',
        color: COLORS.awake,
        right: true,
      },
    ],
  };
}

function regularity(axis: DayAxis, nights: NightRow[]): ChartSpec {
  const bed = column(axis, nights, (n) =>
    n.bedtime_start ? round(wallHours(n.bedtime_start, true) ?? 0, 3) : null,
  );
  const wake = column(axis, nights, (n) =>
    n.bedtime_end ? round(wallHours(n.bedtime_end, false) ?? 0, 3) : null,
  );
  const spread = (values: (number | null)[]) => Math.round((stdev(values) ?? 0) * 60);
  return {
    id: 'sleep-regularity',
    title: 'Bedtime and wake-up regularity',
    caption:
      `You went to bed at ${clock(median(bed) ?? 0)} as a rule (median), give or take ${spread(bed)} min (standard deviation), ` +
      `and woke up at ${clock(median(wake) ?? 0)}, give or take ${spread(wake)} min.`,
    axis: 'day',
    x: axis.x,
    yLabel: 'time of day',
    series: [
      { label: 'Bedtime', unit: '', values: bed, kind: 'points', color: COLORS.deep, clock: true },
      {
        label: 'Wake-up',
        unit: '',
        values: wake,
        kind: 'points',
        color: COLORS.awake,
        clock: true,
      },
    ],
  };
}

export function sleepSection(axis: DayAxis, nights: NightRow[]): Section | undefined {
  if (nights.length === 0) return undefined;
  return {
    id: 'sleep',
    title: 'Sleep',
    charts: [stages(axis, nights), totalAndEfficiency(axis, nights), regularity(axis, nights)],
  };
}
