import { hashString, Prng } from '../prng.js';
import { dayNumber, localDayStart, localMidnight, utcIso } from '../time.js';
import { activityBuilders } from './activity.js';
import { BATTERY_STEP_MS, batteryRows, type RingBatteryRow } from './battery.js';
import { Changes } from './changes.js';
import {
  type Doc,
  type DocBuilder,
  type DocContext,
  documentId,
  parseDocumentId,
} from './context.js';
import { DrawnDocuments } from './drawn-documents.js';
import { EffectPlanter, type PlantedEffect } from './effects.js';
import { type HeartRateRow, heartRateSeries } from './heartrate.js';
import { PlanCache } from './plan.js';
import { sleepBuilders } from './sleep.js';
import { wellbeingBuilders } from './wellbeing.js';

/** The person behind the synthetic data, as `personal_info` serves them. */
export interface SyntheticUser {
  id: string;
  email: string;
  age: number;
  weight: number;
  height: number;
  biological_sex: string;
}

export interface DataSourceOptions {
  /** Separates data sets: the user's data and the sandbox's differ only by seed. */
  seed: string;
  /** The person's address in `personal_info`. */
  email: string;
  /** Known effects written into the history; default none. */
  effects?: readonly PlantedEffect[];
  /** Last day of history, `YYYY-MM-DD`. */
  today: string;
  historyDays: number;
  /** Clock, so series never reach into the future. */
  now: () => number;
}

const BUILDERS: Record<string, DocBuilder> = {
  ...sleepBuilders,
  ...activityBuilders,
  ...wellbeingBuilders,
};

/** A page of results and whether more follow. */
export interface Page<T> {
  items: T[];
  total: number;
  /** Generated items this page covers, when some were withheld (deleted or late); default `items.length`. */
  consumed?: number;
}

/** The generator of a person's details; its first draw is their id. */
function userPrng(seed: string): Prng {
  return new Prng(`${seed}|user`);
}

/** 32 hex digits shaped as a version 4 UUID, as Oura's user ids are. */
function uuidOf(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** The `personal_info.id` of the person drawn from `seed`, without drawing their history. */
export function syntheticUserId(seed: string): string {
  return uuidOf(userPrng(seed).hex(32));
}

/**
 * One synthetic person's history, produced on demand from the seed: only the
 * days and samples a request touches are ever generated.
 */
export class DataSource {
  readonly user: SyntheticUser;
  readonly firstDay: number;
  readonly lastDay: number;
  readonly salt: number;
  /** Revisions, deletions and late data applied on top of the generated history. */
  readonly changes = new Changes();
  private readonly plans: PlanCache;
  private readonly rings: Doc[];
  /** Documents drawn, served again as the same objects (see DrawnDocuments). */
  private readonly drawn = new DrawnDocuments();

  constructor(private readonly options: DataSourceOptions) {
    const last = dayNumber(options.today);
    if (last === undefined) throw new Error(`today is not a YYYY-MM-DD date: ${options.today}`);
    this.lastDay = last;
    this.firstDay = last - Math.max(1, options.historyDays) + 1;
    this.salt = hashString(options.seed);
    const effects = options.effects ?? [];
    this.plans = new PlanCache(
      options.seed,
      effects.length > 0 ? new EffectPlanter(options.seed, effects, last) : undefined,
    );
    const prng = userPrng(options.seed);
    this.user = {
      id: uuidOf(prng.hex(32)),
      email: options.email,
      age: prng.int(28, 45),
      weight: Math.round(prng.float(58, 85) * 10) / 10,
      height: Math.round(prng.float(1.6, 1.9) * 100) / 100,
      biological_sex: prng.pick(['female', 'male']),
    };
    // The first ring since the start of history; a newer one for the last 100 days.
    const ring = (
      index: number,
      since: number,
      hardware: string,
      design: string,
      color: string,
    ) => ({
      id: documentId({ salt: this.salt }, 'ring_configuration', since, index),
      color,
      design,
      firmware_version: index === 0 ? '2.9.21' : '3.1.14',
      hardware_type: hardware,
      // The evening of its first local day: at 18:00 UTC it fell on the next local
      // day east of UTC+6, and a history read from the set-up day lost its first day.
      set_up_at: utcIso(localMidnight(since) + 18 * 3_600_000),
      size: 9,
    });
    this.rings = [ring(0, this.firstDay, 'gen3', 'heritage', 'silver')];
    if (options.historyDays > 100)
      this.rings.push(ring(1, last - 100, 'gen4', 'horizon', 'stealth_black'));
  }

  private context(num: number): DocContext {
    const newest = this.rings[this.rings.length - 1];
    const ring = this.rings.length > 1 && num >= this.lastDay - 100 ? newest : this.rings[0];
    return {
      seed: this.options.seed,
      salt: this.salt,
      plans: this.plans,
      plan: this.plans.get(num),
      age: this.user.age,
      ringId: String(ring?.id ?? ''),
    };
  }

  /** Documents of a date type whose day lies in [fromNum, toNum], from `offset`, at most `limit`. */
  listDocuments(
    type: string,
    fromNum: number,
    toNum: number,
    offset: number,
    limit: number,
  ): Page<Doc> {
    const builder = BUILDERS[type];
    if (!builder) throw new Error(`no generator for ${type}`);
    const items: Doc[] = [];
    let seen = 0;
    const from = Math.max(fromNum, this.firstDay);
    const to = Math.min(toNum, this.lastDay);
    for (let num = from; num <= to; num++) {
      const ctx = this.context(num);
      const count = builder.count(ctx);
      for (let index = 0; index < count; index++, seen++) {
        if (seen >= offset && items.length < limit)
          items.push(this.drawn.get(type, num, index, () => builder.build(ctx, index)));
      }
    }
    // Applied per page: offsets keep counting generated documents, so pages stay consistent.
    return { items: this.changes.apply(type, items), total: seen, consumed: items.length };
  }

  /** One document by id, or undefined when no such document exists in this history. */
  findDocument(type: string, id: string): Doc | undefined {
    if (type === 'ring_configuration') return this.rings.find((ring) => ring.id === id);
    const parsed = parseDocumentId(id);
    const builder = BUILDERS[type];
    if (!parsed || !builder || parsed.type !== type) return undefined;
    if (parsed.num < this.firstDay || parsed.num > this.lastDay) return undefined;
    const ctx = this.context(parsed.num);
    if (parsed.index >= builder.count(ctx)) return undefined;
    const doc = builder.build(ctx, parsed.index);
    if (doc.id !== id) return undefined;
    return this.changes.apply(type, [doc])[0];
  }

  /** The rings, for `ring_configuration`. */
  ringConfigurations(): Doc[] {
    return this.rings.map((ring) => ({ ...ring }));
  }

  /** [start, end) of the series: local midnight of the first day to the end of today or now. */
  seriesBounds(): { start: number; end: number } {
    return {
      start: localDayStart(this.firstDay),
      end: Math.min(localDayStart(this.lastDay + 1), this.options.now()),
    };
  }

  private grid(step: number, start: number, end: number): { first: number; total: number } {
    const bounds = this.seriesBounds();
    const from = Math.max(start, bounds.start);
    const to = Math.min(end, bounds.end);
    const first = Math.ceil(from / step) * step;
    return { first, total: to > first ? Math.ceil((to - first) / step) : 0 };
  }

  /**
   * Heart-rate rows with timestamps in [start, end), from the instant `after`
   * on (paged by instant: samples are not evenly spaced), and the instant of
   * the next row when more follow.
   */
  heartRate(
    start: number,
    end: number,
    after: number,
    limit: number,
  ): { items: HeartRateRow[]; next: number | undefined } {
    const bounds = this.seriesBounds();
    const from = Math.max(start, bounds.start, after);
    const to = Math.min(end, bounds.end);
    const { rows, next } = heartRateSeries(this.plans, this.salt, from, to, limit);
    return { items: rows, next };
  }

  /** Battery rows with timestamps in [start, end), paged by row index. */
  batteryLevel(start: number, end: number, offset: number, limit: number): Page<RingBatteryRow> {
    const { first, total } = this.grid(BATTERY_STEP_MS, start, end);
    const count = Math.max(0, Math.min(limit, total - offset));
    return { items: batteryRows(this.salt, first + offset * BATTERY_STEP_MS, count), total };
  }
}
