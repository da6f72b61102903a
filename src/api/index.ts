/** The data API client: re-exported by the package entry (src/index.ts). */
export {
  DEFAULT_BASE_URL,
  type ListOptions,
  type ListProgress,
  MAX_SERIES_WINDOW_DAYS,
  OuraClient,
  type OuraClientOptions,
  type TokenProvider,
} from './client.js';
export { listPath } from './endpoints.js';
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
} from './errors.js';
export type { RequestEvent, SlowAnswerEvent } from './http.js';
export type { RetryOptions } from './retry-policy.js';
export type {
  AnswerHeaders,
  HttpTransport,
  TransportAnswer,
  TransportRequest,
} from './transport.js';
export type { DocumentTypes, JsonValue, ListType, OuraDocument, Page } from './types.js';
