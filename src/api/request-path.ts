/** The path and query of a raw request (`request`, `paginate`, `oura api`), checked and copied. */
import { UsageError } from '../errors.js';

/** Checks a path given to `request`/`paginate` (and `oura api`): absolute, no scheme or host. */
export function checkPath(path: string): string {
  if (!path.startsWith('/') || path.startsWith('//') || /^\/*[a-z][a-z0-9+.-]*:/i.test(path)) {
    throw new UsageError(
      `the path must start with "/", e.g. /v2/usercollection/personal_info (got "${path}")`,
    );
  }
  return path;
}

/** A copy of the caller's query, so that pagination never changes what the caller holds. */
export function toSearch(
  query: URLSearchParams | Record<string, string> | undefined,
): URLSearchParams {
  if (!query) return new URLSearchParams();
  return query instanceof URLSearchParams ? new URLSearchParams(query) : new URLSearchParams(query);
}
