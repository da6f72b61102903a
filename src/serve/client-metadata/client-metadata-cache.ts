/**
 * Client metadata documents kept in memory for a while, so a burst of
 * /authorize and /token requests from one client costs one fetch, and one
 * client cannot make this server hammer its own (or a victim's) host.
 *
 * How long: the answer's `Cache-Control: max-age`, held between a floor and a
 * ceiling (draft §4.2 lets the server bound it). The floor applies even to
 * `no-store`: that is the price of the protection above, and a client that
 * changes its document waits at most that long. Concurrent requests for a URL
 * not yet cached share one fetch. Failures are not kept: the next request
 * tries again. The cache holds at most `maxEntries`, dropping the least
 * recently used.
 *
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-oauth-client-id-metadata-document#section-4.2
 */
import {
  type ClientMetadata,
  type ClientMetadataFetchOptions,
  type FetchedClientMetadata,
  fetchClientMetadataWithCaching,
} from './client-metadata-document.js';

/** Bounds of the cache; each has a default. */
export interface ClientMetadataCacheOptions {
  /** How the documents are fetched (timeouts, size cap; test-only hooks). */
  fetch?: ClientMetadataFetchOptions;
  /** Documents kept at most; default 1000. */
  maxEntries?: number;
  /** Seconds kept when the answer says nothing; default 300. */
  defaultMaxAgeSeconds?: number;
  /** Least seconds kept, whatever the answer says; default 60. */
  minMaxAgeSeconds?: number;
  /** Most seconds kept, whatever the answer says; default 86400 (a day). */
  maxMaxAgeSeconds?: number;
  /** A monotonic clock in milliseconds; default `performance.now()`. */
  now?: () => number;
  /** The fetch itself; tests may count calls through it. */
  fetchDocument?: (
    clientIdUrl: string,
    options: ClientMetadataFetchOptions,
  ) => Promise<FetchedClientMetadata>;
}

/** A cache of checked client metadata documents, keyed by URL. */
export interface ClientMetadataCache {
  /** The client a URL `client_id` describes: from the cache, or fetched and checked. */
  get(clientIdUrl: string): Promise<ClientMetadata>;
}

/** The `max-age` of a `cache-control` header in seconds; 0 for `no-store`/`no-cache`; undefined when absent. */
export function maxAgeSeconds(cacheControl: string | undefined): number | undefined {
  if (cacheControl === undefined) return undefined;
  const directives = cacheControl
    .toLowerCase()
    .split(',')
    .map((part) => part.trim());
  if (directives.some((d) => d === 'no-store' || d === 'no-cache' || d === 'private')) return 0;
  for (const directive of directives) {
    const match = /^max-age\s*=\s*"?(\d+)"?$/.exec(directive);
    if (match) return Number(match[1]);
  }
  return undefined;
}

/** Makes an empty {@link ClientMetadataCache}. */
export function createClientMetadataCache(
  options: ClientMetadataCacheOptions = {},
): ClientMetadataCache {
  const maxEntries = options.maxEntries ?? 1000;
  const floor = options.minMaxAgeSeconds ?? 60;
  const ceiling = options.maxMaxAgeSeconds ?? 86_400;
  const fallback = options.defaultMaxAgeSeconds ?? 300;
  const now = options.now ?? (() => performance.now());
  const fetchDocument = options.fetchDocument ?? fetchClientMetadataWithCaching;
  const entries = new Map<string, { metadata: ClientMetadata; expiresAt: number }>();
  const pending = new Map<string, Promise<ClientMetadata>>();

  async function load(clientIdUrl: string): Promise<ClientMetadata> {
    const { metadata, cacheControl } = await fetchDocument(clientIdUrl, options.fetch ?? {});
    const seconds = Math.min(ceiling, Math.max(floor, maxAgeSeconds(cacheControl) ?? fallback));
    entries.set(clientIdUrl, { metadata, expiresAt: now() + seconds * 1000 });
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
    return metadata;
  }

  return {
    get(clientIdUrl) {
      const entry = entries.get(clientIdUrl);
      if (entry !== undefined) {
        entries.delete(clientIdUrl);
        if (entry.expiresAt > now()) {
          // Re-inserted last: the Map's order is the least-recently-used order.
          entries.set(clientIdUrl, entry);
          return Promise.resolve(entry.metadata);
        }
      }
      const inFlight = pending.get(clientIdUrl);
      if (inFlight !== undefined) return inFlight;
      const loading = load(clientIdUrl).finally(() => pending.delete(clientIdUrl));
      pending.set(clientIdUrl, loading);
      return loading;
    },
  };
}
