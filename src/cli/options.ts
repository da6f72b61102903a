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

/** A duration flag (`30m`, `1h`, `7d`, `90s`) in milliseconds, at least `minMs`. */
export function parseDurationOption(flag: string, text: string, minMs: number): number {
  const match = /^(\d+)(s|m|h|d)$/.exec(text.trim());
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
  const ms = match ? Number(match[1]) * unit[match[2] as keyof typeof unit] : 0;
  if (ms < minMs) {
    const least = minMs >= 86_400_000 ? 'a day' : minMs >= 3_600_000 ? 'an hour' : 'a minute';
    throw new UsageError(
      `${flag} "${text}" should be a duration of at least ${least}, e.g. 30m, 1h or 7d.`,
    );
  }
  return ms;
}
