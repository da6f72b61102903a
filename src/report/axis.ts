/** The day axis every daily chart shares: each day of the range, in order, missing days as null. */
import { addDays, type DayRange, daysBetween } from '../calendar/days.js';
import { type Maybe, rolling } from './stats.js';

export interface DayAxis {
  days: string[];
  /** Seconds since the epoch at UTC midnight: the page draws days in UTC so every viewer sees the same dates. */
  x: number[];
}

export function dayAxis(range: DayRange): DayAxis {
  const days: string[] = [];
  for (let i = 0; i <= daysBetween(range.start, range.end); i++) days.push(addDays(range.start, i));
  return { days, x: days.map((day) => Date.parse(`${day}T00:00:00Z`) / 1000) };
}

export function align(axis: DayAxis, values: ReadonlyMap<string, Maybe>): Maybe[] {
  return axis.days.map((day) => values.get(day) ?? null);
}

/**
 * The trailing mean over `window` days at each day of the axis, counting the
 * days before the axis starts too: the first days of a range get their
 * average from the history before it, instead of none.
 */
export function trailingMean(
  axis: DayAxis,
  values: ReadonlyMap<string, Maybe>,
  window: number,
  minimum: number,
): Maybe[] {
  const first = axis.days[0];
  const last = axis.days[axis.days.length - 1];
  if (first === undefined || last === undefined) return [];
  const lead = window - 1;
  const extended = dayAxis({ start: addDays(first, -lead), end: last });
  return rolling(align(extended, values), window, minimum).slice(lead);
}

/** Colours that read on both a light and a dark background. */
export const COLORS = {
  deep: '#3b4cc0',
  rem: '#7b61c9',
  light: '#5fa8d3',
  awake: '#e8a33d',
  readiness: '#2a9d8f',
  sleep: '#5b6ee1',
  activity: '#e07a2f',
  hrv: '#2a9d8f',
  heart: '#d1495b',
  baseline: '#8a8f98',
  steps: '#e07a2f',
  calories: '#c05299',
  stress: '#d1495b',
  recovery: '#2a9d8f',
  spo2: '#5b6ee1',
  other: '#8a6d3b',
} as const;
