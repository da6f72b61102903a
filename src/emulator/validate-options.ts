/** The checks of {@link EmulatorOptions} and of the test hooks' arguments: a mistake fails at once, by name. */
import { effectProblem } from './data/effects.js';
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
  (options.effects ?? []).forEach((effect, index) => {
    const problem = effectProblem(effect);
    check(problem === undefined, `effects[${index}]: ${problem}`);
  });
}
