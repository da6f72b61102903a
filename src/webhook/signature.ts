/**
 * Oura's webhook signature: `x-oura-signature` is the upper-case hex
 * HMAC-SHA256, keyed by the client secret, of `x-oura-timestamp` followed by
 * the body. Oura's own example signs the body re-serialized as compact JSON
 * (`JSON.stringify(parsed)`), so a body sent with other whitespace or key
 * spacing is checked that way too (docs/oura-api.md, "Webhooks").
 */
import { createRequire } from 'node:module';

let loaded: typeof import('node:crypto') | undefined;

/**
 * node:crypto, required on the first signature, not imported: the library's
 * entry re-exports these functions, and loading node:crypto (15 internal
 * modules) was about a seventh of what importing the library cost. The
 * require function is made here too: making it at import time costs ~1 ms.
 */
function crypto(): typeof import('node:crypto') {
  loaded ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return loaded;
}

/** Upper-case hex HMAC-SHA256 of `timestamp + body`, keyed by `secret`. */
export function signEvent(secret: string, timestamp: string, body: string): string {
  return crypto()
    .createHmac('sha256', secret)
    .update(timestamp)
    .update(body)
    .digest('hex')
    .toUpperCase();
}

/** Constant-time comparison of a received signature (any hex case) with the expected one. */
function matches(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received.toUpperCase(), 'utf8');
  // Lengths are public (always 64 hex digits); only the content must not leak through timing.
  return a.length === b.length && crypto().timingSafeEqual(a, b);
}

/**
 * True when `signature` signs `timestamp` + the raw body, or + its compact
 * JSON re-serialization. `parsed` is the body parsed as JSON (undefined when
 * it is not JSON: then only the raw form can match).
 */
export function verifySignature(
  secret: string,
  timestamp: string,
  raw: string,
  parsed: unknown,
  signature: string,
): boolean {
  if (matches(signEvent(secret, timestamp, raw), signature)) return true;
  if (parsed === undefined) return false;
  const compact = JSON.stringify(parsed);
  return compact !== raw && matches(signEvent(secret, timestamp, compact), signature);
}

/** Largest clock difference accepted between Oura's timestamp and ours. */
export const MAX_SKEW_MS = 5 * 60_000;

/**
 * Epoch ms of an `x-oura-timestamp`: Unix seconds (as Oura sends), milliseconds
 * (told apart by size) or an ISO 8601 date; undefined when it is none of them.
 */
export function parseTimestamp(value: string): number | undefined {
  if (/^\d{1,16}$/.test(value)) {
    const n = Number(value);
    return n > 1e11 ? n : n * 1000;
  }
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
}
