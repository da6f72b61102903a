/**
 * Errors of the data API, shaped after openai-node / stripe-node: one
 * {@link ApiError} carrying status, method, path and the server's detail, and a
 * subclass per kind of failure so callers can branch with `instanceof` or `code`.
 *
 * Messages name the method and path (never the query string, never a token).
 * See https://cloud.ouraring.com/v2/docs#section/Oura-HTTP-Response-Codes.
 */
import { type ErrorCode, OuraError, type OuraErrorOptions } from '../errors.js';
import type { AnswerHeaders } from './transport.js';

/**
 * Stable codes of API errors, for programs that branch on `error.code`: the
 * `API_` part of the catalogue (error-codes.ts), which also gives their exit
 * codes (API_UNAUTHORIZED is 4, as the cure is a new login; the rest 1).
 */
export type ApiErrorCode = Extract<ErrorCode, `API_${string}`>;

export interface ApiErrorInit extends OuraErrorOptions {
  status: number;
  method: string;
  /** URL path without the query string (queries can carry tokens). */
  path: string;
  /** The server's explanation, if it gave one (RFC 7807 `detail`, FastAPI `detail[]`). */
  detail?: string | undefined;
  headers?: AnswerHeaders | undefined;
}

/** A request to the Oura API failed. `status` is 0 when no HTTP answer arrived. */
export class ApiError extends OuraError {
  override readonly name: string = 'ApiError';
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly detail: string | undefined;
  readonly headers: AnswerHeaders | undefined;

  constructor(code: ApiErrorCode, message: string, init: ApiErrorInit) {
    const { status, method, path, detail, headers, ...options } = init;
    super(code, message, options);
    this.status = status;
    this.method = method;
    this.path = path;
    this.detail = detail;
    this.headers = headers;
  }
}

function describe(init: ApiErrorInit, what: string): string {
  const where = `${init.method} ${init.path}`;
  const status = init.status > 0 ? ` (HTTP ${init.status})` : '';
  return `${where}: ${what}${status}${init.detail ? `: ${init.detail}` : ''}`;
}

/** 401 that survived one token refresh (or a fixed token got 401): invalid, expired or revoked. */
export class AuthenticationError extends ApiError {
  override readonly name = 'AuthenticationError';
  constructor(init: ApiErrorInit) {
    super('API_UNAUTHORIZED', describe(init, 'the access token was rejected'), {
      hint: 'Run `oura auth login` to sign in again.',
      ...init,
    });
  }
}

/**
 * 403: the login lacks the scope this data needs, or the Oura membership has
 * expired (Oura answers 403 for both).
 */
export class PermissionError extends ApiError {
  override readonly name = 'PermissionError';
  /** The scope the data type needs (bare name, e.g. `heartrate`), when known. */
  readonly scope: string | undefined;
  constructor(init: ApiErrorInit & { scope?: string | undefined }) {
    const { scope, ...rest } = init;
    const what = scope ? `access denied; this data needs the "${scope}" scope` : 'access denied';
    super('API_FORBIDDEN', describe(rest, what), {
      hint: scope
        ? `Run \`oura auth login\` and leave "${scope}" ticked on Oura's consent page (if an earlier --scopes left it out, pass --scopes with it added). A lapsed Oura membership also causes this.`
        : 'Check the scopes granted at login (`oura auth status`) and that your Oura membership is active.',
      ...rest,
    });
    this.scope = scope;
  }
}

/** 404: no such document or route. */
export class NotFoundError extends ApiError {
  override readonly name = 'NotFoundError';
  constructor(init: ApiErrorInit) {
    super('API_NOT_FOUND', describe(init, 'not found'), init);
  }
}

/** 429 for longer than the client is willing to wait. */
export class RateLimitError extends ApiError {
  override readonly name = 'RateLimitError';
  /** When the server said requests will be accepted again. */
  readonly retryAt: Date;
  constructor(init: ApiErrorInit & { retryAt: Date }) {
    const { retryAt, ...rest } = init;
    super('API_RATE_LIMITED', describe(rest, 'rate limited by Oura'), {
      hint: `Try again after ${retryAt.toISOString()} (Oura allows 5000 requests per 5 minutes).`,
      ...rest,
    });
    this.retryAt = retryAt;
  }
}

/** 400 or 422: the server refused the query parameters. */
export class ValidationError extends ApiError {
  override readonly name = 'ValidationError';
  constructor(init: ApiErrorInit) {
    super('API_VALIDATION', describe(init, 'the request was refused'), init);
  }
}

/** 5xx after the retries ran out, or another unexpected status. */
export class ServerError extends ApiError {
  override readonly name = 'ServerError';
  constructor(init: ApiErrorInit) {
    super('API_SERVER_ERROR', describe(init, 'Oura answered with an error'), init);
  }
}

/** No HTTP answer: DNS, connection refused or reset, TLS. */
export class NetworkError extends ApiError {
  override readonly name: string = 'NetworkError';
  constructor(
    init: Omit<ApiErrorInit, 'status'>,
    code: ApiErrorCode = 'API_NETWORK',
    what?: string,
  ) {
    super(code, describe({ ...init, status: 0 }, what ?? 'network error'), { ...init, status: 0 });
  }
}

/** What to check when the API cannot be reached or does not answer (as `oura auth status` advises). */
export const CHECK_CONNECTION_HINT = 'Check the network connection, or OURA_API_URL if it is set.';

/**
 * No answer came in time: the per-request timeout elapsed on every attempt,
 * or the call's silence budget was spent (see `RetryOptions.maxSilenceMs`).
 */
export class TimeoutError extends NetworkError {
  override readonly name = 'TimeoutError';
  /** `host:port` that did not answer. */
  readonly host: string;
  constructor(init: Omit<ApiErrorInit, 'status'> & { host: string; waitedMs: number }) {
    const { host, waitedMs, ...rest } = init;
    super(
      { hint: `${host} took the request but sent nothing back. ${CHECK_CONNECTION_HINT}`, ...rest },
      'API_TIMEOUT',
      `no answer from ${host} within ${formatWait(waitedMs)}`,
    );
    this.host = host;
  }
}

/** `150 ms`, `30 s`, `2.5 s`: a wait as a person reads it. */
function formatWait(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 100) / 10} s`;
}

/** The server handed back a `next_token` it had already given: stop instead of looping. */
export class PaginationLoopError extends ApiError {
  override readonly name = 'PaginationLoopError';
  constructor(init: Omit<ApiErrorInit, 'status'>) {
    super(
      'API_PAGINATION_LOOP',
      describe(
        { ...init, status: 0 },
        'the server repeated a next_token; stopped to avoid looping',
      ),
      { ...init, status: 0 },
    );
  }
}
