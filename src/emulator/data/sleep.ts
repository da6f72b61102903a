import { clampInt, unitAt } from '../prng.js';
import { localIso, MINUTE_MS } from '../time.js';
import { type Doc, type DocBuilder, type DocContext, documentId, prngFor } from './context.js';
import { sleepHeartRates } from './heartrate.js';
import type { SleepPeriod } from './plan.js';

/**
 * The night's family: `sleep` (one per sleep period, filed under the wake
 * day), `daily_sleep`, `sleep_time`, `daily_spo2`, and the readiness that
 * rides on the night. Stage durations are counts of the 5-minute phase string,
 * so deep + light + REM + awake equals time in bed exactly.
 */

function countPhase(phases: string, phase: string): number {
  let n = 0;
  for (const c of phases) if (c === phase) n++;
  return n;
}

/** Score on Oura's scale from the day's wellness: mostly 60–95, low days below 60. */
export function scoreFor(ctx: DocContext, type: string): number {
  const prng = prngFor(ctx, `${type}:score`);
  return clampInt(40 + ctx.plan.wellness * 55 + prng.normal(0, 3), 1, 100);
}

function contributor(ctx: DocContext, type: string, name: string, planted = 0): number {
  const prng = prngFor(ctx, `${type}:${name}`);
  return clampInt(45 + ctx.plan.wellness * 50 + prng.normal(0, 8) + planted, 1, 100);
}

/**
 * How planted effects move the readiness contributors that read the night:
 * points per ms of HRV, per bpm of resting heart rate, per °C of temperature.
 */
function plantedContributors(ctx: DocContext): Record<string, number> {
  const shift = ctx.plan.planted;
  if (!shift) return {};
  return {
    hrv_balance: 2 * shift.average_hrv,
    resting_heart_rate: -3 * shift.lowest_heart_rate,
    body_temperature: -40 * Math.abs(shift.temperature_deviation),
  };
}

function sleepContributors(ctx: DocContext): Doc {
  const names = [
    'deep_sleep',
    'efficiency',
    'latency',
    'rem_sleep',
    'restfulness',
    'timing',
    'total_sleep',
  ];
  return Object.fromEntries(names.map((name) => [name, contributor(ctx, 'daily_sleep', name)]));
}

/** Readiness contributors and score, shared by `daily_readiness` and the night's `readiness`. */
export function readiness(ctx: DocContext): Doc {
  const prng = prngFor(ctx, 'readiness');
  const names = [
    'activity_balance',
    'body_temperature',
    'hrv_balance',
    'previous_day_activity',
    'previous_night',
    'recovery_index',
    'resting_heart_rate',
    'sleep_balance',
    'sleep_regularity',
  ];
  const fever = ctx.plan.wellness < 0.2 ? 0.6 : 0;
  const planted = plantedContributors(ctx);
  const plantedFever = ctx.plan.planted?.temperature_deviation ?? 0;
  // The score moves as the mean of its contributors does.
  const scoreShift = Object.values(planted).reduce((sum, points) => sum + points, 0) / names.length;
  return {
    contributors: Object.fromEntries(
      names.map((name) => [name, contributor(ctx, 'readiness', name, planted[name])]),
    ),
    score: clampInt(scoreFor(ctx, 'daily_readiness') + scoreShift, 1, 100),
    temperature_deviation: Math.round((prng.normal(0, 0.15) + fever + plantedFever) * 100) / 100,
    temperature_trend_deviation: Math.round(prng.normal(0, 0.1) * 100) / 100,
  };
}

/**
 * What planted effects add to each HRV sample of the night: the shift asked
 * for, plus back what the shifted heart rate took off (HRV falls as it rises),
 * so `average_hrv` moves by the planted amount (exactly, for whole numbers).
 */
function plantedHrvLift(ctx: DocContext, period: SleepPeriod): number {
  const shift = ctx.plan.planted;
  if (!shift || period !== ctx.plan.night) return 0;
  return shift.average_hrv + shift.lowest_heart_rate;
}

function sleepDocument(ctx: DocContext, period: SleepPeriod, index: number): Doc {
  const prng = prngFor(ctx, 'sleep', index);
  const { offset } = ctx.plan;
  const epochs = period.phases.length;
  const deep = countPhase(period.phases, '1') * 300;
  const light = countPhase(period.phases, '2') * 300;
  const rem = countPhase(period.phases, '3') * 300;
  const awake = countPhase(period.phases, '4') * 300;
  const timeInBed = epochs * 300;
  const total = deep + light + rem;
  let latencyEpochs = 0;
  while (period.phases[latencyEpochs] === '4') latencyEpochs++;

  const bpm = sleepHeartRates(ctx.plans, ctx.salt, period);
  const hrvLift = plantedHrvLift(ctx, period);
  const hrv = bpm.map((beat, i) =>
    period.phases[i] === '4'
      ? null
      : Math.round(95 - beat + hrvLift + unitAt(period.start / 1000 + i, ctx.salt) * 12),
  );
  const hrvValues = hrv.filter((value): value is number => value !== null);
  const movement = [...period.phases]
    .map((phase) => {
      const base = phase === '4' ? 3 : phase === '1' ? 1 : 2;
      let chunk = '';
      // Ten 30-second epochs per 5-minute phase.
      for (let i = 0; i < 10; i++) chunk += String(Math.min(4, base + (prng.chance(0.1) ? 1 : 0)));
      return chunk;
    })
    .join('');
  const isNight = period.type === 'long_sleep';
  const start = localIso(period.start, offset);
  return {
    id: documentId(ctx, 'sleep', ctx.plan.num, index),
    average_breath: Math.round(prng.normal(14.5, 0.6) * 1000) / 1000,
    average_heart_rate: Math.round((bpm.reduce((a, b) => a + b, 0) / bpm.length) * 1000) / 1000,
    average_hrv: Math.round(hrvValues.reduce((a, b) => a + b, 0) / Math.max(1, hrvValues.length)),
    awake_time: awake,
    bedtime_end: localIso(period.end, offset),
    bedtime_start: start,
    day: dayOf(ctx),
    deep_sleep_duration: deep,
    efficiency: Math.round((total / timeInBed) * 100),
    heart_rate: { interval: 300, items: bpm, timestamp: start },
    hrv: { interval: 300, items: hrv, timestamp: start },
    latency: latencyEpochs * 300,
    light_sleep_duration: light,
    low_battery_alert: false,
    lowest_heart_rate: Math.min(...bpm),
    movement_30_sec: movement,
    period: index,
    readiness: isNight ? readiness(ctx) : null,
    readiness_score_delta: isNight ? 0 : null,
    rem_sleep_duration: rem,
    restless_periods: prng.int(50, 300),
    sleep_algorithm_version: 'v2',
    sleep_analysis_reason: 'foreground_sleep_analysis',
    sleep_phase_30_sec: [...period.phases].map((phase) => phase.repeat(10)).join(''),
    sleep_phase_5_min: period.phases,
    sleep_score_delta: isNight ? 0 : null,
    time_in_bed: timeInBed,
    total_sleep_duration: total,
    type: period.type,
    ring_id: ctx.ringId,
    app_sleep_phase_5_min: period.phases,
  };
}

/** `YYYY-MM-DD` of the context's day. */
export function dayOf(ctx: DocContext): string {
  return new Date(ctx.plan.num * 86_400_000).toISOString().slice(0, 10);
}

/** `day` at local midnight, the `timestamp` Oura gives daily summaries. */
export function dayTimestamp(ctx: DocContext, hour = 0): string {
  return localIso(ctx.plan.midnight + hour * 60 * MINUTE_MS, ctx.plan.offset);
}

export const sleepBuilders: Record<string, DocBuilder> = {
  sleep: {
    count: (ctx) => (ctx.plan.nap ? 2 : 1),
    build: (ctx, index) => {
      const period = index === 1 && ctx.plan.nap ? ctx.plan.nap : ctx.plan.night;
      return sleepDocument(ctx, period, index);
    },
  },
  daily_sleep: {
    count: () => 1,
    build: (ctx) => ({
      id: documentId(ctx, 'daily_sleep', ctx.plan.num, 0),
      contributors: sleepContributors(ctx),
      day: dayOf(ctx),
      score: scoreFor(ctx, 'daily_sleep'),
      timestamp: dayTimestamp(ctx),
    }),
  },
  daily_readiness: {
    count: () => 1,
    build: (ctx) => ({
      id: documentId(ctx, 'daily_readiness', ctx.plan.num, 0),
      ...readiness(ctx),
      day: dayOf(ctx),
      timestamp: dayTimestamp(ctx),
    }),
  },
  sleep_time: {
    count: () => 1,
    build: (ctx) => {
      const prng = prngFor(ctx, 'sleep_time');
      const start = -3600 - prng.int(-4, 4) * 900;
      return {
        id: documentId(ctx, 'sleep_time', ctx.plan.num, 0),
        day: dayOf(ctx),
        optimal_bedtime: {
          day_tz: ctx.plan.offset * 60,
          start_offset: start,
          end_offset: start + 3600,
        },
        recommendation: ctx.plan.wellness < 0.4 ? 'earlier_bedtime' : 'follow_optimal_bedtime',
        status: 'optimal_found',
      };
    },
  },
  daily_spo2: {
    count: () => 1,
    build: (ctx) => {
      const prng = prngFor(ctx, 'daily_spo2');
      return {
        id: documentId(ctx, 'daily_spo2', ctx.plan.num, 0),
        breathing_disturbance_index: prng.int(0, 12),
        day: dayOf(ctx),
        spo2_percentage: { average: Math.round(prng.float(95.2, 98.8) * 1000) / 1000 },
      };
    },
  },
};
