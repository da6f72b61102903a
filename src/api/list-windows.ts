/**
 * The request windows a long `list` is cut into, each fetched through its
 * pages and filtered so that every document or sample of the asked range
 * comes out exactly once, whichever edges the server treats as inclusive.
 */
import {
  addDays,
  type DayRange,
  isDay,
  startOfLocalDay,
  type TimeRange,
  toLocalIso,
} from '../calendar/days.js';
import type { Endpoint } from '../oura/data-types.js';
import type { Http } from './http.js';
import { pages } from './paginate.js';
import { SampleKeys, sampleTime } from './sample-keys.js';

/** Longest window the series routes accept: integrations report that heart rate must be asked in windows of at most 30 days. */
export const MAX_SERIES_WINDOW_DAYS = 30;
/** The same limit in time: 30 local days across a change back from summer time are an hour longer. */
export const MAX_SERIES_SPAN_MS = MAX_SERIES_WINDOW_DAYS * 86_400_000;

/** Days per series window unless the client is told otherwise (see `seriesWindowDays`). */
export const DEFAULT_SERIES_WINDOW_DAYS = 15;
/** Days per date-type window unless the client is told otherwise (see `dateWindowDays`). */
export const DEFAULT_DATE_WINDOW_DAYS = 180;

/** What every window of one `list` call shares: where its pages come from and what they ask. */
export interface WindowQuery {
  http: Http;
  path: string;
  /** Query parameters of every window (`fields`), the window's own range added to a copy. */
  base: URLSearchParams;
  meta: { scope: string };
}

/**
 * One window of a date type. Asks one day more on each side (integrations
 * report that some routes treat an edge day as exclusive, and that `sleep`
 * with start == end can answer nothing), then keeps the asked days and each id once.
 */
export async function dateWindow(
  query: WindowQuery,
  endpoint: Endpoint,
  window: DayRange,
): Promise<unknown[]> {
  const q = new URLSearchParams(query.base);
  q.set('start_date', addDays(window.start, -1));
  q.set('end_date', addDays(window.end, 1));
  const key = endpoint.dayKey;
  const seen = new Set<string>();
  const out: unknown[] = [];
  for await (const page of pages(query.http, query.path, q, query.meta)) {
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
export async function seriesWindow(
  query: WindowQuery,
  window: DayRange,
  range: TimeRange,
): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const docs of seriesPages(query, window, range)) {
    for (const doc of docs) out.push(doc);
  }
  return out;
}

/** The pages of {@link seriesWindow}, filtered, as they arrive. */
export async function* seriesPages(
  query: WindowQuery,
  window: DayRange,
  range: TimeRange,
): AsyncGenerator<unknown[]> {
  const dayFrom = startOfLocalDay(window.start);
  const dayTo = startOfLocalDay(addDays(window.end, 1));
  const from = range.from && range.from > dayFrom ? range.from : dayFrom;
  const to = range.to && range.to < dayTo ? range.to : dayTo;
  const q = new URLSearchParams(query.base);
  q.set('start_datetime', toLocalIso(from));
  q.set('end_datetime', toLocalIso(to));
  const lo = from.getTime();
  const hi = to.getTime();
  const seen = new SampleKeys(lo);
  for await (const page of pages(query.http, query.path, q, query.meta)) {
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
