/**
 * The answers of the list routes, a page at a time: date types by local day,
 * series by instant, and the ring configurations, each with its `next_token`.
 */
import type { Endpoint as EndpointSpec } from '../../oura/data-types.js';
import type { DataSource } from '../data/data-source.js';
import { HR_STEP_MS, HR_WORKOUT_STEP_MS } from '../data/heartrate.js';
import { encodeNextToken, type PageQuery } from '../pagination.js';
import { dayNumber, dayString } from '../time.js';
import { type FieldNames, project } from './fields.js';
import { heartRateSampleText, ListPage } from './page-text.js';
import { badRequest } from './problems.js';
import {
  pagePosition,
  parseBooleanParam,
  parseDateTimeParam,
  parseDayParam,
} from './query-params.js';

const SERIES_MAX_MS = 30 * 86_400_000;

/** What every list request of one emulator shares: its field names and its page sizes. */
export interface ListContext {
  fields: FieldNames;
  pageSize: number;
  seriesPageSize: number;
  edgeQuirks: boolean;
}

/** One list request: the type asked, where its documents come from, and its query. */
export interface ListRequest {
  spec: EndpointSpec;
  source: DataSource;
  /** The route a `next_token` must belong to, e.g. `sandbox:heartrate`. */
  route: string;
  q: URLSearchParams;
}

/**
 * Where this page starts: the query it continues (from `next_token`, or the
 * one asked), the offset, and the fields that query keeps.
 */
function pageStart(
  context: ListContext,
  request: ListRequest,
  range: { start: string; end: string; given: boolean },
): { query: PageQuery; offset: number; fields: string[] | undefined } {
  const { spec, source, route, q } = request;
  const fields = context.fields.parse(spec, source, q.get('fields'));
  const position = pagePosition(q, route, range.given, {
    route,
    start: range.start,
    end: range.end,
    fields: fields?.join(',') ?? '',
  });
  const kept = position.query.fields ? position.query.fields.split(',') : undefined;
  return { ...position, fields: kept };
}

/** A page of a date type: the documents whose local day lies in the asked days. */
export function listDates(context: ListContext, request: ListRequest) {
  const { spec, source, q } = request;
  const startParam = parseDayParam(q, 'start_date');
  const endParam = parseDayParam(q, 'end_date');
  const end = endParam ?? source.lastDay;
  const start = startParam ?? end - 1;
  if (start > end) throw badRequest('start_date must not be after end_date.');
  const position = pageStart(context, request, {
    start: dayString(start),
    end: dayString(end),
    given: startParam !== undefined || endParam !== undefined,
  });
  const from = dayNumber(position.query.start) ?? start;
  let to = dayNumber(position.query.end) ?? end;
  if (context.edgeQuirks) {
    to -= 1;
    if (spec.type === 'sleep' && from === to + 1) to = from - 1;
  }
  const page = source.listDocuments(spec.type, from, to, position.offset, context.pageSize);
  const nextOffset = position.offset + (page.consumed ?? page.items.length);
  return new ListPage(
    project(page.items, position.fields, ['id', 'day']),
    nextOffset < page.total ? encodeNextToken(position.query, nextOffset) : null,
  );
}

/** A page of a series (heartrate, ring_battery_level): the samples in [start, end), or the latest one. */
export function listSeries(context: ListContext, request: ListRequest) {
  const { spec, source, q } = request;
  const startParam = parseDateTimeParam(q, 'start_datetime');
  const endParam = parseDateTimeParam(q, 'end_datetime');
  const latest = parseBooleanParam(q, 'latest');
  const end = endParam ?? source.seriesBounds().end;
  const start = startParam ?? end - 86_400_000;
  if (start > end) throw badRequest('start_datetime must not be after end_datetime.');
  if (end - start > SERIES_MAX_MS) {
    throw badRequest(
      'The time range between start_datetime and end_datetime must be 30 days or less.',
    );
  }
  const position = pageStart(context, request, {
    start: String(start),
    end: String(end),
    given: startParam !== undefined || endParam !== undefined,
  });
  const from = Number(position.query.start);
  const to = Number(position.query.end);
  const answer = (items: object[], next: number | undefined) => ({
    data: project(items, position.fields, ['timestamp']),
    next_token: next === undefined ? null : encodeNextToken(position.query, next),
  });
  if (spec.type === 'heartrate') {
    // Heart rate pages by instant (its token's offset is the next sample's epoch ms).
    if (latest) {
      // The last 5 minutes hold a sample, and at most one per workout step.
      const most = HR_STEP_MS / HR_WORKOUT_STEP_MS + 1;
      const { items } = source.heartRate(from, to, to - HR_STEP_MS, most);
      return answer(items.slice(-1), undefined);
    }
    const page = source.heartRate(from, to, position.offset, context.seriesPageSize);
    if (position.fields) return answer(page.items, page.next);
    const next = page.next === undefined ? null : encodeNextToken(position.query, page.next);
    return new ListPage(page.items, next, heartRateSampleText);
  }
  const fetchPage = (offset: number, limit: number) => source.batteryLevel(from, to, offset, limit);
  if (latest) {
    const total = fetchPage(0, 0).total;
    return answer(total > 0 ? fetchPage(total - 1, 1).items : [], undefined);
  }
  const page = fetchPage(position.offset, context.seriesPageSize);
  const nextOffset = position.offset + page.items.length;
  return answer(page.items, nextOffset < page.total ? nextOffset : undefined);
}

/** A page of the ring configurations, which take no range. */
export function listConfig(context: ListContext, request: ListRequest) {
  const position = pageStart(context, request, { start: '', end: '', given: false });
  const rings = request.source.ringConfigurations();
  const items = rings.slice(position.offset, position.offset + context.pageSize);
  const nextOffset = position.offset + items.length;
  return {
    data: project(items, position.fields, ['id']),
    next_token: nextOffset < rings.length ? encodeNextToken(position.query, nextOffset) : null,
  };
}
