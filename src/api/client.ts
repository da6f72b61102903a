import { API_BASE_URL } from '../oura/servers.js';

/**
 * The typed Oura API V2 client. Lists are async iterables (as in openai-node);
 * long ranges are cut into windows fetched concurrently under one client-wide
 * limit and yielded in time order.
 *
 * API reference: https://cloud.ouraring.com/v2/docs
 */

import {
  addDays,
  capLocalSpan,
  type DayRange,
  daysBetween,
  isDay,
  splitDays,
  splitDaysEvenly,
  startOfLocalDay,
  type TimeRange,
  toLocalIso,
} from '../calendar/days.js';
import { UsageError } from '../errors.js';
import { type DataType, type Endpoint, queryParamsOf } from '../oura/data-types.js';
import { assertSecureEndpoint } from '../secure-url.js';
import { endpointForPath, listPath } from './endpoints.js';
import { Http, type RequestEvent, type SlowAnswerEvent, type TokenProvider } from './http.js';
import { orderedPrefetch, pages } from './paginate.js';
import { checkQuery } from './query.js';
import { type RetryOptions, RetryPolicy } from './retry-policy.js';
import { Limiter } from './semaphore.js';
import type { ListType, OuraDocument } from './types.js';

/** Oura's production API. */
/** The API base when none is given (Oura's own). */
export const DEFAULT_BASE_URL = API_BASE_URL;
export type { TokenProvider } from './http.js';

/** Longest window the series routes accept: integrations report that heart rate must be asked in windows of at most 30 days. */
export const MAX_SERIES_WINDOW_DAYS = 30;
/** The same limit in time: 30 local days across a change back from summer time are an hour longer. */
export const MAX_SERIES_SPAN_MS = MAX_SERIES_WINDOW_DAYS * 86_400_000;

const DEFAULT_SERIES_WINDOW_DAYS = 15;
export const DEFAULT_DATE_WINDOW_DAYS = 180;

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
  /** Injected `fetch` (default the global one). */
  fetch?: typeof fetch;
  /** Most requests in flight at once, shared by every call on this client (default 8). */
  concurrency?: number;
  /** Per-request timeout in ms (default 30000). */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** Use `/v2/sandbox/usercollection` (Oura's fake data) instead of the account's data. */
  sandbox?: boolean;
  userAgent?: string;
  /** Days per request window for date types (default 180); windows are fetched concurrently. */
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

/**
 * A client for the Oura API V2 data routes.
 *
 * @example
 * const oura = new OuraClient({ token: process.env.OURA_ACCESS_TOKEN! });
 * for await (const day of oura.list('daily_sleep', { start: '2024-05-01', end: '2024-05-07' })) {
 *   console.log(day.day, day.score);
 * }
 */
export class OuraClient {
  readonly #http: Http;
  readonly #sandbox: boolean;
  readonly #concurrency: number;
  readonly #dateWindowDays: number;
  readonly #seriesWindowDays: number;
  readonly #prefetch: number;
  readonly #onProgress: ((progress: ListProgress) => void) | undefined;

  constructor(options: OuraClientOptions) {
    // The bearer token must never travel unencrypted beyond this machine.
    assertSecureEndpoint(options.baseUrl ?? DEFAULT_BASE_URL, 'the API base URL');
    this.#concurrency = options.concurrency ?? 8;
    this.#sandbox = options.sandbox ?? false;
    this.#dateWindowDays = Math.max(1, options.dateWindowDays ?? DEFAULT_DATE_WINDOW_DAYS);
    this.#seriesWindowDays = Math.min(
      MAX_SERIES_WINDOW_DAYS,
      Math.max(1, options.seriesWindowDays ?? DEFAULT_SERIES_WINDOW_DAYS),
    );
    this.#onProgress = options.onProgress;
    this.#prefetch = Math.max(1, options.prefetchWindows ?? this.#concurrency);
    this.#http = new Http({
      baseUrl: (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, ''),
      token: options.token,
      fetch: options.fetch ?? globalThis.fetch,
      limiter: new Limiter(this.#concurrency),
      timeoutMs: options.timeoutMs ?? 30_000,
      retry: new RetryPolicy(options.retry),
      userAgent: options.userAgent ?? 'oura-connect',
      onRequest: options.onRequest,
      onSlowAnswer: options.onSlowAnswer,
      slowAnswerMs: options.slowAnswerMs,
    });
  }

  /**
   * Every document of `type` whose local day lies in `range` (inclusive), each
   * once, in day order. For heartrate and ring_battery_level: every sample from
   * the start of `range.start` to the start of the day after `range.end`,
   * local time, each (timestamp, source) once; `range.from`/`range.to`
   * narrow that to instants. Without a range the server's default applies and
   * nothing is filtered.
   */
  list<T extends ListType>(
    type: T,
    range?: TimeRange,
    options: ListOptions = {},
  ): AsyncIterable<OuraDocument<T>> {
    return flatten(this.listBatches(type, range, options));
  }

  /**
   * The documents of {@link list}, in the same order, a batch at a time (a
   * window or a page): for consumers of long series, which then pay the cost
   * of an await per batch instead of per sample.
   */
  listBatches<T extends ListType>(
    type: T,
    range?: TimeRange,
    options: ListOptions = {},
  ): AsyncIterable<OuraDocument<T>[]> {
    const { endpoint, fields } = this.#checkList(type, range, options);
    return this.#list(endpoint, range, {
      ...options,
      ...(fields ? { fields } : {}),
    }) as AsyncIterable<OuraDocument<T>[]>;
  }

  /** One document by id (`GET /v2/usercollection/{type}/{document_id}`). */
  async get<T extends ListType>(type: T, id: string): Promise<OuraDocument<T>> {
    const { endpoint, documentId = '' } = checkQuery({
      type,
      documentId: id,
      sandbox: this.#sandbox,
    });
    const path = `${listPath(type, this.#sandbox)}/${encodeURIComponent(documentId)}`;
    return (await this.#http.getJson(path, undefined, {
      scope: endpoint.scope,
    })) as OuraDocument<T>;
  }

  /** The account's personal info (`GET /v2/usercollection/personal_info`); also a connection test. */
  async personalInfo(): Promise<OuraDocument<'personal_info'>> {
    const { endpoint } = checkQuery({ type: 'personal_info', sandbox: this.#sandbox });
    return (await this.#http.getJson(endpoint.path, undefined, {
      scope: endpoint.scope,
    })) as OuraDocument<'personal_info'>;
  }

  /** An authenticated GET of any API path (e.g. `/v2/usercollection/tag`), with retries. */
  async request(path: string, query?: URLSearchParams | Record<string, string>): Promise<unknown> {
    return this.#http.getJson(checkPath(path), toSearch(query), {
      scope: endpointForPath(path)?.scope,
    });
  }

  /** Pages of any list route, following `next_token` (guarded against repeats). */
  paginate(
    path: string,
    query?: URLSearchParams | Record<string, string>,
  ): AsyncIterable<unknown[]> {
    return pages(this.#http, checkPath(path), toSearch(query), {
      scope: endpointForPath(path)?.scope,
    });
  }

  #checkList(
    type: string,
    range: TimeRange | undefined,
    options: ListOptions,
  ): { endpoint: Endpoint; fields: string[] | undefined } {
    const checked = checkQuery({
      type,
      hasRange: range !== undefined,
      fields: options.fields,
      latest: options.latest,
      sandbox: this.#sandbox,
    });
    if (!checked.endpoint.paginated)
      throw new UsageError(`${type} is a single object; use personalInfo().`);
    if (range && daysBetween(range.start, range.end) < 0) {
      throw new UsageError(`the range ends (${range.end}) before it starts (${range.start}).`);
    }
    if (range && (range.from || range.to) && checked.endpoint.kind !== 'datetime') {
      throw new UsageError(`${type} is listed by days: from/to (instants) are for series types.`);
    }
    if (range?.from && range.to && range.to <= range.from) {
      throw new UsageError('the range ends (to) before it starts (from).');
    }
    return checked;
  }

  async *#list(
    endpoint: Endpoint,
    range: TimeRange | undefined,
    options: ListOptions,
  ): AsyncGenerator<unknown[]> {
    const params = queryParamsOf(endpoint.type, this.#sandbox);
    const path = listPath(endpoint.type, this.#sandbox);
    const meta = { scope: endpoint.scope };
    const fields = options.fields?.length ? [...options.fields] : undefined;
    const serverFields = fields && params.includes('fields') && !endpoint.fieldsIgnoredByServer;
    const project = fields && !serverFields ? projector(endpoint, fields) : undefined;
    const batch = (docs: unknown[]) => (project ? docs.map(project) : docs);

    const base = new URLSearchParams();
    if (serverFields) base.set('fields', fields.join(','));

    const progress: ListProgress = {
      type: endpoint.type,
      windowsDone: 0,
      windowsTotal: 1,
      documents: 0,
    };
    const emit = (docs: unknown[]) => {
      progress.documents += docs.length;
      progress.windowsDone++;
      this.#onProgress?.({ ...progress });
    };

    // No windows: latest sample, routes without a range, or no range given.
    if (options.latest || endpoint.kind === 'none' || !range) {
      if (options.latest) base.set('latest', 'true');
      for await (const page of pages(this.#http, path, base, meta)) {
        progress.documents += page.length;
        this.#onProgress?.({ ...progress });
        yield batch(page);
      }
      return;
    }

    const series = endpoint.kind === 'datetime';
    // Date windows are split evenly (a year: 183 + 182 days, not 180 + 180 + 5,
    // one request less per type); series windows keep the full length the
    // server allows, so each request carries as many samples as it may.
    const windows = series
      ? capLocalSpan(splitDays(range, this.#seriesWindowDays), MAX_SERIES_SPAN_MS)
      : splitDaysEvenly(range, this.#dateWindowDays);
    progress.windowsTotal = windows.length;
    const [only] = windows;
    if (series && only && windows.length === 1) {
      // One window: its pages go out as they arrive, so a consumer that
      // encodes or writes them keeps no more than a page of parsed samples.
      for await (const docs of this.#seriesPages(path, base, meta, only, range)) {
        progress.documents += docs.length;
        yield batch(docs);
      }
      progress.windowsDone++;
      this.#onProgress?.({ ...progress });
      return;
    }
    const load = series
      ? (w: DayRange) => this.#seriesWindow(path, base, meta, w, range)
      : (w: DayRange) => this.#dateWindow(endpoint, path, base, meta, w);

    for await (const docs of orderedPrefetch(windows, load, this.#prefetch)) {
      emit(docs);
      yield batch(docs);
    }
  }

  /**
   * One window of a date type. Asks one day more on each side (integrations
   * report that some routes treat an edge day as exclusive, and that `sleep`
   * with start == end can answer nothing), then keeps the asked days and each id once.
   */
  async #dateWindow(
    endpoint: Endpoint,
    path: string,
    base: URLSearchParams,
    meta: { scope: string },
    window: DayRange,
  ): Promise<unknown[]> {
    const q = new URLSearchParams(base);
    q.set('start_date', addDays(window.start, -1));
    q.set('end_date', addDays(window.end, 1));
    const key = endpoint.dayKey;
    const seen = new Set<string>();
    const out: unknown[] = [];
    for await (const page of pages(this.#http, path, q, meta)) {
      for (const doc of page) {
        const record = doc as Record<string, unknown>;
        const value = key ? record[key] : undefined;
        const day = typeof value === 'string' ? value.slice(0, 10) : undefined;
        // Without a day (trimmed by fields, or not a day at all) we cannot place it: keep it
        // rather than lose it. The history refuses a malformed one, and says so.
        if (day !== undefined && isDay(day) && (day < window.start || day > window.end)) continue;
        const id = record.id;
        if (typeof id === 'string') {
          if (seen.has(id)) continue;
          seen.add(id);
        }
        out.push(doc);
      }
    }
    return out;
  }

  /**
   * One window of a series type: from the first instant of `window.start` to
   * the first instant of the day after `window.end`, local time. Samples are
   * kept only inside [from, to), so windows never share a sample even if the
   * server treats the end as inclusive; (timestamp, source) pairs are kept once.
   * The first and last windows are narrowed to `range.from` and `range.to`.
   */
  async #seriesWindow(
    path: string,
    base: URLSearchParams,
    meta: { scope: string },
    window: DayRange,
    range: TimeRange,
  ): Promise<unknown[]> {
    const out: unknown[] = [];
    for await (const docs of this.#seriesPages(path, base, meta, window, range)) {
      for (const doc of docs) out.push(doc);
    }
    return out;
  }

  /** The pages of {@link #seriesWindow}, filtered, as they arrive. */
  async *#seriesPages(
    path: string,
    base: URLSearchParams,
    meta: { scope: string },
    window: DayRange,
    range: TimeRange,
  ): AsyncGenerator<unknown[]> {
    const dayFrom = startOfLocalDay(window.start);
    const dayTo = startOfLocalDay(addDays(window.end, 1));
    const from = range.from && range.from > dayFrom ? range.from : dayFrom;
    const to = range.to && range.to < dayTo ? range.to : dayTo;
    const q = new URLSearchParams(base);
    q.set('start_datetime', toLocalIso(from));
    q.set('end_datetime', toLocalIso(to));
    const lo = from.getTime();
    const hi = to.getTime();
    const seen = new SampleKeys(lo);
    for await (const page of pages(this.#http, path, q, meta)) {
      const out: unknown[] = [];
      for (const doc of page) {
        const record = doc as Record<string, unknown>;
        const at = sampleTime(record);
        if (at !== undefined && (at < lo || at >= hi)) continue;
        if (!seen.add(at, record)) continue;
        out.push(doc);
      }
      yield out;
    }
  }
}

async function* flatten<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const batch of batches) yield* batch;
}

const SOURCES = ['', 'awake', 'rest', 'sleep', 'workout', 'live', 'session'];

/**
 * The (timestamp, source) pairs of a window. Small integers rather than
 * strings: a 30-day heart-rate window holds 8640 to 20000 of them, and string
 * (or large-number) keys would be the largest allocation of a long backfill.
 * Whole seconds since the window's start times 8 stay a small integer for 30 days.
 */
class SampleKeys {
  readonly #numeric = new Set<number>();
  readonly #other = new Set<string>();

  constructor(private readonly since: number) {}

  /** Records the sample's key; false if it was already there. */
  add(at: number | undefined, record: Record<string, unknown>): boolean {
    const source = typeof record.source === 'string' ? record.source : '';
    const index = SOURCES.indexOf(source);
    const seconds = at === undefined ? -1 : (at - this.since) / 1000;
    if (index >= 0 && Number.isInteger(seconds) && seconds >= 0) {
      const key = seconds * 8 + index;
      if (this.#numeric.has(key)) return false;
      this.#numeric.add(key);
      return true;
    }
    const key = `${at ?? JSON.stringify(record.timestamp)}|${source}`;
    if (this.#other.has(key)) return false;
    this.#other.add(key);
    return true;
  }
}

function sampleTime(record: Record<string, unknown>): number | undefined {
  if (typeof record.timestamp === 'string') {
    const ms = Date.parse(record.timestamp);
    if (!Number.isNaN(ms)) return ms;
  }
  if (typeof record.timestamp_unix === 'number') {
    // The spec does not say seconds or milliseconds; tell them apart by size.
    return record.timestamp_unix > 1e11 ? record.timestamp_unix : record.timestamp_unix * 1000;
  }
  return undefined;
}

/** Local projection for routes that list `fields` but ignore it, and sandbox routes that lack it. */
function projector(endpoint: Endpoint, fields: string[]): (doc: unknown) => unknown {
  const keep = new Set([...fields, 'id', ...(endpoint.dayKey ? [endpoint.dayKey] : [])]);
  return (doc) => {
    if (!doc || typeof doc !== 'object') return doc;
    return Object.fromEntries(Object.entries(doc).filter(([key]) => keep.has(key)));
  };
}

/** Checks a path given to `request`/`paginate` (and `oura api`): absolute, no scheme or host. */
export function checkPath(path: string): string {
  if (!path.startsWith('/') || path.startsWith('//') || /^\/*[a-z][a-z0-9+.-]*:/i.test(path)) {
    throw new UsageError(
      `the path must start with "/", e.g. /v2/usercollection/personal_info (got "${path}")`,
    );
  }
  return path;
}

function toSearch(query: URLSearchParams | Record<string, string> | undefined): URLSearchParams {
  if (!query) return new URLSearchParams();
  return query instanceof URLSearchParams ? new URLSearchParams(query) : new URLSearchParams(query);
}
