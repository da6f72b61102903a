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
import type { Http, HttpOptions, RequestMeta } from './http.js';
import type { WindowQuery } from './list-windows.js';
import { checkQuery } from './query.js';
import { checkPath, toSearch } from './request-path.js';
import type { RetryOptions } from './retry-policy.js';
import { Limiter } from './semaphore.js';
import type { HttpTransport } from './transport.js';
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
  /** The HTTP layer, built for the first request (see the constructor). */
  readonly #http: () => Promise<Http>;
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
    const settings: Omit<HttpOptions, 'fetch' | 'retry'> = {
      baseUrl: (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, ''),
      token: options.token,
      limiter: new Limiter(this.#concurrency),
      budget: options.requestBudget,
      timeoutMs: options.timeoutMs ?? 30_000,
      userAgent: options.userAgent ?? 'oura-connect',
      onRequest: options.onRequest,
      onSlowAnswer: options.onSlowAnswer,
      slowAnswerMs: options.slowAnswerMs,
    };
    const { fetch } = options;
    const retry = { ...options.retry };
    // The HTTP layer (http.ts, the node:http transport, the retry policy) is
    // imported and built for the first request, from the options as given
    // here: importing the library loads none of its four modules.
    let http: Promise<Http> | undefined;
    this.#http = () => {
      http ??= buildHttp(settings, fetch, retry);
      return http;
    };
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
    const query = {
      path: listPath('heartrate', this.#sandbox),
      base: new URLSearchParams(),
      meta: { scope: endpoint.scope },
    };
    const windows = capLocalSpan(splitDays(range, this.#seriesWindowDays), MAX_SERIES_SPAN_MS);
    return heartRateWindows(this.#http, query, windows, range, this.#prefetch);
  }

  /** One document by id (`GET /v2/usercollection/{type}/{document_id}`). */
  async get<T extends ListType>(type: T, id: string): Promise<OuraDocument<T>> {
    const { endpoint, documentId = '' } = checkQuery({
      type,
      documentId: id,
      sandbox: this.#sandbox,
    });
    const path = `${listPath(type, this.#sandbox)}/${encodeURIComponent(documentId)}`;
    const http = await this.#http();
    return (await http.getJson(path, undefined, {
      scope: endpoint.scope,
    })) as OuraDocument<T>;
  }

  /** The account's personal info (`GET /v2/usercollection/personal_info`); also a connection test. */
  async personalInfo(): Promise<OuraDocument<'personal_info'>> {
    const { endpoint } = checkQuery({ type: 'personal_info', sandbox: this.#sandbox });
    const http = await this.#http();
    return (await http.getJson(endpoint.path, undefined, {
      scope: endpoint.scope,
    })) as OuraDocument<'personal_info'>;
  }

  /** An authenticated GET of any API path (e.g. `/v2/usercollection/tag`), with retries. */
  async request(path: string, query?: URLSearchParams | Record<string, string>): Promise<unknown> {
    const checked = checkPath(path);
    const search = toSearch(query);
    const meta = { scope: endpointForPath(path)?.scope };
    return (await this.#http()).getJson(checked, search, meta);
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
    const meta = { scope: endpoint.scope };
    const queryOver = (http: Http): WindowQuery => ({ http, path, base, meta });

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
      for await (const page of pagesOf(this.#http, path, base, meta)) {
        progress.documents += page.length;
        this.#onProgress?.({ ...progress });
        yield batch(page);
      }
      return;
    }

    // The windowing code (date-list.ts, list-windows.ts, the heart-rate page
    // reader and paginate.ts) is imported by the first list that needs it,
    // alongside the HTTP layer: importing the library loads six modules fewer.
    if (endpoint.kind === 'date') {
      const [{ dateList }, http] = await Promise.all([import('./date-list.js'), this.#http()]);
      const query = queryOver(http);
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
    const [{ seriesPages, seriesWindow }, { orderedPrefetch }, http] = await Promise.all([
      import('./list-windows.js'),
      import('./paginate.js'),
      this.#http(),
    ]);
    const query = queryOver(http);
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

/** The client's HTTP layer, its modules imported (node-transport.ts only when no `fetch` was given). */
async function buildHttp(
  settings: Omit<HttpOptions, 'fetch' | 'retry'>,
  fetch: HttpTransport | undefined,
  retry: RetryOptions,
): Promise<Http> {
  const [{ Http }, { RetryPolicy }, transport] = await Promise.all([
    import('./http.js'),
    import('./retry-policy.js'),
    fetch ?? import('./node-transport.js').then(({ nodeTransport }) => nodeTransport()),
  ]);
  return new Http({ ...settings, fetch: transport, retry: new RetryPolicy(retry) });
}

/** The pages of a list route (paginate.ts's `pages`), paginate.ts imported on the first. */
async function* pagesOf(
  http: () => Promise<Http>,
  path: string,
  query: URLSearchParams,
  meta: RequestMeta,
): AsyncGenerator<unknown[]> {
  const [{ pages }, connection] = await Promise.all([import('./paginate.js'), http()]);
  yield* pages(connection, path, query, meta);
}

/** {@link OuraClient.heartRateBatches}' samples, list-windows.ts imported on the first. */
async function* heartRateWindows(
  http: () => Promise<Http>,
  query: Omit<WindowQuery, 'http'>,
  windows: readonly DayRange[],
  range: TimeRange,
  prefetch: number,
): AsyncGenerator<unknown[] | SampleRun> {
  const [{ sampleBatches }, connection] = await Promise.all([import('./list-windows.js'), http()]);
  yield* sampleBatches({ ...query, http: connection }, windows, range, prefetch);
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
