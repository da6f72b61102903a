/**
 * The request windows a long series `list` is cut into, each fetched through
 * its pages and filtered so that every sample of the asked range comes out
 * exactly once, whichever edges the server treats as inclusive (date types:
 * date-list.ts).
 */
import {
  addDays,
  type DayRange,
  startOfLocalDay,
  type TimeRange,
  toLocalIso,
} from '../calendar/days.js';
import type { Http } from './http.js';
import { pages } from './paginate.js';
import { SampleKeys, sampleTime } from './sample-keys.js';

/** Longest window the series routes accept: integrations report that heart rate must be asked in windows of at most 30 days. */
export const MAX_SERIES_WINDOW_DAYS = 30;
/** The same limit in time: 30 local days across a change back from summer time are an hour longer. */
export const MAX_SERIES_SPAN_MS = MAX_SERIES_WINDOW_DAYS * 86_400_000;

/** Days per series window unless the client is told otherwise (see `seriesWindowDays`). */
export const DEFAULT_SERIES_WINDOW_DAYS = 15;
/**
 * Most days one date-type request asks unless the client is told otherwise
 * (see `dateWindowDays`): a year, which peers ask in one request (widened by a
 * day, 367 days), so a year of sparse data is one request.
 */
export const DEFAULT_DATE_WINDOW_DAYS = 366;

/** What every window of one `list` call shares: where its pages come from and what they ask. */
export interface WindowQuery {
  http: Http;
  path: string;
  /** Query parameters of every window (`fields`), the window's own range added to a copy. */
  base: URLSearchParams;
  meta: { scope: string };
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
