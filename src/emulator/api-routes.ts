import type { IncomingMessage, ServerResponse } from 'node:http';
import { delay } from '../delay.js';
import {
  ENDPOINTS,
  type Endpoint as EndpointSpec,
  isDataType,
  queryParamsOf,
} from '../oura/data-types.js';
import type { Doc } from './data/context.js';
import type { DataSource } from './data/data-source.js';
import { HR_STEP_MS, HR_WORKOUT_STEP_MS } from './data/heartrate.js';
import type { Faults } from './faults.js';
import { problemBody, sendJsonText } from './http-util.js';
import { decodeNextToken, encodeNextToken, type PageQuery } from './pagination.js';
import type { RateLimiter } from './rate-limit.js';
import { canonicalScope } from './scopes.js';
import { dayNumber, dayString, parseDateTime } from './time.js';
import type { TokenStore } from './token-store.js';

/**
 * The data API: `/v2/usercollection/{type}[/{document_id}]` and the same under
 * `/v2/sandbox/usercollection/`. Order of checks, as a client meets them:
 * forced 429 → bearer (401) → rate limit (429) → injected 5xx →
 * route (404) → query validation (400/422) → scope (403) → data.
 *
 * Conventions (documented for client authors):
 * - Date types filter on the document's local `day` (`start_day` for
 *   `enhanced_tag`, `rest_mode_period`), both ends inclusive. Defaults:
 *   `end_date` = the last day of history, `start_date` = `end_date` − 1 day.
 *   A date-time is accepted and its date part used.
 * - Series filter on UTC sample time, `start_datetime` inclusive and
 *   `end_datetime` exclusive; naive date-times are UTC; a date alone is
 *   rejected (the spec says date-time). Defaults: end = now (or the end of the
 *   last day), start = end − 1 day. At most 30 days per request.
 * - `fields` keeps `id` and `day` (series: `timestamp`) besides those named;
 *   an unknown field is a 400. `tag`/`enhanced_tag` ignore it, as the spec says.
 * - The sandbox accepts the same parameters as the real routes and any bearer.
 * - With `edgeQuirks`, Oura's reported edge behaviour: `end_date` exclusive for
 *   date types, and `sleep` with `start_date == end_date` returns nothing.
 */

const SERIES_MAX_MS = 30 * 86_400_000;

export interface ApiStats {
  apiRequests: number;
  rateLimited: number;
}

export interface ApiDeps {
  store: TokenStore;
  user: DataSource;
  sandbox: DataSource;
  faults: Faults;
  limiter: RateLimiter;
  stats: ApiStats;
  pageSize: number;
  seriesPageSize: number;
  edgeQuirks: boolean;
}

/** An answer, sent once the emulated latency has passed. */
interface Reply {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

const problem = (
  status: number,
  title: string,
  detail: string,
  headers: Record<string, string> = {},
): Reply => ({ status, body: problemBody(status, title, detail), headers });

const ROUTE_RE = /^\/v2\/(sandbox\/)?usercollection\/([^/]+)(?:\/([^/]+))?\/?$/;

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

function badRequest(detail: string): HttpProblem {
  return new HttpProblem(400, { status: 400, title: 'Bad Request', detail });
}

function validation(param: string, msg: string, type: string, input: string): HttpProblem {
  return new HttpProblem(422, { detail: [{ loc: ['query', param], msg, type, input }] });
}

const SERIES_FIELDS: Record<string, string[]> = {
  heartrate: ['timestamp', 'timestamp_unix', 'bpm', 'source'],
  ring_battery_level: ['timestamp', 'timestamp_unix', 'level', 'charging', 'in_charger'],
};

export function createApiHandler(deps: ApiDeps) {
  const fieldCache = new Map<string, Set<string>>();

  /** Top-level fields of a type's documents, learned from one generated document. */
  function fieldsOf(spec: EndpointSpec, source: DataSource): Set<string> {
    let known = fieldCache.get(spec.type);
    if (known) return known;
    known = new Set(SERIES_FIELDS[spec.type] ?? []);
    if (spec.kind === 'none') {
      for (const key of Object.keys(source.ringConfigurations()[0] ?? {})) known.add(key);
    } else if (spec.kind === 'date') {
      // Some types are sparse (workouts, tags): look back until one appears.
      for (let num = source.lastDay; num > source.lastDay - 400 && known.size === 0; num--) {
        for (const key of Object.keys(
          source.listDocuments(spec.type, num, num, 0, 1).items[0] ?? {},
        ))
          known.add(key);
      }
    }
    fieldCache.set(spec.type, known);
    return known;
  }

  function parseFields(
    spec: EndpointSpec,
    source: DataSource,
    raw: string | null,
  ): string[] | undefined {
    // Routes the spec marks as ignoring `fields` answer every field.
    if (raw === null || spec.fieldsIgnoredByServer) return undefined;
    const names = raw
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    if (names.length === 0) return undefined;
    const known = fieldsOf(spec, source);
    const unknown = names.filter((name) => !known.has(name));
    if (unknown.length > 0 && known.size > 0) {
      throw badRequest(`Unknown field(s) for ${spec.type}: ${unknown.join(', ')}`);
    }
    return [...new Set(names)].sort();
  }

  function project<T extends object>(
    items: T[],
    fields: string[] | undefined,
    keep: string[],
  ): Doc[] {
    if (!fields) return items as unknown as Doc[];
    const wanted = new Set([...keep, ...fields]);
    return items.map((item) =>
      Object.fromEntries(Object.entries(item).filter(([key]) => wanted.has(key))),
    );
  }

  /** Resolves the page position from `next_token`, checking it belongs to this query. */
  function pagePosition(
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

  function parseDayParam(q: URLSearchParams, name: string): number | undefined {
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

  function parseDateTimeParam(q: URLSearchParams, name: string): number | undefined {
    const raw = q.get(name);
    if (raw === null || raw === '') return undefined;
    const parsed = parseDateTime(raw);
    if (!parsed)
      throw validation(name, 'Input should be a valid datetime', 'datetime_from_date_parsing', raw);
    return parsed.epochMs;
  }

  function listDates(spec: EndpointSpec, source: DataSource, route: string, q: URLSearchParams) {
    const startParam = parseDayParam(q, 'start_date');
    const endParam = parseDayParam(q, 'end_date');
    const end = endParam ?? source.lastDay;
    const start = startParam ?? end - 1;
    if (start > end) throw badRequest('start_date must not be after end_date.');
    const fields = parseFields(spec, source, q.get('fields'));
    const position = pagePosition(q, route, startParam !== undefined || endParam !== undefined, {
      route,
      start: dayString(start),
      end: dayString(end),
      fields: fields?.join(',') ?? '',
    });
    const from = dayNumber(position.query.start) ?? start;
    let to = dayNumber(position.query.end) ?? end;
    if (deps.edgeQuirks) {
      to -= 1;
      if (spec.type === 'sleep' && from === to + 1) to = from - 1;
    }
    const page = source.listDocuments(spec.type, from, to, position.offset, deps.pageSize);
    const nextOffset = position.offset + (page.consumed ?? page.items.length);
    const fieldList = position.query.fields ? position.query.fields.split(',') : undefined;
    return {
      data: project(page.items, fieldList, ['id', 'day']),
      next_token: nextOffset < page.total ? encodeNextToken(position.query, nextOffset) : null,
    };
  }

  function listSeries(spec: EndpointSpec, source: DataSource, route: string, q: URLSearchParams) {
    const startParam = parseDateTimeParam(q, 'start_datetime');
    const endParam = parseDateTimeParam(q, 'end_datetime');
    const latestRaw = q.get('latest');
    let latest = false;
    if (latestRaw !== null && latestRaw !== '') {
      const value = latestRaw.toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(value)) latest = true;
      else if (!['false', '0', 'no', 'off'].includes(value)) {
        throw validation('latest', 'Input should be a valid boolean', 'bool_parsing', latestRaw);
      }
    }
    const end = endParam ?? source.seriesBounds().end;
    const start = startParam ?? end - 86_400_000;
    if (start > end) throw badRequest('start_datetime must not be after end_datetime.');
    if (end - start > SERIES_MAX_MS) {
      throw badRequest(
        'The time range between start_datetime and end_datetime must be 30 days or less.',
      );
    }
    const fields = parseFields(spec, source, q.get('fields'));
    const position = pagePosition(q, route, startParam !== undefined || endParam !== undefined, {
      route,
      start: String(start),
      end: String(end),
      fields: fields?.join(',') ?? '',
    });
    const from = Number(position.query.start);
    const to = Number(position.query.end);
    const fieldList = position.query.fields ? position.query.fields.split(',') : undefined;
    const answer = (items: object[], next: number | undefined) => ({
      data: project(items, fieldList, ['timestamp']),
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
      const page = source.heartRate(from, to, position.offset, deps.seriesPageSize);
      return answer(page.items, page.next);
    }
    const fetchPage = (offset: number, limit: number) =>
      source.batteryLevel(from, to, offset, limit);
    if (latest) {
      const total = fetchPage(0, 0).total;
      return answer(total > 0 ? fetchPage(total - 1, 1).items : [], undefined);
    }
    const page = fetchPage(position.offset, deps.seriesPageSize);
    const nextOffset = position.offset + page.items.length;
    return answer(page.items, nextOffset < page.total ? nextOffset : undefined);
  }

  function listConfig(spec: EndpointSpec, source: DataSource, route: string, q: URLSearchParams) {
    const fields = parseFields(spec, source, q.get('fields'));
    const position = pagePosition(q, route, false, {
      route,
      start: '',
      end: '',
      fields: fields?.join(',') ?? '',
    });
    const rings = source.ringConfigurations();
    const items = rings.slice(position.offset, position.offset + deps.pageSize);
    const nextOffset = position.offset + items.length;
    const fieldList = position.query.fields ? position.query.fields.split(',') : undefined;
    return {
      data: project(items, fieldList, ['id']),
      next_token: nextOffset < rings.length ? encodeNextToken(position.query, nextOffset) : null,
    };
  }

  /**
   * Real latency is the time from request to answer, work included: the
   * answer is made at once and held until `latencyMs` after the request came
   * in, so the emulator's own work does not add to the latency a test asks for.
   */
  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (!url.pathname.startsWith('/v2/')) return false;
    const due = performance.now() + deps.faults.state.latencyMs;
    const reply = answer(req, url);
    const text = JSON.stringify(reply.body);
    const wait = due - performance.now();
    if (wait > 0) await delay(wait);
    sendJsonText(res, reply.status, text, reply.headers);
    return true;
  }

  function answer(req: IncomingMessage, url: URL): Reply {
    const match = ROUTE_RE.exec(url.pathname);
    deps.stats.apiRequests++;
    const { faults } = deps;
    if (faults.takeForced429()) {
      deps.stats.rateLimited++;
      return problem(429, 'Too Many Requests', 'Rate limit exceeded (forced by the emulator).', {
        'retry-after': '1',
      });
    }
    const sandbox = match?.[1] !== undefined;
    const auth = req.headers.authorization ?? '';
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1];
    if (!bearer) {
      return problem(401, 'Unauthorized', 'Missing bearer token.', {
        'www-authenticate': 'Bearer',
      });
    }
    let scopes: Set<string> | undefined;
    if (!sandbox) {
      const record = deps.store.checkAccess(bearer);
      if (record === 'unknown' || record === 'expired') {
        const detail =
          record === 'expired'
            ? 'The access token has expired.'
            : 'Invalid or revoked access token.';
        return problem(401, 'Unauthorized', detail, {
          'www-authenticate': `Bearer error="invalid_token", error_description="${detail}"`,
        });
      }
      scopes = new Set(record.scopes.map((scope) => canonicalScope(scope) ?? scope));
    }
    const verdict = deps.limiter.take(bearer);
    const headers = verdict.headers;
    if (!verdict.allowed) {
      deps.stats.rateLimited++;
      return problem(429, 'Too Many Requests', 'Rate limit exceeded.', {
        ...headers,
        'retry-after': String(verdict.retryAfter),
      });
    }
    const failure = faults.rollFailure();
    if (failure) {
      return problem(
        failure,
        failure === 500 ? 'Internal Server Error' : 'Service Unavailable',
        'Injected fault.',
        headers,
      );
    }
    const name = match?.[2] ?? '';
    const spec = isDataType(name) ? ENDPOINTS[name] : undefined;
    const documentId = match?.[3] === undefined ? undefined : decodeURIComponent(match[3]);
    if (
      !spec ||
      (sandbox && spec.sandboxQuery === null) ||
      (documentId !== undefined && !spec.documentRoute)
    ) {
      return problem(404, 'Not Found', `No route ${url.pathname}.`, headers);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return problem(405, 'Method Not Allowed', 'Only GET is supported.', {
        ...headers,
        allow: 'GET',
      });
    }
    try {
      const q = url.searchParams;
      const allowed: readonly string[] =
        documentId === undefined ? queryParamsOf(spec.type, sandbox) : [];
      const unknown = [...new Set(q.keys())].filter((key) => !allowed.includes(key));
      if (unknown.length > 0) throw badRequest(`Unknown query parameter(s): ${unknown.join(', ')}`);
      if (scopes && !scopes.has(spec.scope)) {
        throw new HttpProblem(403, {
          status: 403,
          title: 'Forbidden',
          detail: `This token lacks the '${spec.scope}' scope needed for ${spec.type}.`,
        });
      }
      const source = sandbox ? deps.sandbox : deps.user;
      const route = `${sandbox ? 'sandbox:' : ''}${spec.type}`;
      let body: unknown;
      if (documentId !== undefined) {
        body = source.findDocument(spec.type, documentId);
        if (!body) {
          throw new HttpProblem(404, {
            status: 404,
            title: 'Not Found',
            detail: `No ${spec.type} document with this id.`,
          });
        }
      } else if (!spec.paginated) {
        const { id, age, weight, height, biological_sex, email } = source.user;
        body = {
          id,
          age,
          weight,
          height,
          biological_sex,
          email: !scopes || scopes.has('email') ? email : null,
        };
      } else if (spec.kind === 'date') body = listDates(spec, source, route, q);
      else if (spec.kind === 'datetime') body = listSeries(spec, source, route, q);
      else body = listConfig(spec, source, route, q);
      return { status: 200, body, headers };
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error;
      return { status: error.status, body: error.body, headers };
    }
  }

  return { handle };
}
