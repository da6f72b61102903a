/**
 * Oura's per-access-token rate limit as a fixed window: the first request of
 * a token opens a window of `windowSeconds`; up to `limit` requests fit in it.
 * (Oura also limits per application; the emulator has one user, so the token
 * tier is the one that matters and the one `X-RateLimit-Tier` names.)
 */
import { nowMs } from '../clock.js';

export interface RateLimitConfig {
  limit: number;
  windowSeconds: number;
}

export interface RateLimitVerdict {
  allowed: boolean;
  /** Headers for every data response. */
  headers: Record<string, string>;
  /** Seconds until the window resets, for `Retry-After`. */
  retryAfter: number;
}

interface Window {
  start: number;
  used: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly config: RateLimitConfig,
    private readonly now: () => number = nowMs,
  ) {}

  /** Counts one request against `key` (a token) and says whether it may go on. */
  take(key: string): RateLimitVerdict {
    const now = this.now();
    const span = this.config.windowSeconds * 1000;
    let window = this.windows.get(key);
    if (!window || now >= window.start + span) {
      window = { start: now, used: 0 };
      this.windows.set(key, window);
    }
    const allowed = window.used < this.config.limit;
    if (allowed) window.used++;
    const resetMs = window.start + span;
    const retryAfter = Math.max(1, Math.ceil((resetMs - now) / 1000));
    return {
      allowed,
      retryAfter,
      headers: {
        'x-ratelimit-limit': String(this.config.limit),
        'x-ratelimit-window': String(this.config.windowSeconds),
        'x-ratelimit-remaining': String(Math.max(0, this.config.limit - window.used)),
        'x-ratelimit-reset': String(Math.ceil(resetMs / 1000)),
        'x-ratelimit-tier': 'access_token',
      },
    };
  }
}
