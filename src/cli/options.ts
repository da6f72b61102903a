import { UsageError } from '../errors.js';

/** Commander option parser for whole numbers within bounds; bad values are usage errors (exit 2). */
export function parseIntegerOption(
  flag: string,
  value: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const number = Number(value);
  if (
    !/^\d+$/.test(value.trim()) ||
    !Number.isSafeInteger(number) ||
    number < min ||
    number > max
  ) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max} (got "${value}").`);
  }
  return number;
}

/** {@link parseIntegerOption} for an option that may be absent. */
export function parseOptionalInteger(
  flag: string,
  value: string | undefined,
  min: number,
  max?: number,
): number | undefined {
  return value === undefined ? undefined : parseIntegerOption(flag, value, min, max);
}
