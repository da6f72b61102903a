import { describe, expect, it } from 'vitest';
import { expiresSoon, isExpired } from '../src/auth/tokens.js';

describe('refresh-ahead margin', () => {
  const now = 1_000_000_000_000;
  const minute = 60_000;

  it('refreshes a day-long token in its last five minutes, not before', () => {
    const day = {
      access_token: 'a',
      issued_at: now - 24 * 60 * minute + 6 * minute,
      expires_at: now + 6 * minute,
    };
    expect(expiresSoon(day, now)).toBe(false);
    expect(expiresSoon(day, now + 2 * minute)).toBe(true);
  });

  it('uses half the lifetime for short-lived tokens, so a fresh one is not refreshed at once', () => {
    const short = { access_token: 'a', issued_at: now, expires_at: now + 2 * minute };
    expect(expiresSoon(short, now)).toBe(false);
    expect(expiresSoon(short, now + 61_000)).toBe(true);
  });

  it('never refreshes ahead without an expiry; expired means past it', () => {
    expect(expiresSoon({ access_token: 'a' }, now)).toBe(false);
    expect(isExpired({ access_token: 'a', expires_at: now - 1 }, now)).toBe(true);
    expect(isExpired({ access_token: 'a', expires_at: now + 1 }, now)).toBe(false);
  });
});
