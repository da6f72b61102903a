/**
 * The Sleep Regularity Index on hand-built schedules whose value follows from
 * the definition (Phillips et al. 2017): SRI = −100 + 200 · P(same state 24 h
 * apart), over the 5-minute epochs the history covers (noon before to noon of
 * each recorded day). Times carry a +02:00 offset, so a wrong time-zone
 * reading shifts the covered windows and breaks the figures.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../src/calendar/days.js';
import {
  regularity,
  type SleepPeriodTimes,
  sleepRegularityIndex,
} from '../src/insights/regularity.js';
import { seededRandom } from '../src/insights/stats/prng.js';

const FIRST = '2026-03-02';
const EPOCHS_PER_DAY = 288;

function at(day: string, clock: string): string {
  return `${day}T${clock}:00+02:00`;
}

/** A sleep period filed under `day`, from `start` to `end` (each `[day, 'HH:MM']`). */
function period(
  day: string,
  start: [string, string],
  end: [string, string],
  hypnogram: string | null = null,
): SleepPeriodTimes {
  const minutes = (Date.parse(at(...end)) - Date.parse(at(...start))) / 60_000;
  return {
    day,
    bedtime_start: at(...start),
    bedtime_end: at(...end),
    sleep_phase_5_min: hypnogram,
    type: 'long_sleep',
    time_in_bed: minutes * 60,
  };
}

const days = (n: number) => Array.from({ length: n }, (_, i) => addDays(FIRST, i));

describe('the Sleep Regularity Index of hand-built schedules', () => {
  it('is 100 for the same 23:00–07:00 night every day, hypnogram or not', () => {
    const nights = days(14).map((day) => period(day, [addDays(day, -1), '23:00'], [day, '07:00']));
    // 14 covered days give 13 full days of 24-hour comparisons.
    expect(sleepRegularityIndex(nights)).toEqual({
      pairs: 13 * EPOCHS_PER_DAY,
      days: 14,
      sri: 100,
    });
    const withStages = nights.map((night) => ({
      ...night,
      sleep_phase_5_min: '4'.repeat(3) + '2'.repeat(93),
    }));
    expect(sleepRegularityIndex(withStages).sri).toBe(100);
  });

  it('is −33.3 when every other night is moved 12 h earlier', () => {
    // Nights alternate between 00:00–08:00 and the afternoon before, 12:00–20:00.
    // Within each noon-to-noon window the 8 h of sleep sit in hours 12–20 or in
    // hours 0–8, so two windows 24 h apart agree only when both are awake:
    // hours 8–12 and 20–24, 8 h of 24. P(same) = 1/3 for every pair, and
    // SRI = −100 + 200/3 = −33.33…
    const nights = days(20).map((day, i) =>
      i % 2 === 0
        ? period(day, [day, '00:00'], [day, '08:00'])
        : period(day, [addDays(day, -1), '12:00'], [addDays(day, -1), '20:00']),
    );
    const { pairs, sri } = sleepRegularityIndex(nights);
    expect(pairs).toBe(19 * EPOCHS_PER_DAY);
    expect(sri).toBeCloseTo(-100 + 200 / 3, 10);
  });

  it('is near 0 when each 5-minute epoch is asleep or awake by a coin toss', () => {
    // Each recorded day is one noon-to-noon period whose hypnogram draws light
    // sleep (2) or awake (4) with probability ½: P(same) = ½, so SRI = 0, give
    // or take 200·½/√pairs ≈ 1.1 for 29 days of pairs; 6 is over five of those.
    const random = seededRandom('coin tosses');
    const nights = days(30).map((day) => {
      const hypnogram = Array.from({ length: EPOCHS_PER_DAY }, () => (random() < 0.5 ? '2' : '4'));
      return period(day, [addDays(day, -1), '12:00'], [day, '12:00'], hypnogram.join(''));
    });
    const { pairs, sri } = sleepRegularityIndex(nights);
    expect(pairs).toBe(29 * EPOCHS_PER_DAY);
    expect(Math.abs(sri)).toBeLessThan(6);
  });

  it('counts awake epochs (4) inside a period as wake', () => {
    // Three identical 00:00–08:00 nights; the middle one starts with 30 min awake.
    // Of 2 × 288 pairs, 6 + 6 disagree: SRI = −100 + 200 · 564/576.
    const nights = days(3).map((day, i) =>
      period(day, [day, '00:00'], [day, '08:00'], (i === 1 ? '444444' : '222222') + '2'.repeat(90)),
    );
    expect(sleepRegularityIndex(nights)).toEqual({
      pairs: 2 * EPOCHS_PER_DAY,
      days: 3,
      sri: -100 + (200 * 564) / 576,
    });
  });

  it('leaves out pairs that touch a day without data instead of counting it awake', () => {
    // Ten regular nights with the fifth missing: runs of 4 and 5 days, (3 + 4) days of pairs.
    const nights = days(10)
      .filter((_, i) => i !== 4)
      .map((day) => period(day, [addDays(day, -1), '23:30'], [day, '06:30']));
    expect(sleepRegularityIndex(nights)).toEqual({ pairs: 7 * EPOCHS_PER_DAY, days: 9, sri: 100 });
  });

  it('answers "not enough data" below five days of pairs, and counts the 28 days up to the end', () => {
    const nights = days(40).map((day) => period(day, [addDays(day, -1), '23:00'], [day, '07:00']));
    expect(regularity(nights.slice(0, 5), addDays(FIRST, 4))).toMatchObject({
      status: 'not_enough_data',
      n: 4 * EPOCHS_PER_DAY,
      needed: 5 * EPOCHS_PER_DAY,
    });
    expect(regularity(nights, addDays(FIRST, 39))).toMatchObject({
      status: 'ok',
      days: 28,
      pairs: 27 * EPOCHS_PER_DAY,
      sri: 100,
      start: addDays(FIRST, 12),
      end: addDays(FIRST, 39),
    });
  });
});
