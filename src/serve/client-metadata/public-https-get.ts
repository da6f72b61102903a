/**
 * One GET to a URL someone else chose (a client's metadata document), made so
 * it cannot be turned against this machine or its network (SSRF):
 *
 * - The host is resolved once and every address it resolves to must be public
 *   (src/net/public-address.ts): one private address among public ones is
 *   enough to refuse, since which one a connection takes is not ours to pick.
 * - The connection goes to the vetted address itself: the `lookup` handed to
 *   `https.request` answers with it instead of asking DNS again, so a name that
 *   resolves elsewhere a moment later (DNS rebinding) cannot move the request.
 *   TLS still names and checks the original host (SNI and certificate).
 * - One deadline covers resolving, connecting, the answer and its body.
 * - Redirects are refused, never followed: their target was never vetted.
 * - The body is counted while it streams and the connection is dropped as soon
 *   as it passes the cap; a declared `content-length` over it is refused unread.
 *
 * Every failure is a {@link ClientMetadataError} naming the URL's origin and
 * what went wrong, never the body.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isPublicAddress } from '../../net/public-address.js';
import { ClientMetadataError } from './client-metadata-error.js';

/** An address as `dns.lookup(host, {all: true})` gives it. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** How a GET to a URL someone else chose is made; every field has a safe default. */
export interface PublicHttpsGetOptions {
  /** Resolves a host name to all its addresses; default `dns.lookup(host, {all: true})`. */
  lookup?: (hostname: string) => Promise<readonly ResolvedAddress[]>;
  /** Trusted CA certificates (PEM) in place of Node's bundled ones (Node's `ca` replaces, not adds); for test servers. */
  ca?: string | Buffer;
  /** The whole exchange, from resolving to the last byte; default 5000 ms. */
  timeoutMs?: number;
  /** The most body bytes read; default 5120 (the draft's suggested 5 KB). */
  maxBytes?: number;
  /** Ends the exchange early when aborted. */
  signal?: AbortSignal;
  /**
   * TESTS ONLY. Lets a non-public address through the address check (which
   * stays on for every other address). With it set, anyone who can pick a URL
   * can reach this machine and its network: never set it outside a test.
   */
  dangerouslyAllowNonPublicAddress?: (address: string) => boolean;
}

/** What a successful GET gave. */
export interface PublicHttpsAnswer {
  body: Buffer;
  headers: IncomingMessage['headers'];
}

/** The draft's suggested limit on a document (draft §4.1: "5 kilobytes"). */
export const DEFAULT_MAX_BYTES = 5 * 1024;
export const DEFAULT_TIMEOUT_MS = 5000;

const defaultLookup = (hostname: string) => dnsLookup(hostname, { all: true, verbatim: true });

/** Resolves `hostname` and returns the address to connect to, if all of them may be used. */
async function vettedAddress(
  hostname: string,
  origin: string,
  options: PublicHttpsGetOptions,
  signal: AbortSignal,
): Promise<ResolvedAddress> {
  const lookup = options.lookup ?? defaultLookup;
  let addresses: readonly ResolvedAddress[];
  try {
    addresses = await raceAbort(lookup(hostname), signal);
  } catch (error) {
    if (signal.aborted) throw abortError(origin, signal, options);
    throw new ClientMetadataError(`The host of ${origin} could not be resolved.`, { cause: error });
  }
  const allowed = (address: string) =>
    isPublicAddress(address) || options.dangerouslyAllowNonPublicAddress?.(address) === true;
  const first = addresses[0];
  if (first === undefined) throw new ClientMetadataError(`The host of ${origin} has no address.`);
  if (!addresses.every(({ address }) => allowed(address))) {
    // The address itself stays out of the message: it would map the private network for the asker.
    throw new ClientMetadataError(
      `The host of ${origin} resolves to an address that is not public (loopback, private, link-local or reserved); it is not fetched.`,
    );
  }
  return first;
}

/** A `lookup` for `https.request` that always answers with the one address already vetted. */
function pinnedLookup({ address, family }: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function abortError(origin: string, signal: AbortSignal, options: PublicHttpsGetOptions) {
  const timedOut = (signal.reason as Error | undefined)?.name === 'TimeoutError';
  return new ClientMetadataError(
    timedOut
      ? `${origin} did not answer within ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms.`
      : `The fetch from ${origin} was cancelled.`,
  );
}

/** Media type `application/json` or any `+json` one (RFC 6839), parameters aside. */
function isJsonType(contentType: string | undefined): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/** Why an answer's head is refused, or undefined. */
function headProblem(response: IncomingMessage, maxBytes: number): string | undefined {
  const status = response.statusCode ?? 0;
  if (status >= 300 && status < 400) {
    return `answered with a redirect (HTTP ${status}), which is not followed`;
  }
  if (status !== 200) return `answered HTTP ${status} instead of 200`;
  if (!isJsonType(response.headers['content-type'])) return 'did not answer with JSON';
  const encoding = response.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
    return 'answered with a content-encoding that was not asked for';
  }
  if (Number(response.headers['content-length'] ?? 0) > maxBytes) {
    return `answered a document larger than ${maxBytes} bytes`;
  }
  return undefined;
}

/**
 * GETs `url` (https only; the caller has checked its shape) under the rules
 * of this module and returns the body, or throws {@link ClientMetadataError}.
 */
export async function publicHttpsGet(
  url: URL,
  options: PublicHttpsGetOptions = {},
): Promise<PublicHttpsAnswer> {
  const origin = url.origin;
  if (url.protocol !== 'https:') throw new ClientMetadataError(`${origin} is not an https URL.`);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const deadline = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  // An IPv6 literal comes bracketed in a URL; neither DNS nor the socket wants the brackets.
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const vetted = await vettedAddress(hostname, origin, options, signal);

  return new Promise<PublicHttpsAnswer>((resolve, reject) => {
    const fail = (message: string, cause?: unknown) => {
      reject(new ClientMetadataError(`${origin} ${message}.`, { cause }));
      req.destroy();
    };
    const req = request({
      host: hostname,
      port: url.port === '' ? 443 : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: { accept: 'application/json', 'accept-encoding': 'identity' },
      lookup: pinnedLookup(vetted),
      // A pooled socket could outlive this check and be reused without it.
      agent: false,
      signal,
      ...(options.ca === undefined ? {} : { ca: options.ca }),
    });
    req.on('error', (error) => {
      if (signal.aborted) {
        reject(abortError(origin, signal, options));
        return;
      }
      const code = (error as NodeJS.ErrnoException).code;
      reject(
        new ClientMetadataError(`${origin} could not be fetched${code ? ` (${code})` : ''}.`, {
          cause: error,
        }),
      );
    });
    req.on('response', (response) => {
      const problem = headProblem(response, maxBytes);
      if (problem) return fail(problem);
      const chunks: Buffer[] = [];
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBytes) return fail(`answered a document larger than ${maxBytes} bytes`);
        chunks.push(chunk);
      });
      response.on('end', () => resolve({ body: Buffer.concat(chunks), headers: response.headers }));
      response.on('error', (error) => {
        if (signal.aborted) reject(abortError(origin, signal, options));
        else fail('broke off the answer', error);
      });
    });
    req.end();
  });
}
