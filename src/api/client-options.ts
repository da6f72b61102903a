/** What the data client (`OuraClient`) and its `list` calls can be told. */
import type { DataType } from '../oura/data-types.js';
import type { RequestEvent, SlowAnswerEvent, TokenProvider } from './http.js';
import type { RequestBudget } from './request-budget.js';
import type { RetryOptions } from './retry-policy.js';
import type { HttpTransport } from './transport.js';

/** Progress of one `list` call. */
export interface ListProgress {
  type: DataType;
  /** Windows whose documents have all been yielded. */
  windowsDone: number;
  windowsTotal: number;
  /** Documents yielded so far. */
  documents: number;
}

export interface OuraClientOptions {
  /** A bearer token, or the session's token function (see {@link TokenProvider}). */
  token: TokenProvider;
  /** API base without `/v2` (default https://api.ouraring.com). */
  baseUrl?: string;
  /**
   * How requests are sent: a `fetch` (the global one, or any with its shape)
   * or an {@link HttpTransport}. Default `node:http`/`node:https`, which a
   * fresh process loads much faster than the global fetch.
   */
  fetch?: HttpTransport;
  /**
   * A budget shared with other clients, e.g. every worker's for one Oura
   * application (see {@link RequestBudget}); taken before each request.
   */
  requestBudget?: RequestBudget;
  /** Most requests in flight at once, shared by every call on this client (default 8). */
  concurrency?: number;
  /** Per-request timeout in ms (default 30000). */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** Use `/v2/sandbox/usercollection` (Oura's fake data) instead of the account's data. */
  sandbox?: boolean;
  userAgent?: string;
  /**
   * Most days one request of a date type asks (default 366, a year). The
   * first request's page shows how many documents a day holds; the rest of
   * the range is then cut into windows of whole pages, as many as
   * `prefetchWindows` (about), fetched concurrently.
   */
  dateWindowDays?: number;
  /**
   * Days per window for heartrate and ring_battery_level (default 15, at most
   * 30). Half the server's limit keeps each window's chain of pages short, so
   * windows interleave and the shared concurrency limit stays busy: on a year
   * of data at 40 ms per request this cut the wall time by about 8% (`npm run bench`).
   */
  seriesWindowDays?: number;
  /**
   * Windows of one `list` call loaded ahead of the consumer (default
   * `concurrency`). Lower it to trade speed for memory on long series.
   */
  prefetchWindows?: number;
  /** Called after every HTTP answer (or failure to get one). */
  onRequest?: (event: RequestEvent) => void;
  /** Called when an answer is slow to come (after `slowAnswerMs`), e.g. to tell a person what is awaited. */
  onSlowAnswer?: (event: SlowAnswerEvent) => void;
  /** How long an answer may take before `onSlowAnswer` is told (default 5000 ms). */
  slowAnswerMs?: number;
  /** Called as `list` makes progress. */
  onProgress?: (progress: ListProgress) => void;
}

/** Options of {@link OuraClient.list}. */
export interface ListOptions {
  /** Only these fields (plus those always returned). Projected locally where the route ignores `fields`. */
  fields?: readonly string[];
  /** Series types only: just the most recent sample. */
  latest?: boolean;
}
