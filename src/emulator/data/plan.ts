import { Prng } from '../prng.js';
import { localMidnight, MINUTE_MS, offsetMinutes } from '../time.js';

/**
 * The skeleton of one local day, drawn once from the day's seed: when the
 * person slept, trained, meditated and tagged. Every data type reads the same
 * plan, so a workout in `workout` is also a run of `workout` heart-rate samples
 * and the night in `sleep` is the `sleep` stretch of the heart-rate series.
 */

/**
 * How planted effects moved a day's night and its readiness, in the units of
 * the served fields they move (see `effects.ts`).
 */
export interface PlantedShift {
  average_hrv: number;
  lowest_heart_rate: number;
  temperature_deviation: number;
}

/** Plants effects into plans as drawn (`effects.ts`); a day's effects may hang on the day before. */
export interface Planter {
  plant(plan: DayPlan, dayBefore: DayPlan): DayPlan;
}

/** A stretch of time in epoch ms, `start` inclusive, `end` exclusive. */
export interface Interval {
  start: number;
  end: number;
}

export interface SleepPeriod extends Interval {
  /** `long_sleep` for the night, `late_nap`/`sleep` for naps. */
  type: 'long_sleep' | 'late_nap' | 'sleep';
  /** One char per 5 minutes: 1 deep, 2 light, 3 REM, 4 awake. */
  phases: string;
  /** Resting heart rate of the period, bpm. */
  restingHr: number;
}

export interface WorkoutPlan extends Interval {
  activity: string;
  intensity: 'easy' | 'moderate' | 'hard';
  source: 'manual' | 'autodetected' | 'confirmed' | 'workout_heart_rate';
  peakHr: number;
}

export interface SessionPlan extends Interval {
  type: 'breathing' | 'meditation' | 'nap' | 'relaxation' | 'rest' | 'body_status';
  mood: 'bad' | 'worse' | 'same' | 'good' | 'great' | null;
}

export interface TagPlan {
  time: number;
  code: string;
  text: string | null;
  /** Minutes the enhanced tag lasts; null for a moment tag. */
  durationMinutes: number | null;
}

export interface DayPlan {
  /** Days since epoch of this local day. */
  num: number;
  /** UTC offset of the day in minutes. */
  offset: number;
  /** Local midnight (epoch ms). */
  midnight: number;
  /** 0..1, how good a day this is; drives every score so they agree. */
  wellness: number;
  /** The night that ends on the morning of this day (Oura files a sleep under its wake day). */
  night: SleepPeriod;
  nap: SleepPeriod | null;
  workouts: WorkoutPlan[];
  sessions: SessionPlan[];
  tags: TagPlan[];
  /** A rest mode period starting today, with its length in days. */
  restModeDays: number | null;
  steps: number;
  /**
   * How planted effects moved this day's night and readiness; absent on days
   * no effect touched. `night.restingHr` already includes the shift.
   */
  planted?: PlantedShift;
}

const ACTIVITIES = ['walking', 'running', 'cycling', 'strength_training', 'yoga', 'hiking'];

/** Builds the sleep stage string: cycles of about 90 minutes, deep early, REM late. */
function sleepPhases(prng: Prng, epochs: number, restless: number): string {
  const out: string[] = [];
  const latency = prng.int(1, 4);
  for (let i = 0; i < latency && out.length < epochs; i++) out.push('4');
  while (out.length < epochs) {
    const progress = out.length / epochs;
    const deep = Math.max(0, Math.round((1 - progress) * prng.int(3, 8)));
    const rem = Math.max(1, Math.round(progress * prng.int(3, 8)));
    const seq: string[] = [];
    for (let i = 0; i < prng.int(3, 6); i++) seq.push('2');
    for (let i = 0; i < deep; i++) seq.push('1');
    for (let i = 0; i < prng.int(2, 5); i++) seq.push('2');
    for (let i = 0; i < rem; i++) seq.push('3');
    if (prng.chance(restless)) seq.push('4');
    for (const phase of seq) if (out.length < epochs) out.push(phase);
  }
  // Most people wake up a few minutes before leaving bed.
  const tail = Math.min(epochs - latency, prng.int(1, 3));
  for (let i = 0; i < tail; i++) out[epochs - 1 - i] = '4';
  return out.join('');
}

function align5(ms: number): number {
  return Math.round(ms / (5 * MINUTE_MS)) * 5 * MINUTE_MS;
}

/** Draws the plan of one day; pure function of (seed, day). */
function buildPlan(seed: string, num: number): DayPlan {
  const prng = new Prng(`${seed}|plan|${num}`);
  const offset = offsetMinutes(num);
  const midnight = localMidnight(num);
  // Mostly good days, with an occasional bad one (illness, travel, late party).
  const wellness = prng.chance(0.08) ? prng.float(0.05, 0.35) : prng.float(0.45, 1);

  // Bedtime around 23:00 local ± 1 h, aligned to the 5-minute heart-rate grid
  // so the sleep document's samples coincide with the series.
  const bedStart = align5(midnight + prng.normal(-60, 25) * MINUTE_MS);
  const epochs = prng.int(78, 108) - Math.round((1 - wellness) * 12);
  const night: SleepPeriod = {
    start: bedStart,
    end: bedStart + epochs * 5 * MINUTE_MS,
    type: 'long_sleep',
    phases: sleepPhases(prng, epochs, 0.5 - wellness * 0.3),
    restingHr: Math.round(prng.normal(50, 2) + (1 - wellness) * 6),
  };

  let nap: SleepPeriod | null = null;
  if (prng.chance(0.1)) {
    const start = align5(midnight + prng.int(13 * 60, 15 * 60) * MINUTE_MS);
    const napEpochs = prng.int(4, 12);
    nap = {
      start,
      end: start + napEpochs * 5 * MINUTE_MS,
      type: prng.chance(0.5) ? 'late_nap' : 'sleep',
      phases: sleepPhases(prng, napEpochs, 0.2),
      restingHr: night.restingHr + 4,
    };
  }

  const workouts: WorkoutPlan[] = [];
  if (prng.chance(0.45)) {
    const start = align5(midnight + prng.int(17 * 60, 19 * 60) * MINUTE_MS);
    const intensity = prng.pick(['easy', 'moderate', 'hard'] as const);
    workouts.push({
      start,
      end: start + prng.int(4, 18) * 5 * MINUTE_MS,
      activity: prng.pick(ACTIVITIES),
      intensity,
      source: prng.pick(['autodetected', 'confirmed', 'manual'] as const),
      peakHr: intensity === 'hard' ? prng.int(150, 172) : intensity === 'moderate' ? 135 : 112,
    });
  }
  if (prng.chance(0.15)) {
    const start = align5(midnight + prng.int(7 * 60 + 30, 9 * 60) * MINUTE_MS);
    workouts.unshift({
      start,
      end: start + prng.int(4, 10) * 5 * MINUTE_MS,
      activity: 'walking',
      intensity: 'easy',
      source: 'autodetected',
      peakHr: 105,
    });
  }

  const sessions: SessionPlan[] = [];
  if (prng.chance(0.2)) {
    const start = align5(midnight + prng.int(12 * 60, 13 * 60) * MINUTE_MS);
    sessions.push({
      start,
      end: start + prng.int(1, 4) * 5 * MINUTE_MS,
      type: prng.pick(['meditation', 'breathing', 'relaxation', 'rest'] as const),
      mood: prng.chance(0.7) ? prng.pick(['same', 'good', 'great'] as const) : null,
    });
  }

  const tags: TagPlan[] = [];
  if (prng.chance(0.12)) {
    const pick = prng.pick([
      { code: 'tag_generic_caffeine', text: 'Coffee', durationMinutes: null },
      { code: 'tag_generic_alcohol', text: 'Wine with dinner', durationMinutes: null },
      { code: 'tag_generic_late_meal', text: null, durationMinutes: null },
      { code: 'tag_generic_sauna', text: 'Sauna', durationMinutes: 30 },
      { code: 'tag_generic_stress', text: null, durationMinutes: 120 },
    ]);
    tags.push({ time: align5(midnight + prng.int(9 * 60, 21 * 60) * MINUTE_MS), ...pick });
  }

  // Weekly habits, drawn without the PRNG so the rest of the day is unchanged:
  // every 7 consecutive days hold a tag and a workout, which tests (and the
  // habit statistics) can count on whatever today is. Day 0 was a Thursday.
  if (num % 7 === 0) {
    const sauna = { code: 'tag_generic_sauna', text: 'Sauna', durationMinutes: 30 };
    tags.push({ time: midnight + (19 * 60 + 30) * MINUTE_MS, ...sauna });
  }
  if (num % 7 === 3) {
    const start = midnight + 10 * 60 * MINUTE_MS;
    const run: WorkoutPlan = {
      start,
      end: start + 60 * MINUTE_MS,
      activity: 'running',
      intensity: 'moderate',
      source: 'manual',
      peakHr: 150,
    };
    workouts.push(run);
    workouts.sort((a, b) => a.start - b.start);
  }

  const restModeDays = prng.chance(1 / 60) ? prng.int(2, 4) : null;
  const steps = Math.round(
    3000 + wellness * 9000 + prng.float(-1500, 3000) + workouts.length * 1500,
  );

  return {
    num,
    offset,
    midnight,
    wellness,
    night,
    nap,
    workouts,
    sessions,
    tags,
    restModeDays,
    steps: Math.max(3000, Math.min(15000, steps)),
  };
}

/** A bounded cache of plans: history is drawn lazily, never precomputed. */
export class PlanCache {
  private readonly plans = new Map<number, DayPlan>();
  /** Plans as drawn, before planting: a planted day also needs the day before's tags. */
  private readonly drawn = new Map<number, DayPlan>();

  constructor(
    private readonly seed: string,
    /** Plants effects into the drawn plans; none: the plans as drawn. */
    private readonly planter?: Planter,
  ) {}

  get(num: number): DayPlan {
    let plan = this.plans.get(num);
    if (!plan) {
      plan = this.planter ? this.planter.plant(this.draw(num), this.draw(num - 1)) : this.draw(num);
      if (this.plans.size > 5000) this.plans.clear();
      this.plans.set(num, plan);
    }
    return plan;
  }

  private draw(num: number): DayPlan {
    if (!this.planter) return buildPlan(this.seed, num);
    let plan = this.drawn.get(num);
    if (!plan) {
      plan = buildPlan(this.seed, num);
      if (this.drawn.size > 5000) this.drawn.clear();
      this.drawn.set(num, plan);
    }
    return plan;
  }
}
