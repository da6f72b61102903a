/**
 * When to try a data request again, and after how long (after ky and
 * openai-node): capped exponential backoff with jitter for transient failures
 * (5xx, 408, network errors, timeouts, cut-off bodies), a budget of waiting
 * for rate limits, and a ceiling on what a server's own `Retry-After` may ask.
 * Pure: no clock, no sleeping, so every rule is tested on its own.
 */

/** How hard to try before giving up. */
export interface RetryOptions {
  /** Attempts for 5xx, network errors and timeouts, first one included (default 4). */
  attempts?: number;
  /** First backoff delay in ms (default 300); doubles each attempt. */
  baseDelayMs?: number;
  /** Longest single backoff delay in ms (default 5000). */
  maxDelayMs?: number;
  /** Longest total wait for rate limits per request in ms before `RateLimitError` (default 60000). */
  maxRateLimitWaitMs?: number;
  /**
   * Longest wait a 503's `Retry-After` may ask for before one retry (default
   * 20000): long enough for a server catching its breath, short enough that a
   * bad header cannot stall a command.
   */
  maxHintedDelayMs?: number;
  /**
   * Longest total time one call waits, across its attempts, on a server that
   * does not answer (default 30000): each attempt's timeout is cut to what is
   * left, so a server that accepts connections and then stays silent costs
   * this long, not `attempts` times the per-request timeout.
   */
  maxSilenceMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = {
  attempts: 4,
  baseDelayMs: 300,
  maxDelayMs: 5000,
  maxRateLimitWaitMs: 60_000,
  maxHintedDelayMs: 20_000,
  maxSilenceMs: 30_000,
};

/** Statuses worth another attempt: the server (or a proxy) failed, not the request. */
const TRANSIENT_STATUSES = new Set([408, 500, 502, 503, 504]);

export class RetryPolicy {
  readonly #options: Required<RetryOptions>;
  readonly #random: () => number;

  constructor(options: RetryOptions = {}, random: () => number = Math.random) {
    this.#options = { ...DEFAULT_RETRY, ...options };
    this.#random = random;
  }

  /** True for an HTTP status that may succeed when sent again. */
  isTransient(status: number): boolean {
    return TRANSIENT_STATUSES.has(status);
  }

  /**
   * The wait before trying again after the `failures`-th transient failure,
   * or undefined when the attempts are spent. `hintMs` is the server's own
   * `Retry-After`, honoured up to `maxHintedDelayMs`.
   */
  afterFailure(failures: number, hintMs?: number): number | undefined {
    if (failures >= this.#options.attempts) return undefined;
    if (hintMs !== undefined) return Math.min(hintMs, this.#options.maxHintedDelayMs);
    return this.backoff(failures);
  }

  /**
   * Capped exponential backoff with "equal jitter": half the delay is a floor
   * so retries never hammer, the other half spreads clients apart.
   */
  backoff(failures: number): number {
    const { baseDelayMs, maxDelayMs } = this.#options;
    const capped = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, failures - 1));
    return capped / 2 + this.#random() * (capped / 2);
  }

  /**
   * The timeout of the next attempt: the per-request `timeoutMs`, cut to what
   * is left of the silence budget after `silentMs` already spent waiting on
   * answers that never came; 0 when the budget is spent.
   */
  attemptTimeout(timeoutMs: number, silentMs: number): number {
    return Math.max(0, Math.min(timeoutMs, this.#options.maxSilenceMs - silentMs));
  }

  /** Whether waiting `waitMs` more for a rate limit stays within the budget, `waitedMs` already spent. */
  rateLimitWaitFits(waitedMs: number, waitMs: number): boolean {
    return waitedMs + waitMs <= this.#options.maxRateLimitWaitMs;
  }
}
