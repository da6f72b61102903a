/**
 * Planted effects: the emulator writes known causes into its synthetic
 * history (a tag that moves the next night, a week of fever), and every type
 * that reads the night shows them alike; without effects the history is
 * byte for byte what it was before effects existed. Real emulators over real
 * sockets, read through the typed client.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OuraClient } from '../src/api/client.js';
import type { ListType, OuraDocument } from '../src/api/types.js';
import { addDays } from '../src/calendar/days.js';
import { type EmulatorOptions, type PlantedEffect, startEmulator } from '../src/emulator/index.js';

/** A fixed past day: the history (and its heart-rate series) never depends on the clock. */
const TODAY = '2024-03-01';

type Docs = { [T in ListType]?: OuraDocument<T>[] };

/** Every document of `types` from `days` days before `today` to `today`, through the typed client. */
async function fetchTypes(
  options: EmulatorOptions & { today: string },
  types: ListType[],
  days: number,
): Promise<Docs> {
  const emulator = await startEmulator({ historyDays: days + 2, ...options });
  try {
    const client = new OuraClient({
      baseUrl: emulator.url,
      token: emulator.mintTokens().access_token,
    });
    const out: Docs = {};
    for (const type of types) {
      const docs: unknown[] = [];
      const range = { start: addDays(options.today, -days), end: options.today };
      for await (const doc of client.list(type, range)) docs.push(doc);
      (out as Record<string, unknown[]>)[type] = docs;
    }
    return out;
  } finally {
    await emulator.close();
  }
}

function sha256(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** Runs `body` with the process in time zone `zone` (the history's local days follow it). */
async function inTimeZone<T>(zone: string, body: () => Promise<T>): Promise<T> {
  const saved = process.env.TZ;
  process.env.TZ = zone;
  try {
    return await body();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

type Sleep = OuraDocument<'sleep'>;

/** The night's sleep document (not a nap) by the day it is filed under. */
function nightsByDay(docs: Docs): Map<string, Sleep> {
  return new Map(
    (docs.sleep ?? []).filter((doc) => doc.type === 'long_sleep').map((doc) => [doc.day, doc]),
  );
}

/** Days that carry `code` in `enhanced_tag`. */
function taggedDays(docs: Docs, code: string): Set<string> {
  return new Set(
    (docs.enhanced_tag ?? [])
      .filter((doc) => doc.tag_type_code === code)
      .map((doc) => String(doc.start_day)),
  );
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function sumOfSquares(values: number[]): number {
  const m = mean(values);
  return values.reduce((a, b) => a + (b - m) ** 2, 0);
}

/**
 * Next-night `average_hrv` after days with `code` minus after days without,
 * with the standard error of that difference. The variance is pooled over
 * both groups: a planted effect shifts nights without changing their spread,
 * and the few nights after a rarely drawn tag would estimate theirs poorly.
 */
function nextNightHrvDifference(docs: Docs, code: string) {
  const nights = nightsByDay(docs);
  const tagged = taggedDays(docs, code);
  const withTag: number[] = [];
  const without: number[] = [];
  for (const [day, night] of nights) {
    if (typeof night.average_hrv !== 'number') continue;
    (tagged.has(addDays(day, -1)) ? withTag : without).push(night.average_hrv);
  }
  const difference = mean(withTag) - mean(without);
  const pooledVariance =
    (sumOfSquares(withTag) + sumOfSquares(without)) / (withTag.length + without.length - 2);
  const standardError = Math.sqrt(pooledVariance * (1 / withTag.length + 1 / without.length));
  return { difference, standardError, n: withTag.length };
}

/** Day number of a `YYYY-MM-DD`. */
const dayNum = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

const PINNED_TYPES: ListType[] = [
  'sleep',
  'daily_readiness',
  'daily_sleep',
  'enhanced_tag',
  'tag',
  'daily_activity',
  'heartrate',
];

describe('without effects', () => {
  it('serves the same bytes as before effects existed', async () => {
    // The history's local days follow the machine's zone: pin it, so the hash holds anywhere.
    await inTimeZone('UTC', async () => {
      const plain = await fetchTypes({ today: '2023-03-01', historyDays: 40 }, PINNED_TYPES, 20);
      // The value `main` served before effects existed (same seed, day, range and zone).
      expect(sha256(plain)).toBe(
        '7b669740e040f2c318f08b9deb6d196832c799dc9a2389a57cf8a7608f5fbdd6',
      );
      const none = await fetchTypes(
        { today: '2023-03-01', historyDays: 40, effects: [], seed: 'user' },
        PINNED_TYPES,
        20,
      );
      expect(sha256(none)).toBe(sha256(plain));
    });
  }, 60_000);
});

describe('a tag that lowers the next night HRV', () => {
  const code = 'tag_generic_alcohol';
  const effect: PlantedEffect = {
    kind: 'tag',
    tag: code,
    everyNthDay: 3,
    nextNight: { average_hrv: -8, lowest_heart_rate: 3 },
  };
  const types: ListType[] = ['sleep', 'daily_readiness', 'enhanced_tag', 'tag'];

  it('tags every third day in enhanced_tag and tag, and moves each next night by exactly the planted amounts', async () => {
    const days = 120;
    const plain = await fetchTypes({ today: TODAY }, types, days);
    const planted = await fetchTypes({ today: TODAY, effects: [effect] }, types, days);

    const tagged = taggedDays(planted, code);
    for (let day = addDays(TODAY, -days); day <= TODAY; day = addDays(day, 1)) {
      if (dayNum(day) % 3 === 0) expect(tagged, day).toContain(day);
    }
    // A tag drawn anyway on another day keeps its effect: the effect follows the tag.
    const legacyTagged = new Set(
      (planted.tag ?? []).filter((doc) => doc.tags?.includes('alcohol')).map((doc) => doc.day),
    );
    expect(legacyTagged).toEqual(tagged);

    const before = nightsByDay(plain);
    const after = nightsByDay(planted);
    const readinessBefore = new Map((plain.daily_readiness ?? []).map((doc) => [doc.day, doc]));
    const readinessAfter = new Map((planted.daily_readiness ?? []).map((doc) => [doc.day, doc]));
    let moved = 0;
    for (const [day, night] of after) {
      const old = before.get(day);
      if (!old) throw new Error(`no plain night on ${day}`);
      // The first night's day before lies outside the tags fetched.
      if (day === addDays(TODAY, -days)) continue;
      if (!tagged.has(addDays(day, -1))) {
        expect(night, day).toEqual(old);
        expect(readinessAfter.get(day), day).toEqual(readinessBefore.get(day));
        continue;
      }
      moved++;
      expect(night.average_hrv, day).toBe(Number(old.average_hrv) - 8);
      expect(night.lowest_heart_rate, day).toBe(Number(old.lowest_heart_rate) + 3);
      // The whole night's heart rate rose with it, sample by sample.
      const bpm = (doc: Sleep) => doc.heart_rate?.items ?? [];
      expect(bpm(night), day).toEqual(bpm(old).map((value) => (value ?? 0) + 3));
      // Oura's readiness reads the night: its HRV and resting heart rate contributors fall.
      const contributors = (doc: unknown) =>
        (doc as { contributors: { hrv_balance: number; resting_heart_rate: number } }).contributors;
      const was = contributors(readinessBefore.get(day));
      const is = contributors(readinessAfter.get(day));
      expect(is.hrv_balance, day).toBeLessThanOrEqual(was.hrv_balance);
      expect(is.resting_heart_rate, day).toBeLessThanOrEqual(was.resting_heart_rate);
      expect(is.hrv_balance + is.resting_heart_rate, day).toBeLessThan(
        was.hrv_balance + was.resting_heart_rate,
      );
      // `sleep` carries the readiness of its night: the same as `daily_readiness`.
      expect(night.readiness?.contributors).toEqual(is);
    }
    expect(moved).toBeGreaterThanOrEqual(days / 3 - 1);
  }, 60_000);

  it('shows as about -8 ms between next nights after tagged and untagged days, within 4 standard errors', async () => {
    const planted = await fetchTypes({ today: TODAY, effects: [effect] }, types, 400);
    const { difference, standardError, n } = nextNightHrvDifference(planted, code);
    // About 130 tagged against 270 untagged nights, each night's average HRV
    // spread by a few ms (resting heart rate varies by night): the standard
    // error of the difference is well under 1 ms, and 4 of them is a bound
    // noise passes with odds of about 1 in 15 000.
    expect(n).toBeGreaterThan(120);
    expect(standardError).toBeLessThan(1);
    expect(Math.abs(difference - -8)).toBeLessThan(4 * standardError);
  }, 60_000);
});

describe('a week of illness', () => {
  const effect: PlantedEffect = {
    kind: 'illness',
    startDaysAgo: 30,
    days: 7,
    nights: { temperature_deviation: 0.8, lowest_heart_rate: 6, average_hrv: -10 },
  };

  it('raises temperature deviation and resting heart rate on exactly its days', async () => {
    const types: ListType[] = ['sleep', 'daily_readiness', 'heartrate'];
    const plain = await fetchTypes({ today: TODAY }, types, 40);
    const ill = await fetchTypes({ today: TODAY, effects: [effect] }, types, 40);
    const first = addDays(TODAY, -30);
    const last = addDays(TODAY, -24);
    const isIll = (day: string) => day >= first && day <= last;

    const readinessBefore = new Map((plain.daily_readiness ?? []).map((doc) => [doc.day, doc]));
    const illDays: string[] = [];
    for (const doc of ill.daily_readiness ?? []) {
      const old = readinessBefore.get(doc.day);
      if (!old) throw new Error(`no plain readiness on ${doc.day}`);
      if (!isIll(doc.day)) {
        expect(doc, doc.day).toEqual(old);
        continue;
      }
      illDays.push(doc.day);
      // Rounded to 0.01 °C, as served.
      expect(Number(doc.temperature_deviation) - Number(old.temperature_deviation)).toBeCloseTo(
        0.8,
        5,
      );
      expect(doc.contributors.body_temperature).toBeLessThan(
        old.contributors.body_temperature ?? 0,
      );
      expect(doc.score).toBeLessThan(old.score ?? 0);
    }
    expect(illDays).toHaveLength(7);

    const before = nightsByDay(plain);
    for (const [day, night] of nightsByDay(ill)) {
      const old = before.get(day);
      if (!isIll(day)) {
        expect(night, day).toEqual(old);
        continue;
      }
      expect(night.lowest_heart_rate, day).toBe(Number(old?.lowest_heart_rate) + 6);
      expect(night.average_hrv, day).toBe(Number(old?.average_hrv) - 10);
    }

    // The heart-rate series says the same: 6 bpm more while asleep on those nights, nothing else moved.
    const oldSeries = new Map(
      (plain.heartrate ?? []).map((row) => [`${row.timestamp}|${row.source}`, row.bpm]),
    );
    const illNights = [...nightsByDay(ill).values()]
      .filter((night) => isIll(night.day))
      .map((night) => ({
        start: Date.parse(night.bedtime_start),
        end: Date.parse(night.bedtime_end),
      }));
    expect(illNights).toHaveLength(7);
    const calmBefore = Date.parse(`${addDays(first, -2)}T00:00:00Z`);
    const calmAfter = Date.parse(`${addDays(last, 2)}T00:00:00Z`);
    let asleep = 0;
    for (const row of ill.heartrate ?? []) {
      const old = oldSeries.get(`${row.timestamp}|${row.source}`);
      const t = Date.parse(row.timestamp);
      if (row.source === 'sleep' && illNights.some((night) => t >= night.start && t < night.end)) {
        asleep++;
        expect(row.bpm, row.timestamp).toBe(Number(old) + 6);
      } else if (t < calmBefore || t > calmAfter) {
        expect(row.bpm, row.timestamp).toBe(old);
      }
    }
    expect(asleep).toBeGreaterThan(7 * 60);
  }, 60_000);
});

describe('the no-effect data set', () => {
  it('seeds s1..s40 are different people, none with the planted tag pattern', async () => {
    const code = 'tag_generic_alcohol';
    const users = new Set<string>();
    const findings: string[] = [];
    for (let i = 1; i <= 40; i++) {
      const seed = `s${i}`;
      const emulatorDocs = await fetchTypes(
        { today: TODAY, seed },
        ['sleep', 'enhanced_tag', 'daily_readiness'],
        365,
      );
      users.add(sha256(emulatorDocs.sleep?.[0]));
      const tagged = taggedDays(emulatorDocs, code);
      // Drawn tags only: about one day in 40 has this one, never every third day.
      expect(tagged.size, seed).toBeLessThan(365 / 10);
      const { difference, standardError, n } = nextNightHrvDifference(emulatorDocs, code);
      if (n >= 2 && Math.abs(difference) > 4 * standardError) {
        findings.push(`${seed}: ${difference.toFixed(1)} ms (n=${n})`);
      }
    }
    expect(users.size).toBe(40);
    expect(findings).toEqual([]);
  }, 180_000);
});

describe('effects that cannot be planted', () => {
  it('are refused by name before the emulator starts', async () => {
    const refused: [PlantedEffect, string][] = [
      [
        { kind: 'tag', tag: 'tag_generic_alcohol', nextNight: { average_hrv: -8 } },
        'effects[0]: give everyNthDay or probability (one of them)',
      ],
      [
        {
          kind: 'tag',
          tag: 'tag_generic_alcohol',
          probability: 1.5,
          nextNight: { average_hrv: -8 },
        },
        'effects[0]: probability must be above 0 and at most 1',
      ],
      [
        { kind: 'illness', startDaysAgo: 3, days: 2, nights: { hrv: -8 } as never },
        'effects[0]: unknown shift "hrv"',
      ],
      [
        { kind: 'illness', startDaysAgo: -1, days: 2, nights: {} },
        'effects[0]: startDaysAgo must be a non-negative integer',
      ],
    ];
    for (const [effect, message] of refused) {
      await expect(startEmulator({ effects: [effect] })).rejects.toThrow(message);
    }
    await expect(startEmulator({ seed: '' })).rejects.toThrow('seed must not be empty');
  });
});
