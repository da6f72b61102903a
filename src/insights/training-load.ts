/**
 * Training load: the acute:chronic workload ratio (Gabbett 2016) of the daily
 * load, the mean over the last 7 days divided by the mean over the last 28
 * (rolling averages, the acute days included in the chronic ones). The load
 * is the day's active calories from daily_activity, which already include
 * workouts; a day without daily_activity takes the sum of its workouts'
 * calories, so a day trained without wearing the ring still counts.
 */

import type { OuraDocument } from '../api/types.js';
import { addDays, type Day } from '../calendar/days.js';
import { mean } from './stats/descriptive.js';
import { type Answer, notEnoughData } from './stats/min-n.js';

export const ACUTE_DAYS = 7;
export const CHRONIC_DAYS = 28;
/** Fewest days with a load in each window. */
export const MIN_ACUTE_DAYS = 5;
export const MIN_CHRONIC_DAYS = 21;

export type TrainingLoadAnswer = Answer<{
  end: Day;
  n_acute: number;
  n_chronic: number;
  acute_kcal: number;
  chronic_kcal: number;
  ratio: number;
}>;

/** Daily load in kcal: active calories, else the day's workout calories. */
export function dailyLoad(
  activity: readonly OuraDocument<'daily_activity'>[],
  workouts: readonly OuraDocument<'workout'>[],
): Map<Day, number> {
  const load = new Map<Day, number>();
  for (const workout of workouts) {
    if (typeof workout.calories !== 'number') continue;
    load.set(workout.day, (load.get(workout.day) ?? 0) + workout.calories);
  }
  for (const doc of activity) {
    if (typeof doc.active_calories === 'number') load.set(doc.day, doc.active_calories);
  }
  return load;
}

/** The acute:chronic ratio as of `end`. */
export function trainingLoad(load: ReadonlyMap<Day, number>, end: Day): TrainingLoadAnswer {
  const window = (days: number) => {
    const values: number[] = [];
    for (let back = 0; back < days; back++) {
      const value = load.get(addDays(end, -back));
      if (value !== undefined) values.push(value);
    }
    return values;
  };
  const acute = window(ACUTE_DAYS);
  const chronic = window(CHRONIC_DAYS);
  const method =
    `Acute:chronic ratio as of ${end}: mean daily load over ${ACUTE_DAYS} days over the mean over ` +
    `${CHRONIC_DAYS} days; load = active calories (workout calories on days without activity data). ` +
    'Around 0.8–1.3 is usual; well above means a sudden rise.';
  return (
    notEnoughData(
      acute.length,
      MIN_ACUTE_DAYS,
      `${method} Days with a load in the last ${ACUTE_DAYS}.`,
    ) ??
    notEnoughData(
      chronic.length,
      MIN_CHRONIC_DAYS,
      `${method} Days with a load in the last ${CHRONIC_DAYS}.`,
    ) ?? {
      status: 'ok',
      method,
      end,
      n_acute: acute.length,
      n_chronic: chronic.length,
      acute_kcal: mean(acute),
      chronic_kcal: mean(chronic),
      ratio: mean(acute) / mean(chronic),
    }
  );
}
