import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A proxy's key: 256 random bits, base64url so it fits in a URL path segment.
 * Any local user can connect to a loopback port; only holders of the key get
 * an answer.
 */
export function newProxyKey(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison, so response timing says nothing about how much of a guess was right. */
export function isProxyKey(candidate: string | undefined, key: string): boolean {
  if (candidate === undefined) return false;
  const given = Buffer.from(candidate);
  const expected = Buffer.from(key);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
