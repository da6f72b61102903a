/**
 * GET with the data API's retries (the waits are the RetryPolicy's):
 * - 429: wait for `Retry-After` (seconds or HTTP date, RFC 9110 §10.2.3) or
 *   `X-RateLimit-Reset`, pausing every request of the client, up to a budget;
 * - 5xx, 408, network errors and timeouts: backoff, a limited number of attempts;
 * - 401: ask the token provider once for a fresh token, then retry;
 * - 403/404/400/422: typed errors at once.
 * Only GET is sent, so every retry is safe (RFC 9110 §9.2.2, idempotent methods).
 */

import { nowMs } from '../clock.js';
import { delay } from '../delay.js';
import {
  ApiError,
  type ApiErrorInit,
  AuthenticationError,
  CHECK_CONNECTION_HINT,
  NetworkError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
} from './errors.js';
import type { RequestBudget } from './request-budget.js';
import type { RetryPolicy } from './retry-policy.js';
import type { Limiter } from './semaphore.js';
import {
  type AnswerHeaders,
  AnswerTooLargeError,
  type HttpTransport,
  type TransportAnswer,
} from './transport.js';

/**
 * Where the client gets its bearer token: a fixed string, or a function (the
 * session). After a 401 it is called with the token that was refused; it then
 * refreshes (once, race-free) and returns a new token, or throws
 * `LoginRequiredError`, which the client lets through.
 */
export type TokenProvider = string | ((request: { rejectedToken?: string }) => Promise<string>);

/** Reported after every HTTP answer (or failure to get one). */
export interface RequestEvent {
  method: 'GET';
  path: string;
  /** 0 when no answer came (network error, timeout). */
  status: number;
  /** Which request of one call this was: 1, then 2 for the first retry (of any cause), … */
  attempt: number;
  durationMs: number;
}

export interface HttpOptions {
  baseUrl: string;
  token: TokenProvider;
  /** The client's transport: `node-transport.ts` unless a `fetch` was injected. */
  fetch: HttpTransport;
  limiter: Limiter;
  /** A budget shared with other clients (the Oura application's), taken before each request. */
  budget?: RequestBudget | undefined;
  timeoutMs: number;
  retry: RetryPolicy;
  userAgent: string;
  onRequest?: ((event: RequestEvent) => void) | undefined;
  /**
   * Told when an answer is slow to come (after `slowAnswerMs`), once per
   * attempt, so a person is not left staring at a silent terminal.
   */
  onSlowAnswer?: ((event: SlowAnswerEvent) => void) | undefined;
  /** How long before `onSlowAnswer` is told (default 5000 ms). */
  slowAnswerMs?: number | undefined;
  now?: () => number;
}

/** An answer is taking long: where it is awaited (host and port only: never a path, query or token). */
export interface SlowAnswerEvent {
  host: string;
  waitedMs: number;
}

/** Long enough for a normal answer on a slow link, short enough that silence is explained soon. */
const DEFAULT_SLOW_ANSWER_MS = 5000;

/** Extra knowledge about a request used to word its errors. */
export interface RequestMeta {
  /** Scope the route needs, named in a 403's message. */
  scope?: string | undefined;
  /** Reads a successful body from its bytes (default `JSON.parse`); what it throws is handled as a JSON error. */
  parse?: ((body: Uint8Array) => unknown) | undefined;
}

/** How long one answer of the token provider is reused. */
const TOKEN_REUSE_MS = 60_000;

export class Http {
  readonly #o: HttpOptions;
  readonly #now: () => number;
  /** The token most recently handed out, so concurrent requests do not each ask the provider. */
  #token: Promise<string> | undefined;
  /** When #token was asked for: it is asked again after TOKEN_REUSE_MS. */
  #tokenAt = 0;

  constructor(options: HttpOptions) {
    this.#o = options;
    this.#now = options.now ?? nowMs;
  }

  /** GET `path` with `query`; resolves to the parsed JSON body. */
  async getJson(
    path: string,
    query: URLSearchParams = new URLSearchParams(),
    meta: RequestMeta = {},
  ): Promise<unknown> {
    const url = new URL(this.#o.baseUrl + path);
    for (const [key, value] of query) url.searchParams.append(key, value);
    const where = { method: 'GET', path: url.pathname } as const;
    const urgent = query.has('next_token');

    const policy = this.#o.retry;
    let token = await this.#currentToken();
    let refreshed = false;
    /** Requests sent, for the `onRequest` events. */
    let sent = 0;
    /** Transient failures so far (5xx, 408, network, timeouts, cut-off bodies): these spend attempts. */
    let failures = 0;
    /** Total time paused for rate limits: a 401 refresh or a 429 spends no attempt. */
    let rateWaited = 0;
    /** Time spent on attempts that timed out: bounded by the policy's silence budget. */
    let silentMs = 0;
    const timedOut = (error: unknown, timeoutMs: number): TimeoutError | undefined => {
      if (!isTimeout(error)) return undefined;
      silentMs += timeoutMs;
      if (policy.attemptTimeout(this.#o.timeoutMs, silentMs) > 0) return undefined;
      return new TimeoutError({ ...where, host: url.host, waitedMs: silentMs, cause: error });
    };

    /** Waits before the next attempt, or answers false when the attempts are spent. */
    const retryAfterFailure = async (hintMs?: number): Promise<boolean> => {
      failures++;
      const waitMs = policy.afterFailure(failures, hintMs);
      if (waitMs === undefined) return false;
      await delay(waitMs);
      return true;
    };

    for (;;) {
      sent++;
      const started = this.#now();
      let response: TransportAnswer;
      let rateWait = 0;
      const timeoutMs = policy.attemptTimeout(this.#o.timeoutMs, silentMs);
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        response = await this.#o.limiter.run(async () => {
          await this.#o.budget?.take();
          const answer = await this.#whileWaiting(url, () =>
            this.#o.fetch(url, {
              method: 'GET',
              headers: {
                authorization: `Bearer ${token}`,
                accept: 'application/json',
                'user-agent': this.#o.userAgent,
              },
              signal,
            }),
          );
          await this.#o.budget?.observe(answer.status, answer.headers);
          if (answer.status === 429) {
            // Pause everyone before this slot is released, so no other request slips
            // out in between: the limit is per token, not per request.
            rateWait = rateLimitWait(answer.headers, this.#now()) ?? policy.backoff(failures + 1);
            if (policy.rateLimitWaitFits(rateWaited, rateWait)) {
              this.#o.limiter.pauseUntil(this.#now() + rateWait);
            }
          }
          return answer;
        }, urgent);
      } catch (error) {
        this.#report(where.path, 0, sent, started);
        const silence = timedOut(error, timeoutMs);
        if (silence) throw silence;
        if (await retryAfterFailure()) continue;
        if (isTimeout(error)) {
          throw new TimeoutError({ ...where, host: url.host, waitedMs: silentMs, cause: error });
        }
        throw new NetworkError({
          ...where,
          detail: `${networkReason(error)}, reaching ${this.#o.baseUrl}`,
          hint: CHECK_CONNECTION_HINT,
          cause: error,
        });
      }
      this.#report(where.path, response.status, sent, started);

      if (response.ok) {
        try {
          return await (meta.parse ? bodyBytes(response).then(meta.parse) : response.json());
        } catch (error) {
          // A body that stalls spends the silence budget like a missing answer.
          const silence = timedOut(error, timeoutMs);
          if (silence) throw silence;
          // A body cut off mid-way is a transport failure: retry like one.
          if (await retryAfterFailure()) continue;
          throw new NetworkError({
            ...where,
            detail:
              error instanceof AnswerTooLargeError
                ? error.message
                : 'the response was not complete JSON',
            cause: error,
          });
        }
      }

      // What reads an error answer is imported with the first one: importing
      // the library, and a command whose requests all succeed, load none of it.
      const [{ readDetail, redact }, { isTokenRejection }] = await Promise.all([
        import('./answer-detail.js'),
        import('./token-rejection.js'),
      ]);
      const detail = redact(await readDetail(response), token);
      const init: ApiErrorInit = {
        ...where,
        status: response.status,
        detail,
        headers: response.headers,
      };

      if (response.status === 401) {
        // Only a refused token is cured by a new one: refreshing on any other 401
        // (the webhook routes' client credentials) would spend the single-use
        // refresh token for nothing, on every call.
        const tokenRefused = isTokenRejection(
          path,
          401,
          response.headers.get('www-authenticate') ?? undefined,
        );
        if (tokenRefused && !refreshed && typeof this.#o.token === 'function') {
          refreshed = true;
          token = await this.#refreshToken(token);
          continue;
        }
        throw new AuthenticationError(init);
      }
      if (response.status === 429) {
        if (!policy.rateLimitWaitFits(rateWaited, rateWait)) {
          throw new RateLimitError({ ...init, retryAt: new Date(this.#now() + rateWait) });
        }
        rateWaited += rateWait;
        await this.#o.limiter.waitForPause();
        continue;
      }
      if (policy.isTransient(response.status)) {
        // Only a 503's own Retry-After is a hint: the rate-limit reset Oura sends on
        // every data answer says when the quota refills, not when the server is back.
        const hinted =
          response.status === 503 ? retryAfterWait(response.headers, this.#now()) : undefined;
        if (await retryAfterFailure(hinted)) continue;
      }
      throw errorFor(init, meta);
    }
  }

  /** Runs `request`, telling `onSlowAnswer` if its answer takes longer than `slowAnswerMs`. */
  async #whileWaiting<T>(url: URL, request: () => Promise<T>): Promise<T> {
    const { onSlowAnswer } = this.#o;
    if (!onSlowAnswer) return request();
    const waitedMs = this.#o.slowAnswerMs ?? DEFAULT_SLOW_ANSWER_MS;
    const timer = setTimeout(() => onSlowAnswer({ host: url.host, waitedMs }), waitedMs);
    try {
      return await request();
    } finally {
      clearTimeout(timer);
    }
  }

  #currentToken(): Promise<string> {
    const provider = this.#o.token;
    if (typeof provider === 'string') return Promise.resolve(provider);
    // Reuse the answer briefly (one provider call per burst of requests), then
    // ask again: the session refreshes ahead of expiry only when asked.
    if (this.#token === undefined || this.#now() - this.#tokenAt > TOKEN_REUSE_MS) {
      this.#tokenAt = this.#now();
      this.#token = provider({}).catch((error: unknown) => {
        this.#token = undefined;
        throw error;
      });
    }
    return this.#token;
  }

  /**
   * One refresh for all requests that were refused the same token: the first
   * 401 asks the provider, the others reuse its answer.
   */
  async #refreshToken(rejected: string): Promise<string> {
    const provider = this.#o.token;
    if (typeof provider === 'string') return provider;
    const current = this.#token ? await this.#token.catch(() => undefined) : undefined;
    if (current === undefined || current === rejected) {
      this.#token = provider({ rejectedToken: rejected }).catch((error: unknown) => {
        this.#token = undefined;
        throw error;
      });
    }
    return this.#token ?? provider({ rejectedToken: rejected });
  }

  #report(path: string, status: number, attempt: number, started: number): void {
    this.#o.onRequest?.({
      method: 'GET',
      path,
      status,
      attempt,
      durationMs: this.#now() - started,
    });
  }
}

function errorFor(init: ApiErrorInit, meta: RequestMeta): ApiError {
  switch (init.status) {
    case 403:
      return new PermissionError({ ...init, scope: meta.scope });
    case 404:
      return new NotFoundError(init);
    case 400:
    case 422:
      return new ValidationError(init);
    default:
      return init.status >= 500
        ? new ServerError(init)
        : new ApiError('API_ERROR', `${init.method} ${init.path}: HTTP ${init.status}`, init);
  }
}

/** Milliseconds a `Retry-After` header asks for (delta-seconds or HTTP date); undefined if absent or unusable. */
export function retryAfterWait(headers: AnswerHeaders, now: number): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (!retryAfter) return undefined;
  if (/^\d+(\.\d+)?$/.test(retryAfter)) return Number(retryAfter) * 1000;
  const at = Date.parse(retryAfter);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Milliseconds to wait after a 429: its `Retry-After`, else Oura's
 * `X-RateLimit-Reset` (epoch seconds); undefined if neither is usable.
 */
export function rateLimitWait(headers: AnswerHeaders, now: number): number | undefined {
  const hinted = retryAfterWait(headers, now);
  if (hinted !== undefined) return hinted;
  const reset = headers.get('x-ratelimit-reset')?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset)) {
    const value = Number(reset);
    // Epoch seconds are large; a small number is a delta some servers send instead.
    return value > 1e9 ? Math.max(0, value * 1000 - now) : value * 1000;
  }
  return undefined;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/** The system error's code and message: fetch wraps it as the cause, `node:http` throws it as is. */
function networkReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const failure = error.cause instanceof Error ? error.cause : error;
  const code = (failure as { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${failure.message}` : failure.message;
}

/**
 * The answer's body as bytes: as the transport holds them where it hands them
 * over (ours and fetch's), else encoded back from its text.
 */
async function bodyBytes(answer: TransportAnswer): Promise<Uint8Array> {
  if (answer.arrayBuffer) return new Uint8Array(await answer.arrayBuffer());
  return new TextEncoder().encode(await answer.text());
}
