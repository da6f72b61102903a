/**
 * oura-connect as a library: the typed data client, the session that hands out
 * fresh tokens from a stored login, and the login flow. The emulator and the
 * MCP server factory have their own entries (`oura-connect/emulator`,
 * `oura-connect/mcp`) so this one stays light. The `oura` CLI is a thin layer
 * over these.
 *
 * Re-exports, and five async entry points that load their modules on their
 * first call: the login (OAuth, the loopback server), the login check and the
 * proxy (HTTP servers, child processes) are most of what importing the library
 * would otherwise load, and a program that only reads data never needs them.
 */
import type { AccountContext } from './auth/account.js';
import type { LoginResult } from './auth/login.js';
import type { StatusReport } from './auth/login-status.js';
import type { LoginOptions } from './profile/login.js';
import type { VerifyOptions } from './profile/verify-login.js';
import type { RunWithProxyOptions } from './proxy/run-command.js';
import type { ProxyOptions, RunningProxy } from './proxy/server.js';

// The data client's exports are listed here, not re-exported from a module of
// their own: each module is a file Node resolves, reads and links, and their
// number is most of what importing the library costs.
export {
  DEFAULT_BASE_URL,
  type ListOptions,
  type ListProgress,
  MAX_SERIES_WINDOW_DAYS,
  OuraClient,
  type OuraClientOptions,
  type TokenProvider,
} from './api/client.js';
export { listPath } from './api/endpoints.js';
export {
  ApiError,
  type ApiErrorCode,
  AuthenticationError,
  NetworkError,
  NotFoundError,
  PaginationLoopError,
  PermissionError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
} from './api/errors.js';
export type { RequestEvent, SlowAnswerEvent } from './api/http.js';
export type { RetryOptions } from './api/retry-policy.js';
export type {
  AnswerHeaders,
  HttpTransport,
  TransportAnswer,
  TransportRequest,
} from './api/transport.js';
export type { DocumentTypes, JsonValue, ListType, OuraDocument, Page } from './api/types.js';
export type { AccountContext } from './auth/account.js';
export type { LoginResult } from './auth/login.js';
export type { StatusReport } from './auth/login-status.js';
export { DEFAULT_REDIRECT_URI, DEFAULT_SCOPES } from './auth/servers.js';
export { openSession, Session, type TokenRequest } from './auth/session.js';
export { addDays, type Day, type DayRange, isDay, localDay } from './calendar/days.js';
export {
  ERROR_CODES,
  type ErrorCode,
  type ErrorCodeEntry,
  EXIT_CODES,
  type ExitCode,
} from './error-codes.js';
export { LoginRequiredError, OuraError, UsageError } from './errors.js';
export {
  DATA_TYPES,
  type DataType,
  ENDPOINTS,
  type Endpoint,
  endpointOf,
  isDataType,
  type ParamKind,
  type QueryParam,
  queryParamsOf,
  type Scope,
} from './oura/data-types.js';
export { AUTH_SERVERS } from './oura/servers.js';
export type { LoginOptions } from './profile/login.js';
export {
  openProfile,
  type Profile,
  type ProfileClientOptions,
  type ProfileTokenProvider,
} from './profile/open-profile.js';
export type { ProfileOptions } from './profile/profile-options.js';
export type { VerifyOptions } from './profile/verify-login.js';
export type { ProxyOptions, ProxyRequestEvent, RunningProxy } from './proxy/server.js';
export { defaultConfigDir } from './store/paths.js';
export { MAX_SKEW_MS, parseTimestamp, signEvent, verifySignature } from './webhook/signature.js';
export {
  ClientRejectedError,
  type Subscription,
  SubscriptionClient,
  type SubscriptionClientOptions,
} from './webhook/subscriptions.js';

/**
 * The stored login's state, without secrets and without asking Oura (an
 * `OURA_ACCESS_TOKEN` in `ctx.env` counts as logged in).
 */
export async function readLoginStatus(ctx: AccountContext): Promise<StatusReport> {
  return (await import('./auth/login-status.js')).readLoginStatus(ctx);
}

/** Logs in with Oura (OAuth in the browser, loopback callback) and stores the login. */
export async function login(ctx: AccountContext, options: LoginOptions): Promise<LoginResult> {
  return (await import('./profile/login.js')).login(ctx, options);
}

/** The library's check of a stored login, for callers without a profile of their own. */
export async function verifyLoginStatus(
  ctx: AccountContext,
  options: VerifyOptions,
): Promise<StatusReport> {
  return (await import('./profile/verify-login.js')).verifyLoginStatus(ctx, options);
}

/** Starts the token-injecting proxy; resolves once it listens. */
export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  return (await import('./proxy/server.js')).startProxy(options);
}

/**
 * Runs a command with the proxy's address in its environment, to its end;
 * resolves with the exit code to pass on (the child's own, or 128 + the signal
 * number when a signal ended it).
 */
export async function runWithProxy(options: RunWithProxyOptions): Promise<number> {
  return (await import('./proxy/run-command.js')).runWithProxy(options);
}
