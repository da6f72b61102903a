import { clampInt } from '../prng.js';
import { localIso, MINUTE_MS } from '../time.js';
import { type Doc, type DocBuilder, type DocContext, documentId, prngFor } from './context.js';
import type { DayPlan } from './plan.js';
import { dayOf, dayTimestamp, scoreFor } from './sleep.js';

/**
 * Movement: `daily_activity` (an activity day runs 04:00 to 04:00 local, as
 * Oura's does: `met` has one value per minute, 1440, and `class_5_min` one
 * char per 5 minutes, 288), `workout`, `vO2_max` and cardiovascular age.
 */

const ACTIVITY_DAY_START_MIN = 4 * 60;

function inside(t: number, spans: { start: number; end: number }[]): boolean {
  for (const span of spans) if (t >= span.start && t < span.end) return true;
  return false;
}

function minuteMets(ctx: DocContext, next: DayPlan): number[] {
  const prng = prngFor(ctx, 'daily_activity:met');
  const start = ctx.plan.midnight + ACTIVITY_DAY_START_MIN * MINUTE_MS;
  const sleeping = [ctx.plan.night, next.night, ...(ctx.plan.nap ? [ctx.plan.nap] : [])];
  const mets: number[] = [];
  // How busy the person is when up: more steps, more MET.
  const busy = ctx.plan.steps / 15000;
  for (let i = 0; i < 1440; i++) {
    const t = start + i * MINUTE_MS;
    let met: number;
    if (inside(t, sleeping)) met = 0.9;
    else if (inside(t, ctx.plan.workouts)) met = prng.float(5, 9);
    else met = prng.chance(0.08 + busy * 0.15) ? prng.float(2.5, 4.5) : prng.float(1.1, 1.9);
    mets.push(Math.round(met * 10) / 10);
  }
  return mets;
}

/** Oura's 5-minute activity class: 0 non-wear, 1 rest, 2 inactive, 3 low, 4 medium, 5 high. */
function classOf(met: number): string {
  if (met < 1) return '1';
  if (met < 2) return '2';
  if (met < 3.5) return '3';
  if (met < 6) return '4';
  return '5';
}

function dailyActivity(ctx: DocContext): Doc {
  const prng = prngFor(ctx, 'daily_activity');
  const next = ctx.plans.get(ctx.plan.num + 1);
  const mets = minuteMets(ctx, next);
  let classes = '';
  const seconds: Record<string, number> = { '0': 0, '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  const metMinutes: Record<string, number> = { '0': 0, '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (let block = 0; block < 288; block++) {
    const slice = mets.slice(block * 5, block * 5 + 5);
    const mean = slice.reduce((a, b) => a + b, 0) / slice.length;
    // A few blocks a day off the finger, e.g. while charging or showering.
    const cls = block > 20 && prng.chance(0.004) ? '0' : classOf(mean);
    classes += cls;
    seconds[cls] = (seconds[cls] ?? 0) + 300;
    metMinutes[cls] = (metMinutes[cls] ?? 0) + mean * 5;
  }
  const steps = ctx.plan.steps;
  const distance = Math.round(steps * 0.78);
  const activeCalories = Math.round(
    steps * 0.035 + (metMinutes['4'] ?? 0) * 0.9 + (metMinutes['5'] ?? 0) * 1.2,
  );
  const names = [
    'meet_daily_targets',
    'move_every_hour',
    'recovery_time',
    'stay_active',
    'training_frequency',
    'training_volume',
  ];
  return {
    id: documentId(ctx, 'daily_activity', ctx.plan.num, 0),
    active_calories: activeCalories,
    average_met_minutes: Math.round((mets.reduce((a, b) => a + b, 0) / mets.length) * 1000) / 1000,
    class_5_min: classes,
    contributors: Object.fromEntries(
      names.map((name) => [
        name,
        clampInt(50 + ctx.plan.wellness * 45 + prng.normal(0, 8), 1, 100),
      ]),
    ),
    day: dayOf(ctx),
    equivalent_walking_distance: distance,
    high_activity_met_minutes: Math.round(metMinutes['5'] ?? 0),
    high_activity_time: seconds['5'] ?? 0,
    inactivity_alerts: prng.int(0, 2),
    low_activity_met_minutes: Math.round(metMinutes['3'] ?? 0),
    low_activity_time: seconds['3'] ?? 0,
    medium_activity_met_minutes: Math.round(metMinutes['4'] ?? 0),
    medium_activity_time: seconds['4'] ?? 0,
    met: { interval: 60, items: mets, timestamp: dayTimestamp(ctx, 4) },
    meters_to_target: Math.max(0, 9000 - distance),
    non_wear_time: seconds['0'] ?? 0,
    resting_time: seconds['1'] ?? 0,
    score: scoreFor(ctx, 'daily_activity'),
    sedentary_met_minutes: Math.round(metMinutes['2'] ?? 0),
    sedentary_time: seconds['2'] ?? 0,
    steps,
    target_calories: 450,
    target_meters: 9000,
    timestamp: dayTimestamp(ctx, 4),
    total_calories: 1750 + activeCalories,
  };
}

const DISTANCE_PER_MINUTE: Record<string, number> = {
  walking: 85,
  running: 180,
  cycling: 350,
  hiking: 70,
};

export const activityBuilders: Record<string, DocBuilder> = {
  daily_activity: { count: () => 1, build: dailyActivity },
  workout: {
    count: (ctx) => ctx.plan.workouts.length,
    build: (ctx, index) => {
      const workout = ctx.plan.workouts[index];
      if (!workout) throw new Error('no such workout');
      const prng = prngFor(ctx, 'workout', index);
      const minutes = (workout.end - workout.start) / MINUTE_MS;
      const perMinute = DISTANCE_PER_MINUTE[workout.activity];
      return {
        id: documentId(ctx, 'workout', ctx.plan.num, index),
        activity: workout.activity,
        calories:
          Math.round(
            minutes * (workout.intensity === 'hard' ? 12 : 7) * prng.float(0.9, 1.1) * 10,
          ) / 10,
        day: dayOf(ctx),
        distance:
          perMinute === undefined ? null : Math.round(minutes * perMinute * prng.float(0.85, 1.15)),
        end_datetime: isoLocal(ctx, workout.end),
        intensity: workout.intensity,
        label: null,
        source: workout.source,
        start_datetime: isoLocal(ctx, workout.start),
      };
    },
  },
  vO2_max: {
    count: () => 1,
    build: (ctx) => ({
      id: documentId(ctx, 'vO2_max', ctx.plan.num, 0),
      day: dayOf(ctx),
      timestamp: dayTimestamp(ctx, 8),
      vo2_max: Math.round(42 + 3 * Math.sin(ctx.plan.num / 60) + (ctx.plan.wellness - 0.7) * 2),
    }),
  },
  daily_cardiovascular_age: {
    count: () => 1,
    build: (ctx) => {
      const prng = prngFor(ctx, 'daily_cardiovascular_age');
      return {
        id: documentId(ctx, 'daily_cardiovascular_age', ctx.plan.num, 0),
        day: dayOf(ctx),
        pulse_wave_velocity: Math.round(prng.float(7.1, 7.9) * 100) / 100,
        vascular_age: Math.round(ctx.age - 2 + 2 * Math.sin(ctx.plan.num / 45)),
      };
    },
  },
};

function isoLocal(ctx: DocContext, epochMs: number): string {
  return localIso(epochMs, ctx.plan.offset);
}
