/**
 * Oura's two rate-limit layers, each a fixed window: per access token, and
 * per application (every token its client holds, whichever account it reads).
 * The first request of a key opens a window of `windowSeconds`; up to `limit`
 * requests fit in it. A request counts against both layers only when both let
 * it through; a 429 names the layer that refused it in `X-RateLimit-Tier`, as
 * Oura's do, so a service can tell its own application's limit from one
 * person's.
 */
import { nowMs } from '../clock.js';

export interface RateLimitConfig {
  limit: number;
  windowSeconds: number;
}

/** What `X-RateLimit-Tier` says for each layer. */
export type RateLimitTier = 'access_token' | 'application';

export interface RateLimitVerdict {
  allowed: boolean;
  /** Headers for every data response: the refusing layer's, else the token layer's. */
  headers: Record<string, string>;
  /** Seconds until the refusing layer's window resets, for `Retry-After`. */
  retryAfter: number;
  /** The layer that refused the request. */
  tier?: RateLimitTier;
}

interface Window {
  start: number;
  used: number;
}

/** One layer: a window per key. */
class FixedWindows {
  private readonly windows = new Map<string, Window>();

  constructor(
    readonly config: RateLimitConfig,
    readonly tier: RateLimitTier,
  ) {}

  /** The key's current window, opened anew once the last one is over. */
  current(key: string, now: number): Window {
    let window = this.windows.get(key);
    if (!window || now >= window.start + this.config.windowSeconds * 1000) {
      window = { start: now, used: 0 };
      this.windows.set(key, window);
    }
    return window;
  }

  headers(window: Window): Record<string, string> {
    const resetMs = window.start + this.config.windowSeconds * 1000;
    return {
      'x-ratelimit-limit': String(this.config.limit),
      'x-ratelimit-window': String(this.config.windowSeconds),
      'x-ratelimit-remaining': String(Math.max(0, this.config.limit - window.used)),
      'x-ratelimit-reset': String(Math.ceil(resetMs / 1000)),
      'x-ratelimit-tier': this.tier,
    };
  }
}

export class RateLimiter {
  private readonly token: FixedWindows;
  private readonly application: FixedWindows;

  constructor(
    limits: { token: RateLimitConfig; application: RateLimitConfig },
    private readonly now: () => number = nowMs,
  ) {
    this.token = new FixedWindows(limits.token, 'access_token');
    this.application = new FixedWindows(limits.application, 'application');
  }

  /** Counts one request of `token`, held by application `clientId`, and says whether it may go on. */
  take(token: string, clientId: string): RateLimitVerdict {
    const now = this.now();
    const ofToken = this.token.current(token, now);
    const ofApplication = this.application.current(clientId, now);
    const refusing = [
      [this.application, ofApplication],
      [this.token, ofToken],
    ].find(([layer, window]) => (window as Window).used >= (layer as FixedWindows).config.limit) as
      | [FixedWindows, Window]
      | undefined;
    if (refusing) {
      const [layer, window] = refusing;
      const resetMs = window.start + layer.config.windowSeconds * 1000;
      return {
        allowed: false,
        tier: layer.tier,
        retryAfter: Math.max(1, Math.ceil((resetMs - now) / 1000)),
        headers: layer.headers(window),
      };
    }
    ofToken.used++;
    ofApplication.used++;
    return { allowed: true, retryAfter: 0, headers: this.token.headers(ofToken) };
  }
}
