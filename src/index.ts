/**
 * oura-connect as a library: the typed data client, the session that hands out
 * fresh tokens from a stored login, and the login flow. The emulator and the
 * MCP server factory have their own entries (`oura-connect/emulator`,
 * `oura-connect/mcp`) so this one stays light. The `oura` CLI is a thin layer
 * over these.
 */
export * from './api/index.js';
export type { AccountContext } from './auth/account.js';
export type { LoginResult } from './auth/login.js';
export { readLoginStatus, type StatusReport } from './auth/login-status.js';
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
  computeInsights,
  INSIGHT_KINDS,
  type InsightKind,
  type InsightOptions,
  type Insights,
} from './insights/insights.js';
export type { DocumentReader, InsightSource, InsightType } from './insights/source.js';
export type { Answer, NotEnoughData } from './insights/stats/min-n.js';
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
export { type LoginOptions, login } from './profile/login.js';
export {
  openProfile,
  type Profile,
  type ProfileClientOptions,
  type ProfileTokenProvider,
} from './profile/open-profile.js';
export type { ProfileOptions } from './profile/profile-options.js';
export { type VerifyOptions, verifyLoginStatus } from './profile/verify-login.js';
export { runWithProxy } from './proxy/run-command.js';
export {
  type ProxyOptions,
  type ProxyRequestEvent,
  type RunningProxy,
  startProxy,
} from './proxy/server.js';
export { defaultConfigDir } from './store/paths.js';
export { MAX_SKEW_MS, parseTimestamp, signEvent, verifySignature } from './webhook/signature.js';
export {
  ClientRejectedError,
  type Subscription,
  SubscriptionClient,
  type SubscriptionClientOptions,
} from './webhook/subscriptions.js';
