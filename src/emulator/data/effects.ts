import { Prng } from '../prng.js';
import { MINUTE_MS } from '../time.js';
import type { DayPlan, PlantedShift, Planter, TagPlan } from './plan.js';

/**
 * Planted effects: known causes written into the synthetic history, so that
 * statistics over it (habit effects, early warnings) can be checked against
 * the truth. An effect changes the day plans, not the documents, so every
 * type built from a plan shows it alike: the tag in `enhanced_tag` and `tag`,
 * the night in `sleep`, the heart-rate series and `daily_readiness`.
 */

/**
 * How an effect moves one night (the night that ends on the morning of a day)
 * and the readiness filed with it, in the units of the served fields.
 */
export interface NightShift {
  /** Added to the night's `average_hrv` (ms), over and above what the heart rate change implies. */
  average_hrv?: number;
  /**
   * Added to the night's resting heart rate (bpm): `lowest_heart_rate`, and
   * the night's heart-rate series with it (which by itself lowers HRV; that
   * part is compensated, so `average_hrv` moves by `average_hrv` alone).
   */
  lowest_heart_rate?: number;
  /** Added to the day's readiness `temperature_deviation` (°C). */
  temperature_deviation?: number;
}

/** A tag on chosen days, and what it does to the following night. */
export interface TagEffect {
  kind: 'tag';
  /** The tag's `tag_type_code`, e.g. `tag_generic_alcohol`. */
  tag: string;
  /** The tag is on each day whose number since 1970-01-01 is a multiple of this. Give this or `probability`. */
  everyNthDay?: number;
  /** The tag is on each day with this chance (0..1], seeded dice. Give this or `everyNthDay`. */
  probability?: number;
  /** The night after every day with the tag (planted or drawn anyway), filed under the next day. */
  nextNight: NightShift;
}

/** A stretch of illness: each of its days' nights and readiness shifted alike. */
export interface IllnessEffect {
  kind: 'illness';
  /** Its first day, counted back from the last day of history (0 = that day). */
  startDaysAgo: number;
  /** How many days it lasts. */
  days: number;
  /** The shift of the night ending on each of its days. */
  nights: NightShift;
}

export type PlantedEffect = TagEffect | IllnessEffect;

/** What is wrong with an effect, in words, or undefined when it can be planted. */
export function effectProblem(effect: PlantedEffect): string | undefined {
  const shift = effect.kind === 'tag' ? effect.nextNight : effect.nights;
  if (typeof shift !== 'object' || shift === null) {
    return `${effect.kind === 'tag' ? 'nextNight' : 'nights'} must be an object`;
  }
  for (const [name, value] of Object.entries(shift)) {
    if (!(name in ZERO_SHIFT)) {
      return `unknown shift "${name}" (known: ${Object.keys(ZERO_SHIFT).join(', ')})`;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) return `${name} must be a number`;
  }
  if (effect.kind === 'illness') {
    if (!Number.isInteger(effect.startDaysAgo) || effect.startDaysAgo < 0) {
      return 'startDaysAgo must be a non-negative integer';
    }
    if (!Number.isInteger(effect.days) || effect.days < 1) return 'days must be a positive integer';
    return undefined;
  }
  if (effect.kind !== 'tag') return `kind must be "tag" or "illness"`;
  if (typeof effect.tag !== 'string' || !/^[a-z0-9_]+$/.test(effect.tag)) {
    return 'tag must be a tag_type_code such as tag_generic_alcohol';
  }
  const { everyNthDay: every, probability } = effect;
  if ((every === undefined) === (probability === undefined)) {
    return 'give everyNthDay or probability (one of them)';
  }
  if (every !== undefined && !(Number.isInteger(every) && every >= 1)) {
    return 'everyNthDay must be a positive integer';
  }
  if (probability !== undefined && !(probability > 0 && probability <= 1)) {
    return 'probability must be above 0 and at most 1';
  }
  return undefined;
}

const ZERO_SHIFT: PlantedShift = { average_hrv: 0, lowest_heart_rate: 0, temperature_deviation: 0 };

/** Evening, when most of the tags people log (a drink, a late meal) happen. */
const TAG_MINUTE = 20 * 60;

/**
 * Plants the effects into plans drawn without them. Pure: a planted plan
 * depends on (seed, effects, last day, day) only, so the history stays lazy.
 */
export class EffectPlanter implements Planter {
  constructor(
    private readonly seed: string,
    private readonly effects: readonly PlantedEffect[],
    /** Day number of the last day of history, which `startDaysAgo` counts from. */
    private readonly lastDay: number,
  ) {}

  /** `plan` with its planted tags and its night shifted by the effects acting on it. */
  plant(plan: DayPlan, dayBefore: DayPlan): DayPlan {
    const tags = this.tagsOf(plan);
    const earlierTags = this.tagsOf(dayBefore).map((tag) => tag.code);
    const shift = { ...ZERO_SHIFT };
    let moved = false;
    for (const effect of this.effects) {
      const acts =
        effect.kind === 'tag'
          ? earlierTags.includes(effect.tag)
          : plan.num >= this.lastDay - effect.startDaysAgo &&
            plan.num < this.lastDay - effect.startDaysAgo + effect.days;
      if (!acts) continue;
      moved = true;
      const by = effect.kind === 'tag' ? effect.nextNight : effect.nights;
      for (const name of Object.keys(shift) as (keyof PlantedShift)[]) shift[name] += by[name] ?? 0;
    }
    if (!moved) return tags === plan.tags ? plan : { ...plan, tags };
    return {
      ...plan,
      tags,
      night: { ...plan.night, restingHr: plan.night.restingHr + shift.lowest_heart_rate },
      planted: shift,
    };
  }

  /** The day's tags with the planted ones added (a tag already drawn for the day is not doubled). */
  private tagsOf(plan: DayPlan): TagPlan[] {
    let tags = plan.tags;
    this.effects.forEach((effect, index) => {
      if (effect.kind !== 'tag' || tags.some((tag) => tag.code === effect.tag)) return;
      const tagged =
        effect.everyNthDay !== undefined
          ? plan.num % effect.everyNthDay === 0
          : new Prng(`${this.seed}|effect|${index}|${plan.num}`).chance(effect.probability ?? 0);
      if (!tagged) return;
      const time = plan.midnight + TAG_MINUTE * MINUTE_MS;
      tags = [...tags, { time, code: effect.tag, text: null, durationMinutes: null }];
    });
    return tags;
  }
}
