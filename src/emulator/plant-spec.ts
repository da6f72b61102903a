/**
 * The one-line spelling of a planted effect, for `oura emulator --plant`:
 *
 *   tag=tag_generic_alcohol,every=3,average_hrv=-8,lowest_heart_rate=3
 *   tag=tag_generic_late_meal,probability=0.2,average_hrv=-5
 *   illness,start_days_ago=30,days=7,temperature_deviation=0.8,lowest_heart_rate=6,average_hrv=-10
 *
 * The first item names the kind; the others are numbers. The shifts are named
 * as the served fields they move.
 */
import { effectProblem, type NightShift, type PlantedEffect } from './data/effects.js';

const SHIFT_KEYS = ['average_hrv', 'lowest_heart_rate', 'temperature_deviation'] as const;
const TAG_KEYS = ['every', 'probability'] as const;
const ILLNESS_KEYS = ['start_days_ago', 'days'] as const;

/** The effect a spec describes; throws a `RangeError` saying what is wrong with it. */
export function parsePlantSpec(spec: string): PlantedEffect {
  const [head = '', ...items] = spec.split(',').map((item) => item.trim());
  const tag = /^tag=(.+)$/.exec(head)?.[1];
  if (tag === undefined && head !== 'illness') {
    throw new RangeError(
      `starts with tag=CODE or illness, got "${head}" (e.g. tag=tag_generic_alcohol,every=3,average_hrv=-8)`,
    );
  }
  const known: readonly string[] = [...(tag ? TAG_KEYS : ILLNESS_KEYS), ...SHIFT_KEYS];
  const values = new Map<string, number>();
  for (const item of items) {
    const [key = '', raw = ''] = item.split('=', 2);
    if (!known.includes(key)) {
      throw new RangeError(`unknown key "${key}" (known: ${known.join(', ')})`);
    }
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) {
      throw new RangeError(`${key} must be a number, got "${raw}"`);
    }
    values.set(key, value);
  }
  const shift: NightShift = {};
  for (const key of SHIFT_KEYS) {
    const value = values.get(key);
    if (value !== undefined) shift[key] = value;
  }
  const effect: PlantedEffect = tag
    ? {
        kind: 'tag',
        tag,
        ...optional('everyNthDay', values.get('every')),
        ...optional('probability', values.get('probability')),
        nextNight: shift,
      }
    : {
        kind: 'illness',
        startDaysAgo: values.get('start_days_ago') ?? Number.NaN,
        days: values.get('days') ?? Number.NaN,
        nights: shift,
      };
  const problem = effectProblem(effect);
  // The problem names the option fields; say it with the spec's keys.
  if (problem) {
    throw new RangeError(
      problem.replace('everyNthDay', 'every').replace('startDaysAgo', 'start_days_ago'),
    );
  }
  return effect;
}

function optional<K extends string>(key: K, value: number | undefined) {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}
