import type { IncomingMessage, ServerResponse } from 'node:http';
import { delay } from '../delay.js';
import { ENDPOINTS, isDataType, queryParamsOf } from '../oura/data-types.js';
import type { Accounts } from './accounts.js';
import { FieldNames } from './api/fields.js';
import { type ListContext, listConfig, listDates, listSeries } from './api/list-routes.js';
import { ListPage } from './api/page-text.js';
import { badRequest, HttpProblem, problem, type Reply } from './api/problems.js';
import type { DataSource } from './data/data-source.js';
import type { Faults } from './faults.js';
import { sendJsonText } from './http-util.js';
import type { RateLimiter } from './rate-limit.js';
import { canonicalScope } from './scopes.js';
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

export interface ApiStats {
  apiRequests: number;
  rateLimited: number;
}

export interface ApiDeps {
  store: TokenStore;
  /** The real routes answer from the account of the bearer's grant. */
  accounts: Accounts;
  sandbox: DataSource;
  faults: Faults;
  limiter: RateLimiter;
  stats: ApiStats;
  pageSize: number;
  seriesPageSize: number;
  edgeQuirks: boolean;
}

const ROUTE_RE = /^\/v2\/(sandbox\/)?usercollection\/([^/]+)(?:\/([^/]+))?\/?$/;

export function createApiHandler(deps: ApiDeps) {
  const lists: ListContext = {
    fields: new FieldNames(),
    pageSize: deps.pageSize,
    seriesPageSize: deps.seriesPageSize,
    edgeQuirks: deps.edgeQuirks,
  };

  /**
   * Real latency is the time from request to answer, work included: the
   * answer is made at once and held until `latencyMs` after the request came
   * in, so the emulator's own work does not add to the latency a test asks for.
   */
  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (!url.pathname.startsWith('/v2/')) return false;
    const due = performance.now() + deps.faults.state.latencyMs;
    const reply = answer(req, url);
    const body = reply.body instanceof ListPage ? reply.body.bytes() : JSON.stringify(reply.body);
    const wait = due - performance.now();
    if (wait > 0) await delay(wait);
    sendJsonText(res, reply.status, body, reply.headers);
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
    let source = deps.sandbox;
    // The sandbox takes any bearer string; its requests share one application's layer.
    let clientId = 'sandbox';
    if (!sandbox) {
      const record = deps.store.checkAccess(bearer);
      // A grant restored from a state file may name an account this emulator no longer holds.
      const account =
        typeof record === 'string' ? undefined : deps.accounts.sourceOf(record.userId);
      if (typeof record === 'string' || account === undefined) {
        const detail =
          record === 'expired'
            ? 'The access token has expired.'
            : 'Invalid or revoked access token.';
        return problem(401, 'Unauthorized', detail, {
          'www-authenticate': `Bearer error="invalid_token", error_description="${detail}"`,
        });
      }
      scopes = new Set(record.scopes.map((scope) => canonicalScope(scope) ?? scope));
      source = account;
      clientId = record.clientId;
    }
    const verdict = deps.limiter.take(bearer, clientId);
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
      } else if (spec.kind === 'date') body = listDates(lists, { spec, source, route, q });
      else if (spec.kind === 'datetime') body = listSeries(lists, { spec, source, route, q });
      else body = listConfig(lists, { spec, source, route, q });
      return { status: 200, body, headers };
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error;
      return { status: error.status, body: error.body, headers };
    }
  }

  return { handle };
}
