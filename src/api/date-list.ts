/**
 * The requests of a date-type `list`, as few as the documents need and in
 * short chains. The asked range is widened by a day on each side, once for
 * the whole range (integrations report that some routes treat an edge day as
 * exclusive, and that `sleep` with start == end can answer nothing). Its first
 * page shows how many documents a page holds and how many a day has; the rest
 * of the range is then cut into windows of whole pages, as many as can be in
 * flight, fetched together. Windows that each padded both their ends cost a
 * page more per type on a year of daily data; here neighbours share one edge
 * day instead.
 */
import { addDays, type Day, type DayRange, daysBetween, isDay } from '../calendar/days.js';
import type { Endpoint } from '../oura/data-types.js';
import type { WindowQuery } from './list-windows.js';
import { onePage, orderedPrefetch, pages } from './paginate.js';

/** How a date-type list may cut its range. */
export interface DatePlanOptions {
  /** Most days one request asks (besides the edge day it shares with its neighbour). */
  maxWindowDays: number;
  /** Windows fetched ahead of the consumer. */
  prefetch: number;
  /** Told how many windows the list has once they are planned (the first query counted). */
  onPlan: (windows: number) => void;
}

/**
 * Every document of `range` once, in day order, a batch per window: the
 * first page's complete days, then each window's.
 *
 * Neighbouring windows share their edge day: `[a, b]` then `[b, c]`. A route
 * that is inclusive at both ends answers day `b` twice, one exclusive at
 * either end answers it once; either way the rule "keep only days after the
 * last one already complete" yields it once. A route exclusive at both ends
 * would lose it: no integration reports one.
 */
export async function* dateList(
  query: WindowQuery,
  endpoint: Endpoint,
  range: DayRange,
  options: DatePlanOptions,
): AsyncGenerator<unknown[]> {
  const first = addDays(range.start, -1);
  const last = addDays(range.end, 1);
  const cap = Math.max(1, options.maxWindowDays);
  const dayOf = dayReader(endpoint);
  const kept = new KeptDays(range, dayOf);

  const probeEnd = earlier(last, addDays(first, cap));
  const probeQuery = rangeQuery(query.base, first, probeEnd);
  const head = await onePage(query.http, query.path, probeQuery, query.meta);
  const plan =
    head.next === undefined
      ? undefined
      : pagePlan(head.data, dayOf, { cap, last, windows: options.prefetch });

  if (plan) {
    // The first page's last day may go on in the next page: it is asked again.
    const boundary = addDays(plan.lastDay, -1);
    const windows = boundary < range.end ? windowsFrom(boundary, last, plan.windowDays) : [];
    options.onPlan(1 + windows.length);
    yield kept.take(plan.complete, boundary, true);
    yield* windowBatches(query, windows, kept, options.prefetch);
    return;
  }
  // The first page is all its query holds, or cannot be planned from: read that query to
  // its end, and the rest of the range in windows as long as allowed.
  const docs = [...head.data];
  if (head.next !== undefined) {
    for await (const page of pages(query.http, query.path, probeQuery, query.meta, head.next)) {
      for (const doc of page) docs.push(doc);
    }
  }
  const windows = windowsFrom(probeEnd, last, cap);
  options.onPlan(1 + windows.length);
  yield kept.take(docs, probeEnd, false);
  yield* windowBatches(query, windows, kept, options.prefetch);
}

/**
 * What a first page that has more after it says: its last day, the
 * documents of the days before it (complete, as pages follow day order), and
 * the window length that fills whole pages, as few windows as can be in flight.
 */
function pagePlan(
  page: readonly unknown[],
  dayOf: (doc: unknown) => Day | undefined,
  limits: { cap: number; last: Day; windows: number },
): { lastDay: Day; complete: unknown[]; windowDays: number } | undefined {
  const days: Day[] = [];
  for (const doc of page) {
    const day = dayOf(doc);
    // Undated or out of day order (Oura and the emulator answer in day order): where
    // the pages after this one begin cannot be told.
    if (day === undefined || (days.length > 0 && day < (days.at(-1) as Day))) return undefined;
    days.push(day);
  }
  const firstDay = days[0];
  const lastDay = days.at(-1);
  if (firstDay === undefined || lastDay === undefined || firstDay === lastDay) return undefined;
  const completeDays = daysBetween(firstDay, lastDay);
  const complete = days.filter((day) => day < lastDay);
  const perDay = complete.length / completeDays;
  // Each window shares an edge day with the next and rounds up to whole pages,
  // so fewer windows waste less; more than can be in flight gain nothing.
  const pagesLeft = (perDay * daysBetween(lastDay, limits.last)) / page.length;
  const even = complete.length === completeDays && new Set(complete).size === completeDays;
  // One document on each day, as daily summaries have, fills windows exactly,
  // one short of full pages for a server that would send a token to an empty
  // page. Uneven days fill a window only about as expected: it gets at least
  // four pages, less a fifth of one to spare, so it seldom spills onto one more
  // (on the emulator's year of workouts as many requests as one query for the
  // whole range; of sleep, as many or one more).
  const pages = Math.max(even ? 1 : 4, Math.ceil(pagesLeft / limits.windows));
  // What one window would hold, the first page's token gets without asking its last day
  // again; a first page that reaches the day after the range leaves nothing to ask.
  if (lastDay < limits.last && pagesLeft <= pages) return undefined;
  const fill = pages * page.length - (even ? 1 : Math.ceil(page.length / 5));
  // A window of n new days asks n + 1 (the edge day it shares).
  const windowDays = Math.min(limits.cap, Math.floor(fill / perDay) - 1);
  if (windowDays < 1) return undefined;
  return { lastDay, complete: page.slice(0, complete.length), windowDays };
}

/** Windows `[from, …]` of `size` new days each, sharing edges, up to `last`. */
function windowsFrom(from: Day, last: Day, size: number): DayRange[] {
  const out: DayRange[] = [];
  for (let start = from; start < last; ) {
    const end = earlier(last, addDays(start, size));
    out.push({ start, end });
    start = end;
  }
  return out;
}

async function* windowBatches(
  query: WindowQuery,
  windows: readonly DayRange[],
  kept: KeptDays,
  prefetch: number,
): AsyncGenerator<unknown[]> {
  const load = async (window: DayRange) => {
    const docs: unknown[] = [];
    const q = rangeQuery(query.base, window.start, window.end);
    for await (const page of pages(query.http, query.path, q, query.meta)) {
      for (const doc of page) docs.push(doc);
    }
    return { window, docs };
  };
  for await (const { window, docs } of orderedPrefetch(windows, load, prefetch)) {
    yield kept.take(docs, window.end, false);
  }
}

/**
 * The documents already yielded, as the last day known complete: a window
 * keeps only later days of the asked range, and each id once.
 */
class KeptDays {
  #through: Day;
  readonly #range: DayRange;
  readonly #dayOf: (doc: unknown) => Day | undefined;

  constructor(range: DayRange, dayOf: (doc: unknown) => Day | undefined) {
    this.#range = range;
    this.#dayOf = dayOf;
    this.#through = addDays(range.start, -1);
  }

  /**
   * The documents of a window asked up to `end` that are new; `complete`
   * says `end` itself is complete, else only if the window answered it (a
   * route exclusive at the end leaves the day to the next window).
   */
  take(docs: readonly unknown[], end: Day, complete: boolean): unknown[] {
    const through = this.#through;
    const seen = new Set<string>();
    const out: unknown[] = [];
    let answeredEnd = false;
    for (const doc of docs) {
      const day = this.#dayOf(doc);
      if (day === end) answeredEnd = true;
      // Without a day (trimmed by fields, or not a day at all) we cannot place it: keep it
      // rather than lose it. The history refuses a malformed one, and says so.
      if (day !== undefined && (day <= through || day > this.#range.end)) continue;
      const id = (doc as Record<string, unknown>).id;
      if (typeof id === 'string') {
        if (seen.has(id)) continue;
        seen.add(id);
      }
      out.push(doc);
    }
    const done = complete || answeredEnd ? end : addDays(end, -1);
    if (done > through) this.#through = done;
    return out;
  }
}

function dayReader(endpoint: Endpoint): (doc: unknown) => Day | undefined {
  const key = endpoint.dayKey;
  return (doc) => {
    if (!key || !doc || typeof doc !== 'object') return undefined;
    const value = (doc as Record<string, unknown>)[key];
    const day = typeof value === 'string' ? value.slice(0, 10) : undefined;
    return day !== undefined && isDay(day) ? day : undefined;
  };
}

function rangeQuery(base: URLSearchParams, start: Day, end: Day): URLSearchParams {
  const q = new URLSearchParams(base);
  q.set('start_date', start);
  q.set('end_date', end);
  return q;
}

function earlier(a: Day, b: Day): Day {
  return a < b ? a : b;
}
