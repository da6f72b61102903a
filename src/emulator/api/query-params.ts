/** The data API's query parameters read as Oura reads them: a bad value is a 422 naming it. */
import { decodeNextToken, type PageQuery } from '../pagination.js';
import { dayNumber, parseDateTime } from '../time.js';
import { badRequest, validation } from './problems.js';

/** Resolves the page position from `next_token`, checking it belongs to this query. */
export function pagePosition(
  q: URLSearchParams,
  route: string,
  rangeGiven: boolean,
  query: PageQuery,
): { query: PageQuery; offset: number } {
  const raw = q.get('next_token');
  if (raw === null || raw === '') return { query, offset: 0 };
  const decoded = decodeNextToken(raw);
  if (!decoded || decoded.route !== route) throw badRequest('Invalid next_token.');
  if (rangeGiven && (decoded.start !== query.start || decoded.end !== query.end)) {
    throw badRequest('next_token does not belong to this start/end range.');
  }
  if (q.has('fields') && decoded.fields !== query.fields) {
    throw badRequest('next_token does not belong to these fields.');
  }
  return {
    query: { route, start: decoded.start, end: decoded.end, fields: decoded.fields },
    offset: decoded.offset,
  };
}

/** A day, or a date-time whose date part is used; undefined when absent. */
export function parseDayParam(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  let num = dayNumber(raw);
  if (num === undefined) {
    const dt = parseDateTime(raw);
    if (dt) num = dayNumber(dt.day);
  }
  if (num === undefined) {
    throw validation(
      name,
      'Input should be a valid date or datetime',
      'date_from_datetime_parsing',
      raw,
    );
  }
  return num;
}

/** A date-time as epoch ms (a date alone is refused); undefined when absent. */
export function parseDateTimeParam(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  const parsed = parseDateTime(raw);
  if (!parsed)
    throw validation(name, 'Input should be a valid datetime', 'datetime_from_date_parsing', raw);
  return parsed.epochMs;
}

/** A boolean spelled as FastAPI accepts it; false when absent. */
export function parseBooleanParam(q: URLSearchParams, name: string): boolean {
  const raw = q.get(name);
  if (raw === null || raw === '') return false;
  const value = raw.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off'].includes(value)) return false;
  throw validation(name, 'Input should be a valid boolean', 'bool_parsing', raw);
}
