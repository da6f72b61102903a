import { API_BASE_URL } from '../oura/servers.js';

/**
 * The typed Oura API V2 client. Lists are async iterables (as in openai-node);
 * long ranges are cut into windows fetched concurrently under one client-wide
 * limit and yielded in time order.
 *
 * API reference: https://cloud.ouraring.com/v2/docs
 */

import {
  capLocalSpan,
  type DayRange,
  daysBetween,
  splitDays,
  type TimeRange,
} from '../calendar/days.js';
import { UsageError } from '../errors.js';
import { type Endpoint, queryParamsOf } from '../oura/data-types.js';
import { assertSecureEndpoint } from '../secure-url.js';
import type { SampleRun } from '../series/heart-rate-page.js';
import type { ListOptions, ListProgress, OuraClientOptions } from './client-options.js';
import { endpointForPath, listPath } from './endpoints.js';
import { Http, type RequestMeta } from './http.js';
import type { WindowQuery } from './list-windows.js';
import { nodeTransport } from './node-transport.js';
import { checkQuery } from './query.js';
import { checkPath, toSearch } from './request-path.js';
import { RetryPolicy } from './retry-policy.js';
import { Limiter } from './semaphore.js';
import type { ListType, OuraDocument } from './types.js';

/** The API base when none is given (Oura's own). */
export const DEFAULT_BASE_URL = API_BASE_URL;

/** Longest window the series routes accept: integrations report that heart rate must be asked in windows of at most 30 days. */
export const MAX_SERIES_WINDOW_DAYS = 30;
/** The same limit in time: 30 local days across a change back from summer time are an hour longer. */
const MAX_SERIES_SPAN_MS = MAX_SERIES_WINDOW_DAYS * 86_400_000;

/** Days per series window unless the client is told otherwise (see `seriesWindowDays`). */
const DEFAULT_SERIES_WINDOW_DAYS = 15;
/**
 * Most days one date-type request asks unless the client is told otherwise
 * (see `dateWindowDays`): a year, which peers ask in one request (widened by a
 * day, 367 days), so a year of sparse data is one request.
 */
export const DEFAULT_DATE_WINDOW_DAYS = 366;

export type { ListOptions, ListProgress, OuraClientOptions } from './client-options.js';
export type { TokenProvider } from './http.js';
export { checkPath } from './request-path.js';

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
      fetch: options.fetch ?? nodeTransport(),
      limiter: new Limiter(this.#concurrency),
      budget: options.requestBudget,
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

  /**
   * The heart-rate samples of `range` as {@link listBatches} lists them, for
   * a consumer that stores them in columns (the history): a page of Oura's
   * usual shape comes as a {@link SampleRun} (read without `JSON.parse`, no
   * object per sample), any other page as its documents. No `onProgress`.
   */
  heartRateBatches(range: DayRange): AsyncIterable<unknown[] | SampleRun> {
    const { endpoint } = this.#checkList('heartrate', range, {});
    const query: WindowQuery = {
      http: this.#http,
      path: listPath('heartrate', this.#sandbox),
      base: new URLSearchParams(),
      meta: { scope: endpoint.scope },
    };
    const windows = capLocalSpan(splitDays(range, this.#seriesWindowDays), MAX_SERIES_SPAN_MS);
    return heartRateWindows(query, windows, range, this.#prefetch);
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
    return pagesOf(this.#http, checkPath(path), toSearch(query), {
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
    const fields = options.fields?.length ? [...options.fields] : undefined;
    const serverFields = fields && params.includes('fields') && !endpoint.fieldsIgnoredByServer;
    const project = fields && !serverFields ? projector(endpoint, fields) : undefined;
    const batch = (docs: unknown[]) => (project ? docs.map(project) : docs);

    const base = new URLSearchParams();
    if (serverFields) base.set('fields', fields.join(','));
    const query: WindowQuery = { http: this.#http, path, base, meta: { scope: endpoint.scope } };

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
      for await (const page of pagesOf(this.#http, path, base, query.meta)) {
        progress.documents += page.length;
        this.#onProgress?.({ ...progress });
        yield batch(page);
      }
      return;
    }

    // The windowing code (date-list.ts, list-windows.ts, the heart-rate page
    // reader and paginate.ts) is imported by the first list that needs it:
    // importing the library loads six modules fewer.
    if (endpoint.kind === 'date') {
      const { dateList } = await import('./date-list.js');
      const plan = {
        maxWindowDays: this.#dateWindowDays,
        prefetch: this.#prefetch,
        onPlan: (windows: number) => {
          progress.windowsTotal = windows;
        },
      };
      for await (const docs of dateList(query, endpoint, range, plan)) {
        emit(docs);
        yield batch(docs);
      }
      return;
    }
    const [{ seriesPages, seriesWindow }, { orderedPrefetch }] = await Promise.all([
      import('./list-windows.js'),
      import('./paginate.js'),
    ]);
    // Series windows keep the full length the server allows, so each request
    // carries as many samples as it may.
    const windows = capLocalSpan(splitDays(range, this.#seriesWindowDays), MAX_SERIES_SPAN_MS);
    progress.windowsTotal = windows.length;
    const [only] = windows;
    if (only && windows.length === 1) {
      // One window: its pages go out as they arrive, so a consumer that
      // encodes or writes them keeps no more than a page of parsed samples.
      for await (const docs of seriesPages(query, only, range)) {
        progress.documents += docs.length;
        yield batch(docs);
      }
      progress.windowsDone++;
      this.#onProgress?.({ ...progress });
      return;
    }
    const load = (w: DayRange) => seriesWindow(query, w, range);

    for await (const docs of orderedPrefetch(windows, load, this.#prefetch)) {
      emit(docs);
      yield batch(docs);
    }
  }
}

/** The pages of a list route (paginate.ts's `pages`), paginate.ts imported on the first. */
async function* pagesOf(
  http: Http,
  path: string,
  query: URLSearchParams,
  meta: RequestMeta,
): AsyncGenerator<unknown[]> {
  const { pages } = await import('./paginate.js');
  yield* pages(http, path, query, meta);
}

/** {@link OuraClient.heartRateBatches}' samples, list-windows.ts imported on the first. */
async function* heartRateWindows(
  ...args: Parameters<typeof import('./list-windows.js').sampleBatches>
): AsyncGenerator<unknown[] | SampleRun> {
  const { sampleBatches } = await import('./list-windows.js');
  yield* sampleBatches(...args);
}

async function* flatten<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const batch of batches) yield* batch;
}

/** Local projection for routes that list `fields` but ignore it, and sandbox routes that lack it. */
function projector(endpoint: Endpoint, fields: string[]): (doc: unknown) => unknown {
  const keep = new Set([...fields, 'id', ...(endpoint.dayKey ? [endpoint.dayKey] : [])]);
  return (doc) => {
    if (!doc || typeof doc !== 'object') return doc;
    return Object.fromEntries(Object.entries(doc).filter(([key]) => keep.has(key)));
  };
}
