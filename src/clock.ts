/**
 * The wall clock behind every calendar decision: today's local day, token
 * expiry, the emulator's history, webhook timestamps and subscription lifetimes.
 *
 * `OURA_NOW` pins it. It is a testing aid, so the suite can run as if it were a
 * leap day, a day when the clocks change, or New Year's Eve, with the CLI and
 * the emulator agreeing on the date. Its value is an ISO 8601 date-time (local
 * time when it names no offset); the clock shows that instant when the process
 * starts and runs on at the real pace. `ISO@EPOCH_MS` says at which real instant
 * (milliseconds since 1970) the clock showed ISO, so that processes started
 * minutes apart still read the same time (the test harness passes it on so).
 *
 * Durations are unaffected: the clock differs from real time by a constant.
 */
import { UsageError } from './errors.js';

const PIN_RE =
  /^(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)?(?:Z|[+-]\d{2}:\d{2})?)(?:@(\d+))?$/;

let offsetMs: number | undefined;

/**
 * How far the clock a pin describes runs ahead of real time (negative: behind).
 * `realNow` is the real time at which a pin without `@EPOCH_MS` took effect.
 */
export function pinOffset(pin: string, realNow: number): number {
  const match = PIN_RE.exec(pin.trim());
  // A date alone would be read as UTC midnight by Date.parse; noon keeps it on its local day.
  const text = match?.[1]?.length === 10 ? `${match[1]}T12:00:00` : match?.[1];
  const shown = text === undefined ? Number.NaN : Date.parse(text);
  if (Number.isNaN(shown)) {
    throw new UsageError(
      `OURA_NOW "${pin}" is not a date-time: use e.g. 2028-02-29T12:00:00 (local time), 2028-02-29T12:00:00Z, or unset it.`,
    );
  }
  const at = match?.[2] === undefined ? realNow : Number(match[2]);
  return shown - at;
}

function offset(): number {
  if (offsetMs === undefined) {
    const pin = process.env.OURA_NOW;
    offsetMs = pin === undefined || pin === '' ? 0 : pinOffset(pin, Date.now());
  }
  return offsetMs;
}

/** The time now, in epoch milliseconds. */
export function nowMs(): number {
  return Date.now() + offset();
}

/** The time now. */
export function now(): Date {
  return new Date(nowMs());
}
