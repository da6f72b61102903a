/**
 * The people an emulator holds: one by default, several for services that
 * sign many people in (`oura serve`). Each account is its own synthetic
 * history, drawn from its seed; a history is built the first time something
 * asks for it, so an emulator of hundreds of accounts starts as fast as one.
 */
import { DataSource, syntheticUserId } from './data/data-source.js';
import type { PlantedEffect } from './data/effects.js';

/** One account of the emulator, as {@link EmulatorOptions.accounts} lists it. */
export interface EmulatorAccount {
  /** Draws the account's history: another seed, another person. */
  seed: string;
  /** Its address in `personal_info`; default `demo.sleeper@example.com` for the first, `sleeper{i}@example.com` after. */
  email?: string;
  /** Known effects planted into its history; default none. */
  effects?: PlantedEffect[];
}

/** An account as tests and the consent page name it. */
export interface AccountSummary {
  /** `personal_info.id`, and the `user_id` of its webhook events. */
  userId: string;
  email: string;
}

/** An account by its position (0 = the first) or by its user id. */
export type AccountRef = number | string;

/** The address of account `index` when none is given; the first keeps the emulator's historic one. */
export function defaultEmail(index: number): string {
  return index === 0 ? 'demo.sleeper@example.com' : `sleeper${index}@example.com`;
}

/**
 * The accounts `startEmulator` serves: `accounts` as given, or that many
 * accounts where the first is the one `seed`/`effects` describe (the emulator
 * of old) and account i > 0 draws from `${seed}-${i}`.
 */
export function accountSpecs(options: {
  accounts?: number | EmulatorAccount[];
  seed?: string;
  effects?: PlantedEffect[];
}): Required<EmulatorAccount>[] {
  const given = options.accounts;
  if (Array.isArray(given)) {
    return given.map((account, index) => ({
      seed: account.seed,
      email: account.email ?? defaultEmail(index),
      effects: account.effects ?? [],
    }));
  }
  const seed = options.seed ?? 'user';
  return Array.from({ length: given ?? 1 }, (_, index) => ({
    seed: index === 0 ? seed : `${seed}-${index}`,
    email: defaultEmail(index),
    effects: index === 0 ? (options.effects ?? []) : [],
  }));
}

/** What every account's history shares. */
export interface AccountsContext {
  today: string;
  historyDays: number;
  now: () => number;
  /** Types whose documents for `today` each account holds back at first. */
  holdToday: readonly string[];
}

/** The accounts of one running emulator, their histories built on first use. */
export class Accounts {
  readonly list: readonly AccountSummary[];
  private readonly sources: (DataSource | undefined)[];
  private readonly byUserId: Map<string, number>;

  constructor(
    private readonly specs: readonly Required<EmulatorAccount>[],
    private readonly context: AccountsContext,
  ) {
    // Ids only: a hash of the seed, cheap even for hundreds of accounts.
    this.list = specs.map((spec) => ({ userId: syntheticUserId(spec.seed), email: spec.email }));
    this.byUserId = new Map(this.list.map((account, index) => [account.userId, index]));
    this.sources = specs.map(() => undefined);
  }

  /** The position of an account, or undefined when there is no such account. */
  indexOf(ref: AccountRef): number | undefined {
    if (typeof ref === 'number') {
      return Number.isInteger(ref) && ref >= 0 && ref < this.list.length ? ref : undefined;
    }
    return this.byUserId.get(ref);
  }

  /** The history of account `index` (a valid position), built now if nothing asked for it before. */
  source(index: number): DataSource {
    const built = this.sources[index];
    if (built) return built;
    const spec = this.specs[index];
    if (!spec) throw new RangeError(`no account ${index}`);
    const { today, historyDays, now, holdToday } = this.context;
    const source = new DataSource({ ...spec, today, historyDays, now });
    for (const type of holdToday) source.changes.hold(type, today);
    this.sources[index] = source;
    return source;
  }

  /** The history of the account with this user id, or undefined (a grant of an account no longer served). */
  sourceOf(userId: string): DataSource | undefined {
    const index = this.byUserId.get(userId);
    return index === undefined ? undefined : this.source(index);
  }
}

/**
 * Reads an account named in a control request: digits are a position, anything
 * else a user id; absent is the first account.
 */
export function parseAccountRef(text: string | null | undefined): AccountRef {
  if (text === null || text === undefined || text === '') return 0;
  return /^\d+$/.test(text) ? Number(text) : text;
}
