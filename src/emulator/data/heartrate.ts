import { utcTimestamp } from '../../series/utc-timestamp.js';
import { unitAt } from '../prng.js';
import { DAY_MS, MINUTE_MS } from '../time.js';
import type { DayPlan, PlanCache, SleepPeriod } from './plan.js';

/**
 * Heart rate as Oura's real series comes: one sample every 5 minutes on the
 * UTC grid, all day, and during workouts one every 5 seconds (integrations
 * see pages of 1000 rows and bursts every ~5 s during activity). A sample's
 * bpm and source come from where its instant falls in the day plans (sleep,
 * the half hour of rest before bed, workouts, sessions, else awake), with
 * noise from a stateless hash of the instant, so any page of the series can
 * be produced without generating what comes before it.
 */

export const HR_STEP_MS = 5 * MINUTE_MS;
/** The step of the samples taken during a workout. */
export const HR_WORKOUT_STEP_MS = 5_000;

export type HeartRateSource = 'awake' | 'workout' | 'rest' | 'sleep' | 'live' | 'session';

export interface HeartRateRow {
  timestamp: string;
  timestamp_unix: number;
  bpm: number;
  source: HeartRateSource;
}

/** Shared by every page that lays out its day (see `stretchesOf`): never changed once made. */
interface Stretch {
  /** Lower wins where stretches overlap. */
  readonly rank: number;
  readonly start: number;
  readonly end: number;
  readonly source: HeartRateSource;
  readonly bpm: (t: number, noise: number) => number;
}

function sleepBpm(period: SleepPeriod) {
  return (t: number, noise: number): number => {
    const index = Math.floor((t - period.start) / HR_STEP_MS);
    const progress = index / Math.max(1, period.phases.length);
    const phase = period.phases[index];
    // Heart rate bottoms out in the first half of the night and rises towards morning.
    const curve = 5 * Math.abs(progress - 0.4);
    const phaseLift = phase === '3' ? 3 : phase === '4' ? 6 : phase === '1' ? -1 : 0;
    return period.restingHr + curve + phaseLift + (noise - 0.5) * 3;
  };
}

/** The time stretches of the plans that may contain instants between `from` and `to`. */
function stretchesAround(cache: PlanCache, from: number, to: number): Stretch[] {
  const out: Stretch[] = [];
  const first = Math.floor(from / DAY_MS) - 1;
  const last = Math.floor(to / DAY_MS) + 2;
  for (let num = first; num <= last; num++) out.push(...stretchesOf(cache.get(num)));
  return out.sort((a, b) => a.start - b.start);
}

/**
 * A plan's stretches, made once per plan: every page of the series lays out
 * a week of them (its days and their neighbours), so a two-year sync's 500
 * pages made each day's ~7 times over, a twentieth of the emulator's time.
 */
const stretchesByPlan = new WeakMap<DayPlan, readonly Stretch[]>();

function stretchesOf(plan: DayPlan): readonly Stretch[] {
  let stretches = stretchesByPlan.get(plan);
  if (!stretches) {
    stretches = makeStretches(plan);
    stretchesByPlan.set(plan, stretches);
  }
  return stretches;
}

function makeStretches(plan: DayPlan): Stretch[] {
  const out: Stretch[] = [];
  out.push({ ...plan.night, rank: 0, source: 'sleep', bpm: sleepBpm(plan.night) });
  const preBed = plan.night.restingHr + 10;
  out.push({
    rank: 1,
    start: plan.night.start - 30 * MINUTE_MS,
    end: plan.night.start,
    source: 'rest',
    bpm: (_t, noise) => preBed + (noise - 0.5) * 4,
  });
  if (plan.nap) out.push({ ...plan.nap, rank: 0, source: 'sleep', bpm: sleepBpm(plan.nap) });
  for (const workout of plan.workouts) {
    const span = workout.end - workout.start;
    out.push({
      ...workout,
      rank: 2,
      source: 'workout',
      bpm: (t, noise) => {
        const p = (t - workout.start) / span;
        const shape = p < 0.15 ? 0.7 + p * 2 : p > 0.9 ? 0.85 : 1;
        return workout.peakHr * shape * (0.9 + noise * 0.1);
      },
    });
  }
  for (const session of plan.sessions) {
    const base = plan.night.restingHr + 12;
    out.push({
      ...session,
      rank: 3,
      source: 'session',
      bpm: (_t, noise) => base + (noise - 0.5) * 4,
    });
  }
  return out;
}

/** Awake heart rate: a circadian wave peaking mid-afternoon, plus noise. */
function awakeBpm(t: number, noise: number): number {
  const hourUtc = (t % DAY_MS) / 3_600_000;
  return 72 + 8 * Math.sin(((hourUtc - 9) / 24) * 2 * Math.PI) + (noise - 0.5) * 14;
}

/** First instant at or after `ms` on the grid of `step`. */
const alignUp = (ms: number, step: number) => Math.ceil(ms / step) * step;

/**
 * Samples at grid instants `first + i * 5 min` for i in [0, count), skipping
 * none. `salt` separates the user's data from the sandbox's.
 */
export function heartRateRows(
  cache: PlanCache,
  salt: number,
  first: number,
  count: number,
): HeartRateRow[] {
  if (count <= 0) return [];
  const last = first + (count - 1) * HR_STEP_MS;
  const sampler = new Sampler(stretchesAround(cache, first, last), salt);
  return Array.from({ length: count }, (_, i) => sampler.at(first + i * HR_STEP_MS));
}

/**
 * The series as the API lists it: samples from `from` (inclusive) to `to`
 * (exclusive), at most `limit`, and the instant of the next sample when more follow.
 */
export function heartRateSeries(
  cache: PlanCache,
  salt: number,
  from: number,
  to: number,
  limit: number,
): { rows: HeartRateRow[]; next: number | undefined } {
  // Every 5-minute instant holds a sample, so the page and the instant after it
  // end before `limit + 1` steps: only the days up to there are laid out.
  const reach = Math.min(to, from + (limit + 1) * HR_STEP_MS);
  const stretches = stretchesAround(cache, from, reach);
  const sampler = new Sampler(stretches, salt);
  const workouts = stretches.filter((stretch) => stretch.source === 'workout');
  const rows: HeartRateRow[] = [];
  let w = 0;
  let t = from;
  for (;;) {
    // The next instant: the 5-minute grid, or 5-second steps inside a workout.
    while (w < workouts.length && (workouts[w]?.end ?? 0) <= t) w++;
    const workout = workouts[w];
    const onGrid = alignUp(t, HR_STEP_MS);
    const inWorkout = workout
      ? alignUp(Math.max(t, workout.start), HR_WORKOUT_STEP_MS)
      : Number.POSITIVE_INFINITY;
    t = workout && inWorkout < workout.end ? Math.min(onGrid, inWorkout) : onGrid;
    if (t >= to) return { rows, next: undefined };
    if (rows.length === limit) return { rows, next: t };
    rows.push(sampler.at(t));
    t += 1;
  }
}

/** Samples at rising instants over a set of stretches sorted by start. */
class Sampler {
  /** Stretches end before every instant still to come below this index. */
  #cursor = 0;

  constructor(
    private readonly stretches: Stretch[],
    private readonly salt: number,
  ) {}

  at(t: number): HeartRateRow {
    const { stretches } = this;
    // Instants rise, so the cursor keeps the lookup near constant per sample.
    while (this.#cursor < stretches.length && (stretches[this.#cursor]?.end ?? 0) <= t) {
      this.#cursor++;
    }
    let hit: Stretch | undefined;
    for (let j = this.#cursor; j < stretches.length; j++) {
      const stretch = stretches[j];
      if (!stretch || stretch.start > t) break;
      if (t < stretch.end && (!hit || stretch.rank < hit.rank)) hit = stretch;
    }
    return sampleAt(hit, this.salt, t);
  }
}

function sampleAt(hit: Stretch | undefined, salt: number, t: number): HeartRateRow {
  // Grid samples keep the noise of their 5-minute slot; a workout's 5-second samples get their own.
  const noise = unitAt(t % HR_STEP_MS === 0 ? t / HR_STEP_MS : t / HR_WORKOUT_STEP_MS, salt);
  const source: HeartRateSource = hit ? hit.source : 'awake';
  const bpm = hit ? hit.bpm(t, noise) : awakeBpm(t, noise);
  return {
    // By hand: a two-year series renders half a million (Date's ISO string costs a Date and two strings each).
    timestamp: utcTimestamp(Math.floor(t / 1000)),
    timestamp_unix: Math.floor(t / 1000),
    bpm: Math.round(bpm),
    source,
  };
}

/** The bpm the series reports at the instants of a sleep period, for the sleep document. */
export function sleepHeartRates(cache: PlanCache, salt: number, period: SleepPeriod): number[] {
  const count = Math.round((period.end - period.start) / HR_STEP_MS);
  return heartRateRows(cache, salt, period.start, count).map((row) => row.bpm);
}
