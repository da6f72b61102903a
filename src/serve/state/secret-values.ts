/**
 * The random values the service hands out (authorization codes, access and
 * refresh tokens, sign-in ids, claim and invite codes) and the one form in
 * which any of them is stored: a SHA-256 hash. They carry 256 bits of
 * randomness, so a plain hash is enough; a stolen state file gives nothing
 * that can be presented back.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, base64url: unguessable, safe in a URL. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** Compares two hashes in constant time. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const READABLE = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A code a person types (the owner's claim code): 20 characters from an
 * alphabet without look-alikes, in groups of five (100 bits).
 */
export function newTypedCode(): string {
  const bytes = randomBytes(20);
  const chars = [...bytes].map((byte) => READABLE[byte % READABLE.length]).join('');
  return chars.match(/.{5}/g)?.join('-') ?? chars;
}

/** What a person typed, in the form the code was hashed in: case and separators ignored. */
export function normalizeTypedCode(typed: string): string {
  const chars = typed.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return chars.match(/.{1,5}/g)?.join('-') ?? chars;
}
