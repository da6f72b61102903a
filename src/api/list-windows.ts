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
import { type SampleRun, scanSamplePage } from '../series/heart-rate-page.js';
import type { Http } from './http.js';
import { orderedPrefetch, type PageScanner, pages } from './paginate.js';
import { SampleKeys, sampleTime } from './sample-keys.js';

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

/** The pages of {@link seriesWindow}, filtered, as they arrive; given `scan`, a page it reads comes as what it read. */
export function seriesPages(
  query: WindowQuery,
  window: DayRange,
  range: TimeRange,
): AsyncGenerator<unknown[]>;
export function seriesPages(
  query: WindowQuery,
  window: DayRange,
  range: TimeRange,
  scan: PageScanner<SampleRun>,
): AsyncGenerator<unknown[] | SampleRun>;
export async function* seriesPages(
  query: WindowQuery,
  window: DayRange,
  range: TimeRange,
  scan?: PageScanner<SampleRun>,
): AsyncGenerator<unknown[] | SampleRun> {
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
  for await (const page of pages(query.http, query.path, q, query.meta, undefined, scan)) {
    if (!Array.isArray(page)) {
      yield keepSamples(page, lo, hi, seen);
      continue;
    }
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

/** The filter of {@link seriesPages} on a scanned page's columns, which it compacts in place. */
function keepSamples(run: SampleRun, lo: number, hi: number, seen: SampleKeys): SampleRun {
  let kept = 0;
  for (let i = 0; i < run.count; i++) {
    const at = (run.ts[i] as number) * 1000;
    if (at < lo || at >= hi) continue;
    if (!seen.addCoded(at, run.source[i] as number)) continue;
    run.ts[kept] = run.ts[i] as number;
    run.bpm[kept] = run.bpm[i] as number;
    run.source[kept] = run.source[i] as number;
    kept++;
  }
  run.count = kept;
  return run;
}

/** A scanned page's samples and token, as {@link pages} takes them. */
const scanSamples: PageScanner<SampleRun> = (text) => {
  const page = scanSamplePage(text);
  return page && { data: page.samples, next: page.next };
};

/**
 * The heart-rate samples of `windows`, filtered as {@link seriesPages} filters
 * them, a page at a time: a page of Oura's usual shape as columns, any other
 * as its documents. Windows after the first are fetched ahead (`prefetch`).
 */
export async function* sampleBatches(
  query: WindowQuery,
  windows: readonly DayRange[],
  range: TimeRange,
  prefetch: number,
): AsyncGenerator<unknown[] | SampleRun> {
  const [only] = windows;
  if (only && windows.length === 1) {
    yield* seriesPages(query, only, range, scanSamples);
    return;
  }
  const load = async (window: DayRange) => {
    const batches: (unknown[] | SampleRun)[] = [];
    for await (const batch of seriesPages(query, window, range, scanSamples)) batches.push(batch);
    return batches;
  };
  for await (const batches of orderedPrefetch(windows, load, prefetch)) yield* batches;
}
