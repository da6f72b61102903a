/**
 * What a request to the proxy may name. Checked on the raw request target,
 * before anything is decoded or resolved, so that no spelling of a path can
 * leave `/v2/` or reach another host:
 * - only origin-form targets (`/path?query`, RFC 9112 §3.2.1); absolute URLs,
 *   `//host` and `*` are refused;
 * - path segments are plain unreserved characters (RFC 3986 §2.3): no
 *   percent-encoding (so no `%2e%2e` or `%2f`), no backslash, no `.` or `..`
 *   segment, no empty segment except a trailing slash. Oura's paths and
 *   document ids need nothing more.
 */
import { isProxyKey } from './key.js';

/** Header a caller may send the key in, instead of the path prefix. */
export const PROXY_KEY_HEADER = 'x-oura-proxy-key';

export type Refusal = { ok: false; status: 400 | 401 | 404 | 405; reason: string };

/** A request whose key checked out: the path below the key prefix, and the query as sent. */
export type Authorized = { ok: true; path: string; query: string };

const SEGMENT = /^[A-Za-z0-9._~-]+$/;
// Printable ASCII except `#`: a query travels to the API as sent.
const QUERY = /^[\x21-\x22\x24-\x7e]*$/;

/**
 * Splits the target and checks the key: the first path segment
 * (`/<key>/v2/...`) or, when `key` is given in the header, the whole path.
 * `key` undefined means no key is required (the owner-only Unix socket).
 */
export function authorize(
  target: string,
  headerKey: string | undefined,
  key: string | undefined,
): Authorized | Refusal {
  if (!target.startsWith('/') || target.startsWith('//')) {
    return { ok: false, status: 400, reason: 'the request target must be a path, not a URL' };
  }
  const at = target.indexOf('?');
  const path = at === -1 ? target : target.slice(0, at);
  const query = at === -1 ? '' : target.slice(at);
  if (!QUERY.test(query)) return { ok: false, status: 400, reason: 'malformed query' };
  if (key === undefined) return { ok: true, path, query };
  const slash = path.indexOf('/', 1);
  const prefix = slash === -1 ? path.slice(1) : path.slice(1, slash);
  if (isProxyKey(prefix, key))
    return { ok: true, path: slash === -1 ? '/' : path.slice(slash), query };
  if (isProxyKey(headerKey, key)) return { ok: true, path, query };
  return { ok: false, status: 401, reason: 'missing or wrong proxy key' };
}

/** Checks an authorized path: well-formed segments only (400), and under `/v2/` (404). */
export function checkApiPath(path: string): Refusal | undefined {
  const segments = path.split('/').slice(1);
  const wellFormed = segments.every(
    (segment, i) =>
      (segment === '' && i === segments.length - 1) ||
      (SEGMENT.test(segment) && segment !== '.' && segment !== '..'),
  );
  if (!wellFormed) {
    return {
      ok: false,
      status: 400,
      reason: 'path segments may hold only letters, digits and . _ ~ - (no dot segments, no %)',
    };
  }
  if (segments[0] !== 'v2' || segments.length < 2) {
    return { ok: false, status: 404, reason: 'only paths under /v2/ are forwarded' };
  }
  return undefined;
}

/** What a log line shows instead of a path segment that could carry the key. */
const HIDDEN = '<hidden>';

/** A run of this many characters of the key is enough to hide a segment (48 bits: no document id shares one by chance). */
const KEY_RUN = 8;

/**
 * The path as it may appear in a log line, for any request target. The query
 * is dropped and a fragment shown as `#<hidden>`; a segment is shown only when
 * it is plain (letters, digits, `. _ ~ -`) and shares no run of eight
 * characters with the key. Anything else could spell the key or a near miss
 * of it: a first segment other than `v2` (where the key goes, so typos land
 * there), percent-encoded (`%2F`, `%41`), matrix (`;k=...`), backslashed or
 * non-ASCII segments. Refused requests lose little by it: their note says
 * what was wrong.
 */
export function loggablePath(target: string, key?: string): string {
  if (!target.startsWith('/')) return '(not a path)';
  const path = target.split(/[?#]/, 1)[0] ?? '';
  // A fragment has no place in a request: say it was there (it is why the request was refused).
  const fragment = target.slice(path.length).startsWith('#') ? `#${HIDDEN}` : '';
  const segments = path
    .split('/')
    .slice(1)
    .map((segment, i) => {
      if (segment === '') return segment;
      if (i === 0) return segment === 'v2' ? segment : HIDDEN;
      if (!SEGMENT.test(segment) || (key !== undefined && sharesRun(segment, key))) return HIDDEN;
      return segment;
    });
  return `/${segments.join('/')}${fragment}`.slice(0, 200);
}

function sharesRun(segment: string, key: string): boolean {
  if (segment.length < KEY_RUN) return false;
  for (let i = 0; i + KEY_RUN <= key.length; i++) {
    if (segment.includes(key.slice(i, i + KEY_RUN))) return true;
  }
  return false;
}
