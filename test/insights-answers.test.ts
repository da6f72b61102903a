/**
 * The insights on small hand-made histories whose answers follow from the
 * definitions in docs/insights.md: the minimum-n rule, the source forms, clock
 * times read from the documents' own UTC offsets, and a planted habit effect.
 */
import { describe, expect, it } from 'vitest';
import type { OuraDocument } from '../src/api/types.js';
import { addDays } from '../src/calendar/days.js';
import { dailySeries } from '../src/insights/daily-metrics.js';
import { earlyWarnings, NOT_A_DIAGNOSIS } from '../src/insights/early-warnings.js';
import { computeInsights } from '../src/insights/insights.js';
import { sleepDebt } from '../src/insights/sleep-debt.js';
import { midSleepHours } from '../src/insights/sleep-timing.js';
import { type InsightDocuments, loadDocuments } from '../src/insights/source.js';
import { seededRandom } from '../src/insights/stats/prng.js';
import { dailyLoad, trainingLoad } from '../src/insights/training-load.js';

const FIRST = '2026-01-05';
const dayAt = (i: number) => addDays(FIRST, i);

function night(day: string, hours: number, extra: Partial<OuraDocument<'sleep'>> = {}) {
  return {
    day,
    type: 'long_sleep',
    bedtime_start: `${addDays(day, -1)}T23:00:00+01:00`,
    bedtime_end: `${day}T07:00:00+01:00`,
    time_in_bed: 8 * 3600,
    total_sleep_duration: hours * 3600,
    ...extra,
  } as OuraDocument<'sleep'>;
}

function empty(): InsightDocuments {
  return {
    sleep: [],
    daily_sleep: [],
    daily_readiness: [],
    daily_activity: [],
    enhanced_tag: [],
    workout: [],
  };
}

describe('sleep debt', () => {
  it('takes the need as the 75th percentile and sums need − sleep over 7 and 14 days', () => {
    // 21 nights of 8 h then 7 of 6 h: the 75th percentile of the 28 is 8 h
    // (position 27 · 0.75 = 20.25 among the sorted, both neighbours 8).
    const hours = new Map(Array.from({ length: 28 }, (_, i) => [dayAt(i), i < 21 ? 8 : 6]));
    const debt = sleepDebt(hours, dayAt(27));
    expect(debt).toMatchObject({ status: 'ok', n: 28, need_hours: 8 });
    if (debt.status !== 'ok') return;
    expect(debt.windows.map((w) => (w.status === 'ok' ? w.debt_hours : w.status))).toEqual([
      14, 14,
    ]);
  });

  it('says "not enough data" with n and the minimum, never a number', () => {
    const hours = new Map(Array.from({ length: 27 }, (_, i) => [dayAt(i), 7]));
    expect(sleepDebt(hours, dayAt(26))).toMatchObject({
      status: 'not_enough_data',
      n: 27,
      needed: 28,
    });
    // Enough history (37 nights), but only 4 of the last 7: the 7-day window refuses, the 14-day one answers.
    const gappy = new Map(
      Array.from({ length: 40 }, (_, i): [string, number] => [dayAt(i), 7]).filter(
        ([day]) => day < dayAt(33) || day > dayAt(35),
      ),
    );
    const answer = sleepDebt(gappy, dayAt(39));
    expect(answer.status === 'ok' && answer.windows.map((w) => [w.status, w.n])).toEqual([
      ['not_enough_data', 4],
      ['ok', 11],
    ]);
  });
});

describe('figures as of the end', () => {
  it('read the days their method names before a range shorter than those, and no more', () => {
    // 120 nights: 30 of 4 h, then 76 of 8 h and 14 of 6 h. The need is over the
    // 90 days ending on the last day: n = 90, and the 4 h nights are not among them.
    const docs = empty();
    for (let i = 0; i < 120; i++) docs.sleep.push(night(dayAt(i), i < 30 ? 4 : i < 106 ? 8 : 6));
    const end = dayAt(119);
    const kinds = ['sleep_debt', 'sleep_timing', 'regularity'] as const;
    const asked: string[] = [];
    const twoWeeks = computeInsights(
      (type, range) => {
        if (type === 'sleep') asked.push(`${range.start}…${range.end}`);
        return docs[type];
      },
      { start: addDays(end, -13), end, kinds },
    );
    expect(asked).toEqual([`${addDays(end, -89)}…${end}`]);
    expect(twoWeeks.sleep_debt).toMatchObject({ status: 'ok', n: 90, need_hours: 8 });
    expect(twoWeeks.sleep_debt?.method).toContain(`90 days ending ${end}`);
    expect(twoWeeks).toEqual(computeInsights(docs, { start: addDays(end, -89), end, kinds }));
  });
});

describe('training load', () => {
  it('divides the 7-day mean load by the 28-day mean, workouts standing in for missing activity', () => {
    const activity = Array.from({ length: 27 }, (_, i) => ({
      day: dayAt(i),
      active_calories: i < 21 ? 500 : 800,
    })) as OuraDocument<'daily_activity'>[];
    // The last day has no daily_activity: its workouts (500 + 300 kcal) are its load.
    const workouts = [
      { day: dayAt(27), calories: 500 },
      { day: dayAt(27), calories: 300 },
      { day: dayAt(3), calories: 999 },
    ] as OuraDocument<'workout'>[];
    const load = trainingLoad(dailyLoad(activity, workouts), dayAt(27));
    expect(load).toMatchObject({ status: 'ok', n_acute: 7, n_chronic: 28, acute_kcal: 800 });
    if (load.status !== 'ok') return;
    expect(load.chronic_kcal).toBeCloseTo((21 * 500 + 7 * 800) / 28, 12);
    expect(load.ratio).toBeCloseTo(800 / 575, 12);
    expect(trainingLoad(dailyLoad(activity.slice(0, 20), []), dayAt(27))).toMatchObject({
      status: 'not_enough_data',
      n: 0,
      needed: 5,
    });
  });
});

describe('early warnings', () => {
  /** 40 ordinary days, then day 40 with the signals given. */
  function history(last: { temperature: number; rhr: number; hrv: number }) {
    const docs = empty();
    const random = seededRandom('baseline');
    for (let i = 0; i <= 40; i++) {
      const day = dayAt(i);
      const ordinary = i < 40;
      docs.daily_readiness.push({
        day,
        score: 80,
        temperature_deviation: ordinary ? (random() - 0.5) * 0.2 : last.temperature,
      } as OuraDocument<'daily_readiness'>);
      docs.sleep.push(
        night(day, 7, {
          lowest_heart_rate: ordinary ? 50 + Math.round(random() * 4) : last.rhr,
          average_hrv: ordinary ? 60 + Math.round(random() * 10) : last.hrv,
        }),
      );
    }
    return dailySeries(docs);
  }

  it('flags a day when temperature, resting heart rate and HRV leave the baseline together, and names them', () => {
    const answer = earlyWarnings(history({ temperature: 0.9, rhr: 60, hrv: 40 }), FIRST, dayAt(40));
    expect(answer.status).toBe('ok');
    if (answer.status !== 'ok') return;
    expect(answer.disclaimer).toBe(NOT_A_DIAGNOSIS);
    expect(answer.disclaimer).toMatch(/^Not a diagnosis/);
    // Days 14…40 have 14 baseline values or more.
    expect(answer.n).toBe(27);
    expect(answer.warnings.map((w) => w.day)).toEqual([dayAt(40)]);
    expect(answer.warnings[0]?.signals.map((s) => s.signal)).toEqual([
      'temperature_deviation',
      'resting_heart_rate',
      'hrv',
    ]);
  });

  it('does not flag one signal alone, nor signals moving the welcome way', () => {
    const fever = earlyWarnings(history({ temperature: 0.9, rhr: 52, hrv: 65 }), FIRST, dayAt(40));
    expect(fever.status === 'ok' && fever.warnings).toEqual([]);
    const fit = earlyWarnings(history({ temperature: 0, rhr: 40, hrv: 95 }), FIRST, dayAt(40));
    expect(fit.status === 'ok' && fit.warnings).toEqual([]);
  });
});

describe('mid-sleep', () => {
  it("reads the clock from the document's own UTC offset, not the machine's time zone", () => {
    // 23:00–07:00 at +09:00: mid-sleep 03:00 on the wake day, wherever the tests run.
    const tokyo = night('2026-03-10', 7, {
      bedtime_start: '2026-03-09T23:00:00+09:00',
      bedtime_end: '2026-03-10T07:00:00+09:00',
    });
    expect(midSleepHours(tokyo)).toBe(3);
    // 22:30–05:30 at −05:00: mid-sleep 02:00.
    const late = night('2026-03-10', 7, {
      bedtime_start: '2026-03-09T22:30:00-05:00',
      bedtime_end: '2026-03-10T05:30:00-05:00',
    });
    expect(midSleepHours(late)).toBe(2);
  });
});

describe('habit effects', () => {
  /** 120 evenings; a tag every third one lowers the next night's HRV by 10 (noise ±3). */
  function planted(): InsightDocuments {
    const docs = empty();
    const random = seededRandom('habit');
    for (let i = 0; i < 120; i++) {
      const tagged = i % 3 === 0;
      if (tagged) {
        docs.enhanced_tag.push({
          start_day: dayAt(i),
          tag_type_code: 'tag_generic_alcohol',
        } as OuraDocument<'enhanced_tag'>);
      }
      const hrv = 60 + (random() - 0.5) * 6 - (i > 0 && (i - 1) % 3 === 0 ? 10 : 0);
      docs.sleep.push(night(dayAt(i), 7 + random(), { average_hrv: hrv }));
    }
    docs.enhanced_tag.push({
      start_day: dayAt(5),
      tag_type_code: 'tag_generic_sauna',
    } as OuraDocument<'enhanced_tag'>);
    return docs;
  }

  it('finds a planted effect with an interval that covers it, and n on each side', () => {
    const answer = computeInsights(planted(), { start: FIRST, end: dayAt(119), kinds: ['habits'] });
    const comparisons = answer.habits?.status === 'ok' ? answer.habits.comparisons : [];
    const hrv = comparisons.find(
      (c) => c.exposure === 'tag:tag_generic_alcohol' && c.outcome === 'average_hrv',
    );
    expect(hrv?.status).toBe('ok');
    if (hrv?.status !== 'ok') return;
    // Evenings 0, 3, …, 117 are tagged (40); evening 119 has no next day in range.
    expect([hrv.n_with, hrv.n_without]).toEqual([40, 79]);
    expect(hrv.finding).toBe(true);
    expect(hrv.interval?.low).toBeLessThan(-10);
    expect(hrv.interval?.high).toBeGreaterThan(-10);
    expect(hrv.hedges_g).toBeLessThan(-2);
    // Total sleep was not touched: no finding there.
    const sleep = comparisons.find(
      (c) => c.exposure === 'tag:tag_generic_alcohol' && c.outcome === 'total_sleep_hours',
    );
    expect(sleep?.status === 'ok' && sleep.finding).toBe(false);
    // One sauna evening: not enough data, with the count.
    const sauna = comparisons.find(
      (c) => c.exposure === 'tag:tag_generic_sauna' && c.outcome === 'average_hrv',
    );
    expect(sauna).toMatchObject({ status: 'not_enough_data', n: 1, needed: 20 });
  });

  it('bootstraps the findings alone when asked, their intervals unchanged, the rest null', () => {
    const docs = planted();
    const range = { start: FIRST, end: dayAt(119) };
    const all = computeInsights(docs, { ...range, kinds: ['habits'] }).habits;
    const findingsOnly = computeInsights(docs, {
      ...range,
      kinds: ['habits'],
      habitIntervals: 'findings',
    }).habits;
    if (all?.status !== 'ok' || findingsOnly?.status !== 'ok') throw new Error('habits: no answer');
    const tested = all.comparisons.filter((c) => c.status === 'ok');
    expect(tested.some((c) => c.finding)).toBe(true);
    expect(tested.some((c) => !c.finding)).toBe(true);
    expect(findingsOnly.comparisons).toEqual(
      all.comparisons.map((c) => (c.status === 'ok' && !c.finding ? { ...c, interval: null } : c)),
    );
  });

  it('gives the same answer from a reader function, asked once per type for the range', () => {
    const docs = planted();
    const asked: string[] = [];
    const range = { start: dayAt(10), end: dayAt(100) };
    const fromReader = computeInsights(
      (type, { start, end }) => {
        asked.push(`${type} ${start}…${end}`);
        return docs[type];
      },
      { ...range, kinds: ['habits'] },
    );
    expect(asked.sort()).toEqual(
      ['daily_activity', 'daily_readiness', 'daily_sleep', 'enhanced_tag', 'sleep', 'workout'].map(
        (type) => `${type} ${range.start}…${range.end}`,
      ),
    );
    expect(fromReader).toEqual(computeInsights(docs, { ...range, kinds: ['habits'] }));
    // Documents outside the range are dropped even when the reader returns them.
    expect(loadDocuments(docs, range).sleep.map((s) => s.day)).toEqual(
      docs.sleep.map((s) => s.day).filter((day) => day >= range.start && day <= range.end),
    );
  });
});

describe('an empty or short history', () => {
  it('answers every insight with "not enough data", n and the minimum, and no number', () => {
    const answers = computeInsights({}, { start: FIRST, end: dayAt(60) });
    for (const [kind, answer] of Object.entries(answers)) {
      expect(answer, kind).toMatchObject({ status: 'not_enough_data', n: 0 });
      expect(answer.status === 'not_enough_data' && answer.needed, kind).toBeGreaterThan(0);
      expect(answer.method.length, kind).toBeGreaterThan(20);
    }
    expect(Object.keys(answers)).toHaveLength(7);
  });
});
