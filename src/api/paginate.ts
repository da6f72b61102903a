/**
 * Follows Oura's `next_token` pagination (`{data: [...], next_token}`).
 *
 * The token is sent together with the original query (range, fields): peers
 * report both styles work, and resending keeps a server that checks the range
 * on every page satisfied. A token seen twice means the server would loop
 * forever, so we stop with an error.
 */
import { PaginationLoopError, ValidationError } from './errors.js';
import type { Http, RequestMeta } from './http.js';

/** One page of a list route: its documents (or what a scanner read) and the token of the next page, if any. */
export interface Page<S = never> {
  data: unknown[] | S;
  next: string | undefined;
}

/**
 * Reads a page's body (UTF-8 bytes) without `JSON.parse` when it recognises
 * it: its rows and its `next_token`; undefined for any other body, which is
 * then parsed (and checked) as JSON.
 */
export type PageScanner<S> = (body: Uint8Array) => { data: S; next: string | null } | undefined;

/** As the transport's `text()` decodes (Buffer#toString): a byte-order mark stays, and JSON.parse refuses it. */
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** A page a scanner read: JSON.parse never makes one, so it is told apart from any body. */
class Scanned<S> {
  constructor(readonly page: { data: S; next: string | null }) {}
}

/** Asks for one page (the first, or the one `token` names). */
export async function onePage<S = never>(
  http: Http,
  path: string,
  query: URLSearchParams,
  meta: RequestMeta = {},
  token?: string,
  scan?: PageScanner<S>,
): Promise<Page<S>> {
  const q = new URLSearchParams(query);
  if (token !== undefined) q.set('next_token', token);
  const parse =
    scan &&
    ((body: Uint8Array) => {
      const scanned = scan(body);
      return scanned ? new Scanned(scanned) : JSON.parse(utf8.decode(body));
    });
  const body = await http.getJson(path, q, parse ? { ...meta, parse } : meta);
  if (body instanceof Scanned) {
    const { data, next } = (body as Scanned<S>).page;
    return { data, next: next !== null && next !== '' ? next : undefined };
  }
  if (!body || typeof body !== 'object' || !Array.isArray((body as { data?: unknown }).data)) {
    throw new ValidationError({
      method: 'GET',
      path,
      status: 200,
      detail: 'expected a list response {data: [...], next_token}',
    });
  }
  const page = body as { data: unknown[]; next_token?: unknown };
  const next = page.next_token;
  return { data: page.data, next: typeof next === 'string' && next !== '' ? next : undefined };
}

/**
 * Yields the `data` array of each page until `next_token` is null or absent;
 * given `token` (the next token of a page already read), from the page it names.
 * Given `scan`, a page it recognises yields what it read instead.
 */
export async function* pages<S = never>(
  http: Http,
  path: string,
  query: URLSearchParams,
  meta: RequestMeta = {},
  token?: string,
  scan?: PageScanner<S>,
): AsyncGenerator<unknown[] | S> {
  const seen = new Set<string>(token === undefined ? [] : [token]);
  let next = token;
  for (;;) {
    const page = await onePage(http, path, query, meta, next, scan);
    yield page.data;
    if (page.next === undefined) return;
    if (seen.has(page.next)) throw new PaginationLoopError({ method: 'GET', path });
    seen.add(page.next);
    next = page.next;
  }
}

/**
 * Runs `load` for each item of `items` with at most `ahead` loads started but
 * not yet consumed, and yields their results in the order of `items`. Memory
 * stays bounded by `ahead` results whatever the number of items.
 */
export async function* orderedPrefetch<I, R>(
  items: readonly I[],
  load: (item: I) => Promise<R>,
  ahead: number,
): AsyncGenerator<R> {
  const queue: Promise<R>[] = [];
  let next = 0;
  const fill = () => {
    while (queue.length < ahead && next < items.length) {
      const promise = load(items[next++] as I);
      // Marked handled now; the rejection is rethrown when its turn comes.
      promise.catch(() => {});
      queue.push(promise);
    }
  };
  fill();
  while (queue.length > 0) {
    const result = await (queue.shift() as Promise<R>);
    fill();
    yield result;
  }
}
