/** Activity: steps and active calories per day, and workouts on a calendar. */
import type { DayRange } from '../../calendar/days.js';
import { align, COLORS, type DayAxis } from '../axis.js';
import type { CalendarSpec, ChartSpec, Section } from '../model.js';
import type { DayValues, WorkoutRow } from '../queries.js';
import { extremes, mean } from '../stats.js';
import { count, duration, round } from '../words.js';

function stepsChart(axis: DayAxis, steps: DayValues, calories: DayValues): ChartSpec | undefined {
  if (steps.size === 0 && calories.size === 0) return undefined;
  const s = align(axis, steps);
  const c = align(axis, calories);
  const most = extremes(s);
  return {
    id: 'steps',
    title: 'Steps and active calories per day',
    caption:
      `You walked ${count(mean(s) ?? 0)} steps a day on average` +
      (most ? `, the most ${count(most.max)} on ${axis.days[most.maxAt]}` : '') +
      `; active calories averaged ${count(mean(c) ?? 0)} kcal a day.`,
    axis: 'day',
    x: axis.x,
    yLabel: 'steps',
    rightLabel: 'active kcal',
    series: [
      { label: 'Steps', unit: 'steps', values: s, kind: 'bar', color: COLORS.steps },
      {
        label: 'Active calories',
        unit: 'kcal',
        values: c,
        kind: 'line',
        color: COLORS.calories,
        right: true,
      },
    ],
  };
}

function calendar(range: DayRange, workouts: WorkoutRow[]): CalendarSpec | undefined {
  if (workouts.length === 0) return undefined;
  const byDay = new Map<string, CalendarSpec['days'][number]>();
  const activities = new Map<string, number>();
  let minutes = 0;
  for (const w of workouts) {
    const entry = byDay.get(w.day) ?? { day: w.day, minutes: 0, calories: 0, activities: [] };
    entry.minutes += w.minutes ?? 0;
    entry.calories += round(w.calories ?? 0);
    const name = w.activity ?? 'workout';
    entry.activities.push(name);
    byDay.set(w.day, entry);
    activities.set(name, (activities.get(name) ?? 0) + 1);
    minutes += w.minutes ?? 0;
  }
  const top = [...activities].sort((a, b) => b[1] - a[1]).slice(0, 3);
  return {
    id: 'workouts',
    title: 'Workouts',
    caption:
      `${workouts.length} workouts on ${byDay.size} days, ${duration(minutes * 60)} in all; ` +
      `most often ${top.map(([name, n]) => `${name} (${n})`).join(', ')}.`,
    days: [...byDay.values()],
    start: range.start,
    end: range.end,
  };
}

export function activitySection(
  axis: DayAxis,
  range: DayRange,
  data: { steps: DayValues; calories: DayValues; workouts: WorkoutRow[] },
): Section | undefined {
  const chart = stepsChart(axis, data.steps, data.calories);
  const cal = calendar(range, data.workouts);
  if (!chart && !cal) return undefined;
  return {
    id: 'activity',
    title: 'Activity',
    charts: chart ? [chart] : [],
    ...(cal ? { calendar: cal } : {}),
  };
}
