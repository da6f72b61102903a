/** The checks of {@link EmulatorOptions} and of the test hooks' arguments: a mistake fails at once, by name. */
import { accountSpecs } from './accounts.js';
import { syntheticUserId } from './data/data-source.js';
import { effectProblem, type PlantedEffect } from './data/effects.js';
import type { EmulatorOptions } from './options.js';
import { dayNumber } from './time.js';

/** Throws a `RangeError` naming `startEmulator` when `condition` does not hold. */
export function check(condition: boolean, message: string): void {
  if (!condition) throw new RangeError(`startEmulator: ${message}`);
}

/** Refuses options no emulator could honour (negative sizes, bad days, no clients) before anything starts. */
export function validateOptions(options: EmulatorOptions): void {
  const nonNegativeInt = (value: number | undefined, name: string) =>
    check(
      value === undefined || (Number.isInteger(value) && value >= 0),
      `${name} must be a non-negative integer`,
    );
  nonNegativeInt(options.port, 'port');
  nonNegativeInt(options.latencyMs, 'latencyMs');
  nonNegativeInt(options.force429, 'force429');
  for (const [name, value] of Object.entries({
    codeLifetimeSeconds: options.codeLifetimeSeconds,
    accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds,
    pageSize: options.pageSize,
    seriesPageSize: options.seriesPageSize,
    historyDays: options.historyDays,
    'rateLimit.limit': options.rateLimit?.limit,
    'rateLimit.windowSeconds': options.rateLimit?.windowSeconds,
    'appRateLimit.limit': options.appRateLimit?.limit,
    'appRateLimit.windowSeconds': options.appRateLimit?.windowSeconds,
    webhookLifetimeSeconds: options.webhookLifetimeSeconds,
  })) {
    check(
      value === undefined || (Number.isInteger(value) && value > 0),
      `${name} must be a positive integer`,
    );
  }
  check(
    (options.webhookRetryDelaysMs ?? []).every((ms) => Number.isInteger(ms) && ms >= 0),
    'webhookRetryDelaysMs must hold non-negative integers',
  );
  const rate = options.failureRate;
  check(rate === undefined || (rate >= 0 && rate <= 1), 'failureRate must be between 0 and 1');
  check(
    options.today === undefined || dayNumber(options.today) !== undefined,
    'today must be YYYY-MM-DD',
  );
  check(
    options.startDay === undefined || dayNumber(options.startDay) !== undefined,
    'startDay must be YYYY-MM-DD',
  );
  check(
    options.startDay === undefined || options.historyDays === undefined,
    'give startDay or historyDays, not both',
  );
  check(options.clients === undefined || options.clients.length > 0, 'clients must not be empty');
  check(options.seed === undefined || options.seed !== '', 'seed must not be empty');
  checkEffects(options.effects ?? [], 'effects');
  checkAccounts(options);
}

function checkEffects(effects: readonly PlantedEffect[], name: string): void {
  effects.forEach((effect, index) => {
    const problem = effectProblem(effect);
    check(problem === undefined, `${name}[${index}]: ${problem}`);
  });
}

/** At most this many accounts: far beyond any test, short of a typo's million. */
const MAX_ACCOUNTS = 100_000;

function checkAccounts(options: EmulatorOptions): void {
  const { accounts } = options;
  if (accounts === undefined) return;
  if (!Array.isArray(accounts)) {
    check(
      Number.isInteger(accounts) && accounts >= 1 && accounts <= MAX_ACCOUNTS,
      `accounts must be an integer from 1 to ${MAX_ACCOUNTS}`,
    );
    return;
  }
  check(
    accounts.length >= 1 && accounts.length <= MAX_ACCOUNTS,
    `accounts must list 1 to ${MAX_ACCOUNTS} accounts`,
  );
  check(
    options.seed === undefined && options.effects === undefined,
    'with a list of accounts, give seed and effects in its entries',
  );
  const specs = accountSpecs(options);
  specs.forEach((spec, index) => {
    check(spec.seed !== '', `accounts[${index}].seed must not be empty`);
    check(spec.email !== '', `accounts[${index}].email must not be empty`);
    checkEffects(spec.effects, `accounts[${index}].effects`);
  });
  const distinct = (values: string[]) => new Set(values).size === values.length;
  check(distinct(specs.map((spec) => spec.seed)), 'accounts must have distinct seeds');
  check(distinct(specs.map((spec) => spec.email)), 'accounts must have distinct emails');
  check(
    distinct(specs.map((spec) => syntheticUserId(spec.seed))),
    'accounts draw the same user id: choose other seeds',
  );
}
